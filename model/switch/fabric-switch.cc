/*
 * A fabric switch: ports, a shared buffer, a forwarding table and a routing policy.
 */
#include "fabric-switch.h"

#include "model/headers/pfc-pause-header.h"
#include "model/headers/roce-header.h"
#include "model/headers/telemetry-header.h"
#include "model/sim/fabric-simulator-impl.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("FabricSwitch");
NS_OBJECT_ENSURE_REGISTERED(FabricSwitch);

TypeId
FabricSwitch::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::FabricSwitch")
              .SetParent<Node>()
              .SetGroupName("Fabric")
              .AddConstructor<FabricSwitch>()
              .AddAttribute("Latency",
                            "Port-to-port pipeline latency, added once per hop (Spectrum-4 does "
                            "not publish it; 600 ns is an assumption).",
                            TimeValue(NanoSeconds(600)),
                            MakeTimeAccessor(&FabricSwitch::m_latency),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("BufferSize",
                            "Shared packet buffer of the switch (Spectrum-4: 128-160 MB reported "
                            "by secondary sources).",
                            QueueSizeValue(QueueSize("128MiB")),
                            MakeQueueSizeAccessor(&FabricSwitch::m_bufferSize),
                            MakeQueueSizeChecker())
              .AddAttribute("RoutingPolicy",
                            "Egress choice among equal-cost ports.",
                            PointerValue(),
                            MakePointerAccessor(&FabricSwitch::m_routing),
                            MakePointerChecker<RoutingPolicy>())
              .AddAttribute("EcnEnabled",
                            "Mark ECN-capable data frames CE on the Kmin/Kmax/Pmax ramp.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&FabricSwitch::m_ecnEnabled),
                            MakeBooleanChecker())
              .AddAttribute("EcnOnDequeue",
                            "Mark a frame when it leaves the egress queue, judged by the queue "
                            "it leaves behind (as the ns-3 switches of HPCC and ConWeave do), "
                            "instead of when it arrives (the DCQCN paper's CP). A mark made on "
                            "arrival waits behind the whole queue before the receiver sees it, "
                            "which adds the queueing delay to DCQCN's feedback loop.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&FabricSwitch::m_ecnOnDequeue),
                            MakeBooleanChecker())
              .AddAttribute("EcnKmin",
                            "Egress queue bytes where marking starts (400G reference-simulator "
                            "default 800 KB).",
                            QueueSizeValue(QueueSize("800KB")),
                            MakeQueueSizeAccessor(&FabricSwitch::m_ecnKmin),
                            MakeQueueSizeChecker())
              .AddAttribute("EcnKmax",
                            "Egress queue bytes where marking reaches Pmax (3200 KB); above it "
                            "every frame is marked.",
                            QueueSizeValue(QueueSize("3200KB")),
                            MakeQueueSizeAccessor(&FabricSwitch::m_ecnKmax),
                            MakeQueueSizeChecker())
              .AddAttribute("EcnPmax",
                            "Marking probability at Kmax.",
                            DoubleValue(0.2),
                            MakeDoubleAccessor(&FabricSwitch::m_ecnPmax),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("PfcEnabled",
                            "Priority flow control on the lossless priority.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&FabricSwitch::m_pfcEnabled),
                            MakeBooleanChecker())
              .AddAttribute("LosslessPriority",
                            "Priority protected by PFC (3: RoCE on NVIDIA switches).",
                            UintegerValue(3),
                            MakeUintegerAccessor(&FabricSwitch::m_losslessPriority),
                            MakeUintegerChecker<uint8_t>(0, 7))
              .AddAttribute("PfcAlpha",
                            "Dynamic pause threshold: an ingress port pauses its upstream when "
                            "it holds more than PfcAlpha x the free shared buffer.",
                            DoubleValue(0.125),
                            MakeDoubleAccessor(&FabricSwitch::m_pfcAlpha),
                            MakeDoubleChecker<double>(1e-6, 64.0))
              .AddAttribute("PfcResumeOffset",
                            "Resume once the ingress bytes fall this far below the threshold.",
                            QueueSizeValue(QueueSize("32KiB")),
                            MakeQueueSizeAccessor(&FabricSwitch::m_pfcResumeOffset),
                            MakeQueueSizeChecker())
              .AddAttribute("PfcRefresh",
                            "Re-send a pause this often while the port stays above threshold "
                            "(a pause of 65535 quanta lasts 83.9 us at 400 Gb/s).",
                            TimeValue(MicroSeconds(40)),
                            MakeTimeAccessor(&FabricSwitch::m_pfcRefresh),
                            MakeTimeChecker(NanoSeconds(1)))
              .AddAttribute("TelemetryEnabled",
                            "Append a telemetry record to data frames that ask for one.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&FabricSwitch::m_telemetryEnabled),
                            MakeBooleanChecker())
              .AddAttribute("TelemetryWindow",
                            "Window over which a port's transmit utilization is measured for "
                            "telemetry records.",
                            TimeValue(MicroSeconds(2)),
                            MakeTimeAccessor(&FabricSwitch::m_telemetryWindow),
                            MakeTimeChecker(NanoSeconds(1)))
              .AddTraceSource("Forward",
                              "A frame was queued for egress: frame, ingress port, egress port.",
                              MakeTraceSourceAccessor(&FabricSwitch::m_forwardTrace),
                              "ns3::fabric::FabricSwitch::ForwardTracedCallback")
              .AddTraceSource("Drop",
                              "A frame was dropped: frame, reason.",
                              MakeTraceSourceAccessor(&FabricSwitch::m_dropTrace),
                              "ns3::fabric::FabricSwitch::DropTracedCallback");
    return tid;
}

FabricSwitch::FabricSwitch() = default;

void
FabricSwitch::DoDispose()
{
    m_enqueueMarkers.clear();
    m_dequeueMarkers.clear();
    m_admission = nullptr;
    m_ports.clear();
    m_routing = nullptr;
    m_random = nullptr;
    Node::DoDispose();
}

int64_t
FabricSwitch::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_random)
    {
        m_random->SetStream(stream);
    }
    return 1;
}

