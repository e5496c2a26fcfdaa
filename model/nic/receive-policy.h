/*
 * What a NIC's responder does with a data packet that is not the next one in order: the
 * strategy that makes a NIC a standard RoCE NIC (go-back-N) or a SuperNIC (placement).
 */
#ifndef FABRIC_RECEIVE_POLICY_H
#define FABRIC_RECEIVE_POLICY_H

#include "queue-pair.h"

#include "ns3/object.h"

#include <cstdint>

namespace ns3
{
namespace fabric
{

/**
 * @brief The responder side of a NIC as a receive policy acts on it (RdmaNic implements it).
 */
class ResponderOps
{
public:
    /// Count a data packet discarded because it is beyond ePSN.
    virtual void CountOutOfOrderDiscard() = 0;
    /// @return true when an in-order responder also sends a CNP on a PSN gap
    /// (RdmaNic::CnpOnOutOfOrder)
    virtual bool CnpOnOutOfOrder() const = 0;
    /// Send a CNP toward @p qp's requester unless one went out within the CNP interval.
    virtual void SendCnp(ResponderQp& qp) = 0;
    /// Send a NAK (PSN sequence error) for @p qp's ePSN.
    virtual void SendNak(ResponderQp& qp) = 0;
    /// @return @p qp's reordering state (PSNs placed beyond ePSN), lent if it has none
    virtual ReorderState& LendReorder(ResponderQp& qp) = 0;
    /// Complete every message of @p qp that ePSN has passed; @return how many
    virtual uint32_t CompleteReceived(ResponderQp& qp) = 0;
    /// Take back @p qp's reordering state if it holds nothing.
    virtual void ReturnReorderIfEmpty(ResponderQp& qp) = 0;

protected:
    ~ResponderOps() = default;
};

/**
 * @brief How a responder treats a data packet that is not simply the next in order: a PSN
 * beyond ePSN, or any new PSN while PSNs beyond ePSN are held.
 *
 * The NIC handles the common case itself (the packet at ePSN with nothing held beyond, and
 * duplicates), so a policy costs nothing on that path; it is asked only when packets are
 * reordered or lost. Chosen per NIC by RdmaNic's ReceiveMode attribute (or SetReceivePolicy),
 * as ns-3's TcpSocketBase holds its recovery ops.
 */
class ReceivePolicy : public Object
{
public:
    static TypeId GetTypeId();

    /// @return the policy's name ("InOrder", "OutOfOrder": the ReceiveMode values)
    virtual const char* GetName() const = 0;

    /// @return true when the responder may hold PSNs beyond ePSN, so that its ACKs can report
    /// how many (RdmaNic::SelectiveAck)
    virtual bool HoldsBeyondExpected() const = 0;

    /**
     * A new data packet (not a duplicate) that is not the next in order.
     * @param nic the responder
     * @param qp its queue pair
     * @param psn the packet's PSN (unwrapped; not below ePSN)
     * @param last whether it ends its message
     * @param payload its payload bytes
     * @param completed set to true when messages completed
     * @return true if the packet was accepted, false if it was discarded
     */
    virtual bool Receive(ResponderOps& nic,
                         ResponderQp& qp,
                         uint32_t psn,
                         bool last,
                         uint32_t payload,
                         bool& completed)
        = 0;
};

/**
 * @brief Standard RoCE: a packet beyond ePSN is discarded and answered by one NAK (PSN
 * sequence error) until ePSN arrives; the requester goes back to ePSN (go-back-N).
 */
class GoBackNReceive : public ReceivePolicy
{
public:
    static TypeId GetTypeId();

    const char* GetName() const override { return "InOrder"; }

    bool HoldsBeyondExpected() const override { return false; }

    bool Receive(ResponderOps& nic,
                 ResponderQp& qp,
                 uint32_t psn,
                 bool last,
                 uint32_t payload,
                 bool& completed) override;
};

/**
 * @brief SuperNIC-style placement: any new PSN is placed and remembered in a bitmap; ePSN
 * advances over what was placed when the hole fills, and a message completes when all its
 * packets are placed. No NAK is sent for reordering.
 */
class PlacementReceive : public ReceivePolicy
{
public:
    static TypeId GetTypeId();

    const char* GetName() const override { return "OutOfOrder"; }

    bool HoldsBeyondExpected() const override { return true; }

    bool Receive(ResponderOps& nic,
                 ResponderQp& qp,
                 uint32_t psn,
                 bool last,
                 uint32_t payload,
                 bool& completed) override;
};

} // namespace fabric
} // namespace ns3

#endif
