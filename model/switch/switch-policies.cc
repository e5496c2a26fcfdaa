/*
 * Egress marking (ECN, telemetry stamping) and ingress admission (PFC).
 */
#include "switch-policies.h"

#include "fabric-switch.h"
#include "model/headers/pfc-pause-header.h"
#include "model/headers/roce-header.h"
#include "model/headers/telemetry-header.h"
#include "model/sim/fabric-simulator-impl.h"
#include "switch-port.h"

#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(EgressMarking);
NS_OBJECT_ENSURE_REGISTERED(EcnMarker);
NS_OBJECT_ENSURE_REGISTERED(TelemetryStamper);
NS_OBJECT_ENSURE_REGISTERED(IngressAdmission);
NS_OBJECT_ENSURE_REGISTERED(PfcAdmission);

TypeId
EgressMarking::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::EgressMarking").SetParent<Object>().SetGroupName("Fabric");
    return tid;
}

void
EgressMarking::OnEnqueue(FabricSwitch&, const Ptr<Packet>&, RoceFields&, SwitchPort&, uint8_t)
{
}

void
EgressMarking::OnDequeue(FabricSwitch&, const Ptr<Packet>&, RoceFields&, SwitchPort&, uint8_t)
{
}

TypeId
EcnMarker::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::EcnMarker")
                            .SetParent<EgressMarking>()
                            .SetGroupName("Fabric")
                            .AddConstructor<EcnMarker>();
    return tid;
}

EcnMarker::EcnMarker(const EcnMarking& ramp, bool onDequeue)
    : m_ramp(ramp)
    , m_onDequeue(onDequeue)
{
}

uint64_t
EcnMarker::DequeueThreshold() const
{
    // The ramp's probability is 0 up to Kmin: only a frame behind more is read.
    return m_onDequeue ? m_ramp.kminBytes : EgressMarking::DequeueThreshold();
}

void
EcnMarker::OnEnqueue(
    FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, SwitchPort& egress, uint8_t prio)
{
    MaybeMark(sw, p, h, egress.GetQueuedBytes(prio));
}

void
EcnMarker::OnDequeue(
    FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, SwitchPort& port, uint8_t prio)
{
    MaybeMark(sw, p, h, port.GetQueuedBytes(prio));
}

void
EcnMarker::MaybeMark(FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, uint64_t queueBytes)
{
    if (h.m_ip.m_ecn == RoceIpv4Fields::ECN_NOT_ECT || h.m_ip.m_ecn == RoceIpv4Fields::ECN_CE)
    {
        return;
    }
    double prob = m_ramp.Probability(queueBytes);
    if (prob > 0 && (prob >= 1 || sw.GetRandom()->GetValue() < prob))
    {
        p->RemoveAtStart(RoceFields::SIZE);
        h.m_ip.m_ecn = RoceIpv4Fields::ECN_CE;
        RoceHeader marked(h);
        marked.SetLengths(p->GetSize()); // a telemetry record stamped here may have grown it
        p->AddHeader(marked);
        sw.CountEcnMarked();
    }
}

TypeId
TelemetryStamper::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::TelemetryStamper")
                            .SetParent<EgressMarking>()
                            .SetGroupName("Fabric")
                            .AddConstructor<TelemetryStamper>();
    return tid;
}

TelemetryStamper::TelemetryStamper(Time window)
    : m_window(window)
{
}

void
TelemetryStamper::OnEnqueue(
    FabricSwitch& sw, const Ptr<Packet>& p, RoceFields& h, SwitchPort& egress, uint8_t prio)
{
    if (!h.m_bth.m_telemetry)
    {
        return;
    }
    // The stack's count sits right after the RoCE headers; records are newest first, so this
    // switch rewrites the headers (longer by one record) and the count, adds its record, and
    // leaves the other records alone.
    uint8_t lead[RoceFields::SIZE + TelemetryHeader::BASE_BYTES];
    p->CopyData(lead, sizeof(lead));
    uint8_t hops = lead[RoceFields::SIZE];
    if (hops >= TelemetryHeader::MAX_HOPS)
    {
        return;
    }
    TelemetryPush push;
    p->RemoveAtStart(sizeof(lead));
    std::copy(lead, lead + RoceFields::SIZE, push.m_lead.begin());
    push.GrowLengths(TelemetryHeader::HOP_BYTES);
    push.m_nHops = hops + 1;
    push.m_hop.queueBytes = egress.GetQueuedBytes(prio);
    Time now = FastNow();
    push.m_hop.txUtilization = egress.GetTxUtilization(m_window, now);
    push.m_hop.timeNs = static_cast<uint64_t>(now.GetNanoSeconds());
    push.m_hop.rateBps = egress.GetRateBps();
    p->AddHeader(push);
    sw.CountTelemetryStamped();
}

TypeId
IngressAdmission::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::IngressAdmission").SetParent<Object>().SetGroupName("Fabric");
    return tid;
}

TypeId
PfcAdmission::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::PfcAdmission")
                            .SetParent<IngressAdmission>()
                            .SetGroupName("Fabric")
                            .AddConstructor<PfcAdmission>();
    return tid;
}

PfcAdmission::PfcAdmission(const PfcSettings& settings)
    : m_settings(settings)
{
}

void
PfcAdmission::DoDispose()
{
    m_switch = nullptr;
    IngressAdmission::DoDispose();
}

void
PfcAdmission::AddPort()
{
    m_heldBytes.push_back(0);
    m_pausing.push_back(false);
}

void
PfcAdmission::OnAdmit(FabricSwitch& sw, uint16_t inPort, uint32_t bytes)
{
    m_heldBytes[inPort] += bytes;
    Update(sw, inPort);
}

void
PfcAdmission::OnRelease(FabricSwitch& sw, uint16_t inPort, uint32_t bytes)
{
    m_heldBytes[inPort] -= bytes;
    Update(sw, inPort);
}

uint64_t
PfcAdmission::Threshold(const FabricSwitch& sw) const
{
    uint64_t used = sw.GetBufferUsedBytes();
    uint64_t size = sw.GetBufferSizeBytes();
    uint64_t freeBytes = used < size ? size - used : 0;
    return static_cast<uint64_t>(m_settings.alpha * double(freeBytes));
}

void
PfcAdmission::Update(FabricSwitch& sw, uint16_t port)
{
    m_switch = &sw;
    uint64_t threshold = Threshold(sw);
    uint64_t held = m_heldBytes[port];
    if (!m_pausing[port] && held > threshold)
    {
        m_pausing[port] = true;
        sw.SendPfc(port, PfcPauseHeader::MAX_QUANTA);
        Simulator::Schedule(m_settings.refresh, &PfcAdmission::Refresh, this, port);
    }
    else if (m_pausing[port])
    {
        uint64_t offset = m_settings.resumeOffset;
        uint64_t resumeAt = threshold > offset ? threshold - offset : 0;
        if (held <= resumeAt)
        {
            m_pausing[port] = false;
            sw.SendPfc(port, 0);
        }
    }
}

void
PfcAdmission::Refresh(uint16_t port)
{
    if (!m_pausing[port] || !m_switch)
    {
        return;
    }
    m_switch->SendPfc(port, PfcPauseHeader::MAX_QUANTA);
    Simulator::Schedule(m_settings.refresh, &PfcAdmission::Refresh, this, port);
}

} // namespace fabric
} // namespace ns3