Ptr<UniformRandomVariable>
FabricSwitch::GetRandom() const
{
    if (!m_random)
    {
        m_random = CreateObject<UniformRandomVariable>();
        if (m_stream >= 0)
        {
            m_random->SetStream(m_stream);
        }
    }
    return m_random;
}

uint64_t
FabricSwitch::GetPortTxBytes(uint16_t i) const
{
    return m_ports[i]->GetCounters().txBytes;
}

const PortView*
FabricSwitch::GetPeerSwitch(uint16_t i) const
{
    Ptr<FabricNetDevice> peer = m_ports[i]->GetPeer();
    return peer ? PeekPointer(DynamicCast<FabricSwitch>(peer->GetNode())) : nullptr;
}

uint16_t
FabricSwitch::AddPort(Ptr<SwitchPort> port)
{
    NS_ABORT_MSG_IF(m_ports.size() >= UINT16_MAX, "FabricSwitch: too many ports");
    if (m_ports.empty())
    {
        NS_ABORT_MSG_IF(m_bufferSize.GetUnit() != QueueSizeUnit::BYTES,
                        "FabricSwitch: BufferSize must be given in bytes (e.g. 128MiB)");
        m_bufferBytes = m_bufferSize.GetValue();
        NS_ABORT_MSG_IF(m_bufferBytes == 0, "FabricSwitch: BufferSize must be > 0");
        NS_ABORT_MSG_IF(m_ecnKmin.GetUnit() != QueueSizeUnit::BYTES
                            || m_ecnKmax.GetUnit() != QueueSizeUnit::BYTES
                            || m_ecnKmin.GetValue() >= m_ecnKmax.GetValue(),
                        "FabricSwitch: EcnKmin and EcnKmax must be byte sizes with Kmin < Kmax");
        m_ecn.kminBytes = m_ecnKmin.GetValue();
        m_ecn.kmaxBytes = m_ecnKmax.GetValue();
        m_ecn.pmax = m_ecnPmax;
        ChoosePolicies();
    }
    auto index = static_cast<uint16_t>(m_ports.size());
    port->SetSwitch(this, index);
    port->SetIngressLatency(m_latency);
    port->AddLinkChangeCallback(MakeCallback(&FabricSwitch::PortLinkChanged, this));
    AddDevice(port);
    m_ports.push_back(port);
    if (m_admission)
    {
        m_admission->AddPort();
    }
    return index;
}

