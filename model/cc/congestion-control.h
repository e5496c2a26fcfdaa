/*
 * Base class of the per-queue-pair congestion-control strategies.
 */
#ifndef FABRIC_CONGESTION_CONTROL_H
#define FABRIC_CONGESTION_CONTROL_H

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>

namespace ns3
{
namespace fabric
{

/**
 * @brief What an acknowledgement tells the sender.
 */
class TelemetryHeader;

struct AckEvent
{
    uint64_t ackedBytes {0};    //!< payload bytes newly acknowledged
    uint32_t ackedPsn {0};      //!< cumulative: every PSN below this one is acknowledged
    uint64_t inflightBytes {0}; //!< payload bytes in flight after this ACK (sent, neither
                                //!< acknowledged nor reported held by the receiver)
    uint32_t nextPsn {0};       //!< next PSN the requester will send (HPCC\'s snd_nxt)
    Time rtt {0};               //!< sample: now minus the send time of the acknowledged packet
    const TelemetryHeader* telemetry {nullptr}; //!< per-hop telemetry echoed, if any
};

/**
 * @brief An algorithm's parameters, shared by a prototype and the copies made of it (copying
 * the holder shares them), and made one object's own when that object changes one: a NIC's
 * queue pairs hold copies of one prototype, so they keep one set of parameters, not one each.
 */
template<typename P>
class SharedParams
{
public:
    SharedParams()
        : m_params(Create<P>())
    {
    }

    /// @return the parameters, for reading
    const P* operator->() const { return PeekPointer(m_params); }

    /// @return the parameters, made this holder's own first if shared (attribute setters)
    P& Own()
    {
        if (m_params->GetReferenceCount() > 1)
        {
            m_params = Create<P>(*m_params);
        }
        return *m_params;
    }

private:
    Ptr<P> m_params; //!< shared while no holder has changed them
};

/**
 * @brief Congestion control of one queue pair: a strategy object the NIC consults for the
 * QP's sending rate and, for window-based algorithms, its window.
 *
 * One instance per queue pair, created from a TypeId by the NIC. Subclasses react to the
 * hooks; the NIC paces the QP at GetRateBps() and stops it while GetWindowBytes() (if non-zero)
 * is reached. The switch never knows which algorithm runs.
 */
class CongestionControl : public Object
{
public:
    static TypeId GetTypeId();
    CongestionControl();

    /**
     * Start the algorithm for a new queue pair.
     * @param lineRateBps the NIC's line rate
     * @param baseRtt round-trip time of the idle path (estimate)
     */
    void Start(uint64_t lineRateBps, Time baseRtt);

    /// @return the current sending rate, bits per second
    uint64_t GetRateBps() const { return m_rateBps; }

    /// @return the current window in payload bytes; 0 means no window
    uint64_t GetWindowBytes() const { return m_windowBytes; }

    /**
     * Start over as for a new queue pair, at the line rate and base RTT given to Start: the
     * NIC calls it when data is posted on a queue pair that has been idle (everything sent
     * acknowledged) for RdmaNic::CcIdleRestart.
     */
    void Restart()
    {
        m_rateBps = m_lineRateBps;
        DoRestart();
    }

    /**
     * @return how long a queue pair must have had nothing in flight for the NIC to Restart
     * this algorithm when it is given data again (0, the default: never; the state carries
     * over idle time). RdmaNic::CcIdleRestart overrides it.
     */
    virtual Time GetIdleRestart() const { return Time(0); }

    /// A data packet of @p payloadBytes left the NIC.
    virtual void OnSend(uint32_t payloadBytes);

    /// An ACK arrived.
    virtual void OnAck(const AckEvent& ack);

    /// A NAK (sequence error) arrived.
    virtual void OnNak();

    /// A congestion notification packet arrived.
    virtual void OnCnp();

    /// Set what to call when the algorithm raises its rate on its own (a timer), not in
    /// answer to a hook: the NIC's pacer then looks at the queue pair again.
    void SetRateRaisedCallback(Callback<void> cb) { m_rateRaised = cb; }

    /// @return the algorithm's short name, e.g. "dcqcn"
    virtual const char* GetName() const = 0;

    /**
     * @return a new instance configured as this one (same attributes), not started; null
     * when the algorithm cannot be copied. The NIC makes one instance from its TypeId and
     * copies it for every queue pair: ns-3's attribute construction costs ~4,500
     * instructions per object, a copy a few hundred. Call it only on an instance that was
     * never started.
     */
    virtual Ptr<CongestionControl> Clone() const { return nullptr; }

    /**
     * @return true when the algorithm keeps no state of its own per queue pair (its rate is
     * always the line rate, it has no window and ignores every hook), so that one instance
     * can serve every queue pair of a NIC (an idle queue pair then costs no object)
     */
    virtual bool IsStateless() const { return false; }

    /**
     * @return true when Restart leaves nothing of the old state that a new instance, started
     * as this one was, would not have. The NIC then frees the instance of a queue pair idle
     * past the restart time (GetIdleRestart, or RdmaNic::CcIdleRestart) and makes a new one
     * when data comes, so that an idle connection holds no congestion control; the results
     * are those of keeping it and restarting it. False (the default): every instance lives as
     * long as its queue pair.
     */
    virtual bool ForgetsOnRestart() const { return false; }

    /// @return true when data packets should carry a telemetry header for switches to fill
    /// (the switches must stamp telemetry: FabricSwitch::TelemetryEnabled)
    virtual bool WantsTelemetry() const { return false; }

    /// @return true when the algorithm reacts to ECN marks (CNPs), so the switches must mark
    /// (FabricSwitch::EcnEnabled); without marking it never slows down
    virtual bool NeedsEcnMarking() const { return false; }

protected:
    /// Subclass hook after Start set the line rate and base RTT.
    virtual void DoStart();

    /// Subclass hook of Restart: forget everything learnt since Start (the default: DoStart).
    virtual void DoRestart() { DoStart(); }

    /// Tell the NIC that the rate rose outside a hook (see SetRateRaisedCallback).
    void NotifyRateRaised()
    {
        if (!m_rateRaised.IsNull())
        {
            m_rateRaised();
        }
    }

    uint64_t m_lineRateBps {0};  //!< NIC line rate
    uint64_t m_rateBps {0};      //!< current rate
    uint64_t m_windowBytes {0};  //!< current window (0 = none)
    Time m_baseRtt {0};          //!< idle-path round-trip time
    Callback<void> m_rateRaised; //!< the NIC's pacer, told of timer-driven increases
};

/**
 * @brief No congestion control: send at line rate, no window (PFC or drops handle overload).
 */
class NoCongestionControl : public CongestionControl
{
public:
    static TypeId GetTypeId();

    const char* GetName() const override { return "none"; }

    bool IsStateless() const override { return true; }

    Ptr<CongestionControl> Clone() const override { return CopyObject<NoCongestionControl>(this); }
};

} // namespace fabric
} // namespace ns3

#endif
