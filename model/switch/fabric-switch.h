/*
 * A fabric switch: ports, a shared buffer, a forwarding table and a routing policy.
 */
#ifndef FABRIC_FABRIC_SWITCH_H
#define FABRIC_FABRIC_SWITCH_H

#include "model/routing/forwarding-table.h"
#include "model/routing/routing-policy.h"
#include "switch-port.h"

#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/queue-size.h"
#include "ns3/traced-callback.h"

#include <array>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief A switch node (store-and-forward, one pipeline latency per hop).
 *
 * For each frame: peek the RoCEv2 headers once, look up the destination's equal-cost group in
 * the ForwardingTable, let the RoutingPolicy pick the egress port, admit the frame into the
 * shared buffer or drop it with a named reason, and queue it at the egress port's priority
 * (DSCP >> 3, so DSCP 26 = RoCE -> priority 3 and DSCP 48 = CNP -> priority 6).
 */
class FabricSwitch : public Node
{
public:
    /// Why a switch dropped a frame.
    enum DropReason : uint8_t
    {
        DROP_NO_ROUTE = 0, //!< no forwarding entry for the destination
        DROP_BUFFER_FULL,  //!< the shared buffer had no room
        DROP_NOT_ROCE,     //!< neither RoCEv2 nor a PFC frame
        DROP_REASON_COUNT  //!< number of reasons
    };

    /// Names of the drop reasons, indexed by DropReason.
    static constexpr const char* DROP_REASON_NAMES[DROP_REASON_COUNT]
        = {"no-route", "buffer-full", "not-roce"};

    static TypeId GetTypeId();
    FabricSwitch();

    /**
     * Add a port and attach it to this node.
     * @param port the port
     * @return its index on this switch
     */
    uint16_t AddPort(Ptr<SwitchPort> port);

    /// @return number of ports
    uint16_t GetNPorts() const { return static_cast<uint16_t>(m_ports.size()); }

    /// @return port @p i
    Ptr<SwitchPort> GetPort(uint16_t i) const { return m_ports[i]; }

    /// @return bytes queued on port @p i (routing policies read this)
    uint64_t GetPortQueuedBytes(uint16_t i) const { return m_ports[i]->GetQueuedBytes(); }

    /// @return the forwarding table, to fill
    ForwardingTable& GetForwardingTable() { return m_table; }

    /// @return the forwarding table
    const ForwardingTable& GetForwardingTable() const { return m_table; }

    /// Set the routing policy.
    void SetRoutingPolicy(Ptr<RoutingPolicy> policy) { m_routing = policy; }

    /// @return the routing policy
    Ptr<RoutingPolicy> GetRoutingPolicy() const { return m_routing; }

    /// Set the switch's tier (0 = leaf/ToR, 1 = spine, 2 = core), for reports.
    void SetTier(uint8_t tier) { m_tier = tier; }

    /// @return the switch's tier
    uint8_t GetTier() const { return m_tier; }

    /// Handle a frame arriving on @p inPort (called by the port).
    void Receive(SwitchPort& inPort, Ptr<Packet> p);

    /// A frame left the queues of @p port: release its buffer space.
    void NotifyDequeue(SwitchPort& port, const QueuedPacket& entry, uint8_t prio);

    /// Per-switch counters.
    struct Counters
    {
        uint64_t forwarded {0};                           //!< frames queued for egress
        std::array<uint64_t, DROP_REASON_COUNT> drops {}; //!< frames dropped, by reason
        uint64_t bufferPeakBytes {0};                     //!< highest shared-buffer occupancy
    };

    /// @return the counters
    const Counters& GetCounters() const { return m_counters; }

    /// @return bytes in the shared buffer now
    uint64_t GetBufferUsedBytes() const { return m_bufferUsed; }

protected:
    void DoDispose() override;

private:
    /// Count and trace a dropped frame.
    void Drop(Ptr<const Packet> p, DropReason reason);

    std::vector<Ptr<SwitchPort>> m_ports; //!< ports by index
    ForwardingTable m_table;              //!< destination -> equal-cost egress ports
    Ptr<RoutingPolicy> m_routing;         //!< egress choice among equal-cost ports
    Time m_latency;                       //!< pipeline latency per hop
    QueueSize m_bufferSize;               //!< shared buffer size
    uint64_t m_bufferBytes {0};           //!< shared buffer size in bytes
    uint64_t m_bufferUsed {0};            //!< bytes of queued frames
    uint8_t m_tier {0};                   //!< 0 leaf, 1 spine, 2 core
    Counters m_counters;                  //!< counters

    /// Trace: frame, ingress port, egress port.
    TracedCallback<Ptr<const Packet>, uint16_t, uint16_t> m_forwardTrace;
    /// Trace: frame, drop reason name.
    TracedCallback<Ptr<const Packet>, const char*> m_dropTrace;
};

} // namespace fabric
} // namespace ns3

#endif
