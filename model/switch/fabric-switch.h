/*
 * A fabric switch: ports, a shared buffer, a forwarding table and a routing policy.
 */
#ifndef FABRIC_FABRIC_SWITCH_H
#define FABRIC_FABRIC_SWITCH_H

#include "ecn-marking.h"
#include "model/routing/forwarding-table.h"
#include "model/routing/routing-policy.h"
#include "switch-policies.h"
#include "switch-port.h"

#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <vector>

namespace ns3
{
namespace fabric
{

struct RoceFields;

/**
 * @brief A switch node (store-and-forward, one pipeline latency per hop).
 *
 * For each frame: peek the RoCEv2 headers once, look up the destination's equal-cost group in
 * the ForwardingTable, let the RoutingPolicy pick the egress port, admit the frame into the
 * shared buffer or drop it with a named reason, and queue it at the egress port's priority
 * (DSCP >> 3, so DSCP 26 = RoCE -> priority 3 and DSCP 48 = CNP -> priority 6).
 *
 * Optional mechanisms (attributes, read when the first port is added, which makes the policy
 * objects: EgressMarking for ECN and telemetry, IngressAdmission for PFC), each independent of
 * the congestion control the NICs run:
 * - ECN (the DCQCN congestion point): when it leaves the egress queue (EcnOnDequeue; or on
 *   arrival), an ECN-capable data frame is marked CE with
 *   the probability of the Kmin/Kmax/Pmax ramp on the egress queue's bytes.
 * - PFC on the lossless priority: bytes held per (ingress port, priority) are counted; above a
 *   dynamic threshold (PfcAlpha x free buffer) the switch sends a pause frame upstream on that
 *   ingress port and refreshes it while the threshold is exceeded; below it minus
 *   PfcResumeOffset it sends a resume. Lossless frames are never dropped: they may use the
 *   headroom beyond BufferSize (the peak headroom use is counted).
 * - Telemetry: a data frame whose BTH telemetry flag is set gets one TelemetryHop appended
 *   (egress queue bytes, egress port tx bytes, time, rate).
 */
class FabricSwitch
    : public Node
    , public PortView
{
public:
    /// Why a switch dropped a frame.
    enum DropReason : uint8_t
    {
        DROP_NO_ROUTE = 0, //!< no forwarding entry for the destination
        DROP_BUFFER_FULL,  //!< the shared buffer had no room
        DROP_NOT_ROCE,     //!< neither RoCEv2 nor a PFC frame
        DROP_NO_LIVE_PATH, //!< every path toward the destination leads to a known-failed link
        DROP_REASON_COUNT  //!< number of reasons
    };

    /// Names of the drop reasons, indexed by DropReason.
    static constexpr const char* DROP_REASON_NAMES[DROP_REASON_COUNT]
        = {"no-route", "buffer-full", "not-roce", "no-live-path"};

    static TypeId GetTypeId();
    FabricSwitch();

    /**
     * Add a port and attach it to this node.
     * @param port the port
     * @return its index on this switch
     */
    uint16_t AddPort(Ptr<SwitchPort> port);

    /// @return number of ports
    uint16_t GetNPorts() const final { return static_cast<uint16_t>(m_ports.size()); }

    /// @return port @p i
    Ptr<SwitchPort> GetPort(uint16_t i) const { return m_ports[i]; }

    /// @return bytes queued on port @p i (routing policies read this)
    uint64_t GetPortQueuedBytes(uint16_t i) const { return m_ports[i]->GetQueuedBytes(); }

    /// @return bytes port @p i still has to send at time @p now (the current time): its queues
    /// plus the frame on the wire
    uint64_t GetPortBacklogBytes(uint16_t i, Time now) const final
    {
        return m_ports[i]->GetQueuedBytes() + m_ports[i]->GetBytesOnWire(now);
    }

    /// @return the forwarding table, to fill
    ForwardingTable& GetForwardingTable() { return m_table; }

    /// @return the forwarding table
    const ForwardingTable& GetForwardingTable() const final { return m_table; }

    /// @return bytes port @p i has sent since the start
    uint64_t GetPortTxBytes(uint16_t i) const final;

    /// @return the switch at the other end of port @p i's cable, or nullptr
    const PortView* GetPeerSwitch(uint16_t i) const final;

    /// Set the routing policy.
    void SetRoutingPolicy(Ptr<RoutingPolicy> policy) { m_routing = policy; }

    /// @return the routing policy
    Ptr<RoutingPolicy> GetRoutingPolicy() const { return m_routing; }

    /// @return number of ports whose link is down now
    uint16_t GetNPortsDown() const { return m_portsDown; }

    /**
     * @return true when this switch no longer chooses port @p i: its link is down and has been
     * for at least the routing policy's FailoverDelay
     */
    bool IsPortKnownDown(uint16_t i) const;

    /// Set the switch's tier (0 = leaf/ToR, 1 = spine, 2 = core), for reports.
    void SetTier(uint8_t tier) { m_tier = tier; }

    /// @return the switch's tier
    uint8_t GetTier() const { return m_tier; }

    /// @return the random stream used for ECN marking and routing tie-breaks (created on first
    /// use: an ECMP-only fabric of thousands of switches never pays for it)
    Ptr<UniformRandomVariable> GetRandom() const final;

    /// Handle a frame arriving on @p inPort (called by the port).
    void Receive(SwitchPort& inPort, const Ptr<Packet>& p);

    /// A frame left the queues of @p port: release its buffer space.
    void NotifyDequeue(SwitchPort& port, const QueuedPacket& entry, uint8_t prio);

    /// Per-switch counters.
    struct Counters
    {
        uint64_t forwarded {0};                           //!< frames queued for egress
        std::array<uint64_t, DROP_REASON_COUNT> drops {}; //!< frames dropped, by reason
        uint64_t bufferPeakBytes {0};                     //!< highest shared-buffer occupancy
        uint64_t headroomPeakBytes {0};                   //!< highest use beyond BufferSize
        uint64_t ecnMarked {0};                           //!< frames marked CE
        uint64_t pauseFramesSent {0};                     //!< PFC pause frames sent (incl. refresh)
        uint64_t resumeFramesSent {0};                    //!< PFC resume frames sent
        uint64_t pfcFramesReceived {0};                   //!< PFC frames received
        uint64_t telemetryStamped {0};                    //!< telemetry records appended
    };

    /// @return the counters
    Counters GetCounters() const
    {
        Counters c = m_counters;
        c.forwarded = m_forwarded;
        c.bufferPeakBytes = m_bufferPeakBytes;
        return c;
    }

    /// @return bytes in the shared buffer now
    uint64_t GetBufferUsedBytes() const { return m_bufferUsed; }

    /// @return the ECN marking ramp
    const EcnMarking& GetEcnMarking() const { return m_ecn; }

    /// @return the shared buffer size in bytes (set when the first port is added)
    uint64_t GetBufferSizeBytes() const { return m_bufferBytes; }

    /**
     * Add an egress marker (after those the attributes chose: telemetry, then ECN); markers
     * see a frame in the order they were added.
     * @param marker the marker
     */
    void AddEgressMarking(Ptr<EgressMarking> marker);

    /// @return the egress markers, in order
    std::vector<Ptr<EgressMarking>> GetEgressMarkings() const;

    /// Use @p admission for the lossless priority (replaces PFC from the attributes).
    void SetIngressAdmission(Ptr<IngressAdmission> admission);

    /// @return the ingress admission, or nullptr (every frame may be dropped for buffer)
    Ptr<IngressAdmission> GetIngressAdmission() const { return m_admission; }

    /// Send a pause (quanta > 0) or resume (0) of the lossless priority upstream on @p port.
    void SendPfc(uint16_t port, uint16_t quanta);

    /// Count a frame marked CE (by an egress marker).
    void CountEcnMarked() { m_counters.ecnMarked++; }

    /// Count a telemetry record appended (by an egress marker).
    void CountTelemetryStamped() { m_counters.telemetryStamped++; }

    /**
     * Assign a fixed random stream number (reproducibility, as ns-3's AssignStreams).
     * @return number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

protected:
    void DoDispose() override;

private:
    /// A port's link went down or came up.
    void PortLinkChanged();
    /// @return the ports of @p group this switch still chooses (a group of a scratch vector)
    EcmpGroup LivePorts(const EcmpGroup& group);

    /// Count and trace a dropped frame.
    void Drop(const Ptr<Packet>& p, DropReason reason);
    /// Handle a PFC frame received on @p inPort.
    void ReceivePfc(SwitchPort& inPort, const Ptr<Packet>& p);
    /// Make the policy objects the attributes ask for (at the first port).
    void ChoosePolicies();

    // What every frame reads or writes comes first, so that a frame's pass through the switch
    // touches few cache lines (the switch objects of a large fabric do not stay in cache).
    ForwardingTable m_table;              //!< destination -> equal-cost egress ports
    Ptr<RoutingPolicy> m_routing;         //!< egress choice among equal-cost ports
    std::vector<Ptr<SwitchPort>> m_ports; //!< ports by index
    uint64_t m_bufferBytes {0};           //!< shared buffer size in bytes
    uint64_t m_bufferUsed {0};            //!< bytes of queued frames
    uint64_t m_forwarded {0};             //!< frames queued for egress (Counters::forwarded)
    uint64_t m_bufferPeakBytes {0};       //!< Counters::bufferPeakBytes
    bool m_ecnEnabled {false};            //!< mark ECN
    bool m_ecnOnDequeue {true};           //!< mark when leaving the queue, not on arrival
    bool m_pfcEnabled {false};            //!< PFC on the lossless priority
    bool m_telemetryEnabled {false};      //!< append telemetry to flagged frames
    uint16_t m_portsDown {0};             //!< ports whose link is down
    uint8_t m_losslessPriority {3};       //!< PFC priority (RoCE on NVIDIA switches)
    /// The priority m_admission holds lossless (NO_PRIORITY: none; compared per frame).
    uint8_t m_lossless {NO_PRIORITY};
    static constexpr uint8_t NO_PRIORITY = 0xff; //!< no lossless priority
    /// Bytes above which a frame leaving a queue is shown to the dequeue markers (the least of
    /// their thresholds; compared per frame).
    uint64_t m_dequeueMarkAbove {UINT64_MAX};
    std::vector<Ptr<EgressMarking>> m_enqueueMarkers; //!< markers that see every queued frame
    std::vector<Ptr<EgressMarking>> m_dequeueMarkers; //!< markers shown deep-queue departures
    Ptr<IngressAdmission> m_admission;                //!< lossless admission (PFC), or null
    /// Trace: frame, ingress port, egress port.
    TracedCallback<Ptr<const Packet>, uint16_t, uint16_t> m_forwardTrace;

    Time m_latency;                              //!< pipeline latency per hop
    QueueSize m_bufferSize;                      //!< shared buffer size
    uint8_t m_tier {0};                          //!< 0 leaf, 1 spine, 2 core
    Counters m_counters;                         //!< counters (but the two above)
    mutable Ptr<UniformRandomVariable> m_random; //!< ECN marking and tie-break draws
    int64_t m_stream {-1};                       //!< assigned stream, or -1
    std::vector<uint16_t> m_live;                //!< scratch: live ports of a group

    QueueSize m_ecnKmin;         //!< ramp start
    QueueSize m_ecnKmax;         //!< ramp end
    double m_ecnPmax {0.2};      //!< probability at Kmax
    EcnMarking m_ecn;            //!< the ramp in bytes
    double m_pfcAlpha {0.125};   //!< dynamic threshold factor
    QueueSize m_pfcResumeOffset; //!< hysteresis below the threshold
    Time m_pfcRefresh;           //!< pause refresh period
    Time m_telemetryWindow;      //!< utilization window of telemetry records

    /// Trace: frame, drop reason name.
    TracedCallback<Ptr<const Packet>, const char*> m_dropTrace;
};

} // namespace fabric
} // namespace ns3

#endif