void
FabricSwitch::ChoosePolicies()
{
    if (m_telemetryEnabled)
    {
        AddEgressMarking(CreateObject<TelemetryStamper>(m_telemetryWindow));
    }
    if (m_ecnEnabled)
    {
        AddEgressMarking(CreateObject<EcnMarker>(m_ecn, m_ecnOnDequeue));
    }
    if (m_pfcEnabled)
    {
        PfcSettings pfc;
        pfc.priority = m_losslessPriority;
        pfc.alpha = m_pfcAlpha;
        pfc.resumeOffset = m_pfcResumeOffset.GetValue();
        pfc.refresh = m_pfcRefresh;
        SetIngressAdmission(CreateObject<PfcAdmission>(pfc));
    }
}

void
FabricSwitch::AddEgressMarking(Ptr<EgressMarking> marker)
{
    NS_ABORT_MSG_IF(!marker, "FabricSwitch::AddEgressMarking: no marker");
    if (marker->MarksOnEnqueue())
    {
        m_enqueueMarkers.push_back(marker);
    }
    uint64_t threshold = marker->DequeueThreshold();
    if (threshold != UINT64_MAX)
    {
        m_dequeueMarkers.push_back(marker);
        m_dequeueMarkAbove = std::min(m_dequeueMarkAbove, threshold);
    }
}

std::vector<Ptr<EgressMarking>>
FabricSwitch::GetEgressMarkings() const
{
    std::vector<Ptr<EgressMarking>> all = m_enqueueMarkers;
    for (const auto& m : m_dequeueMarkers)
    {
        if (std::find(all.begin(), all.end(), m) == all.end())
        {
            all.push_back(m);
        }
    }
    return all;
}

void
FabricSwitch::SetIngressAdmission(Ptr<IngressAdmission> admission)
{
    m_admission = admission;
    m_lossless = admission ? admission->GetLosslessPriority() : NO_PRIORITY;
    NS_ABORT_MSG_IF(admission && m_lossless >= FabricNetDevice::NUM_PRIORITIES,
                    "FabricSwitch: lossless priority " << int(m_lossless) << " is not 0-7");
    for (std::size_t i = 0; admission && i < m_ports.size(); ++i)
    {
        admission->AddPort();
    }
}

void
FabricSwitch::PortLinkChanged()
{
    m_portsDown = 0;
    for (const auto& port : m_ports)
    {
        m_portsDown += port->IsLinkUp() ? 0 : 1;
    }
}

bool
FabricSwitch::IsPortKnownDown(uint16_t i) const
{
    const SwitchPort& port = *m_ports[i];
    if (port.IsLinkUp())
    {
        return false;
    }
    Time delay = m_routing ? m_routing->GetFailoverDelay() : Time(0);
    return Simulator::Now() >= port.GetDownSince() + delay;
}

EcmpGroup
FabricSwitch::LivePorts(const EcmpGroup& group)
{
    m_live.clear();
    for (uint32_t i = 0; i < group.size; ++i)
    {
        if (!IsPortKnownDown(group.ports[i]))
        {
            m_live.push_back(group.ports[i]);
        }
    }
    return {m_live.data(), static_cast<uint32_t>(m_live.size())};
}

void
FabricSwitch::Drop(const Ptr<Packet>& p, DropReason reason)
{
    NS_LOG_LOGIC("switch " << GetId() << " drops a frame: " << DROP_REASON_NAMES[reason]);
    m_counters.drops[reason]++;
    m_dropTrace(p, DROP_REASON_NAMES[reason]);
}

void
FabricSwitch::Receive(SwitchPort& inPort, const Ptr<Packet>& p)
{
    RoceFields h;
    h.PeekFrom(*p);
    if (!h.IsRoce())
    {
        if (h.m_eth.m_etherType == RoceEthernetFields::ETHERTYPE_MAC_CTRL)
        {
            ReceivePfc(inPort, p);
            return;
        }
        Drop(p, DROP_NOT_ROCE);
        return;
    }
    EcmpGroup group = m_table.Lookup(h.m_ip.m_destination.Get());
    if (group.size == 0)
    {
        // A configured route that failures left without a live path, or no route at all.
        bool dead = m_table.GetNOverrides() > 0
                 && m_table.LookupConfigured(h.m_ip.m_destination.Get()).size > 0;
        Drop(p, dead ? DROP_NO_LIVE_PATH : DROP_NO_ROUTE);
        return;
    }
    if (m_portsDown > 0)
    {
        group = LivePorts(group);
        if (group.size == 0)
        {
            Drop(p, DROP_NO_LIVE_PATH);
            return;
        }
    }
    uint16_t out = m_routing->SelectEgress(h, group, *this);
    uint8_t prio = (h.m_ip.m_dscp >> 3) & (FabricNetDevice::NUM_PRIORITIES - 1);
    SwitchPort& egress = *m_ports[out];
    bool lossless = prio == m_lossless;
    if (!m_enqueueMarkers.empty() && h.m_bth.IsData())
    {
        for (const auto& marker : m_enqueueMarkers)
        {
            marker->OnEnqueue(*this, p, h, egress, prio);
        }
    }
    uint32_t size = p->GetSize();
    if (m_bufferUsed + size > m_bufferBytes && !lossless)
    {
        Drop(p, DROP_BUFFER_FULL);
        return;
    }
    m_bufferUsed += size;
    m_bufferPeakBytes = std::max(m_bufferPeakBytes, m_bufferUsed);
    if (m_bufferUsed > m_bufferBytes)
    {
        m_counters.headroomPeakBytes
            = std::max(m_counters.headroomPeakBytes, m_bufferUsed - m_bufferBytes);
    }
    m_forwarded++;
    uint16_t in = inPort.GetPortIndex();
    if (!m_forwardTrace.IsEmpty()) // skip the Ptr<const Packet> copy when nothing listens
    {
        m_forwardTrace(p, in, out);
    }
    if (lossless)
    {
        m_admission->OnAdmit(*this, in, size);
    }
    egress.Enqueue(p, prio, in);
}

void
FabricSwitch::NotifyDequeue(SwitchPort& port, const QueuedPacket& entry, uint8_t prio)
{
    uint64_t queued = port.GetQueuedBytes(prio);
    if (queued > m_dequeueMarkAbove)
    {
        // Only behind a deep queue is the frame read: the common case costs nothing.
        Ptr<Packet> p(entry.frame.Get());
        RoceFields h;
        h.PeekFrom(*p);
        if (h.IsRoce() && h.m_bth.IsData())
        {
            for (const auto& marker : m_dequeueMarkers)
            {
                if (queued > marker->DequeueThreshold())
                {
                    marker->OnDequeue(*this, p, h, port, prio);
                }
            }
        }
    }
    uint32_t size = entry.frame.GetSize();
    m_bufferUsed -= size;
    if (prio == m_lossless)
    {
        m_admission->OnRelease(*this, entry.inPort, size);
    }
}

void
FabricSwitch::SendPfc(uint16_t port, uint16_t quanta)
{
    PfcPauseHeader pause;
    pause.Set(m_losslessPriority, quanta);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(pause);
    RoceEthernetHeader eth;
    eth.m_source = Mac48Address::ConvertFrom(m_ports[port]->GetAddress());
    eth.m_destination = Mac48Address("01:80:c2:00:00:01"); // IEEE MAC control multicast
    eth.m_etherType = RoceEthernetFields::ETHERTYPE_MAC_CTRL;
    p->AddHeader(eth);
    if (quanta > 0)
    {
        m_counters.pauseFramesSent++;
    }
    else
    {
        m_counters.resumeFramesSent++;
    }
    m_ports[port]->SendControl(p);
}

void
FabricSwitch::ReceivePfc(SwitchPort& inPort, const Ptr<Packet>& p)
{
    m_counters.pfcFramesReceived++;
    p->RemoveAtStart(RoceEthernetFields::SIZE);
    PfcPauseHeader pause;
    p->PeekHeader(pause);
    for (uint8_t prio = 0; prio < FabricNetDevice::NUM_PRIORITIES; ++prio)
    {
        if (pause.IsEnabled(prio))
        {
            inPort.ApplyPause(prio, pause.m_quanta[prio]);
        }
    }
}

} // namespace fabric
} // namespace ns3
