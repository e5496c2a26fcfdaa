/*
 * A fabric switch: ports, a shared buffer, a forwarding table and a routing policy.
 */
#include "fabric-switch.h"

#include "model/headers/roce-header.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"

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
    m_ports.clear();
    m_routing = nullptr;
    Node::DoDispose();
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
    }
    auto index = static_cast<uint16_t>(m_ports.size());
    port->SetSwitch(this, index);
    port->SetIngressLatency(m_latency);
    AddDevice(port);
    m_ports.push_back(port);
    return index;
}

void
FabricSwitch::Drop(Ptr<const Packet> p, DropReason reason)
{
    NS_LOG_LOGIC("switch " << GetId() << " drops a frame: " << DROP_REASON_NAMES[reason]);
    m_counters.drops[reason]++;
    m_dropTrace(p, DROP_REASON_NAMES[reason]);
}

void
FabricSwitch::Receive(SwitchPort& inPort, Ptr<Packet> p)
{
    RoceHeader h;
    h.PeekFrom(*p);
    if (!h.IsRoce())
    {
        Drop(p, DROP_NOT_ROCE);
        return;
    }
    EcmpGroup group = m_table.Lookup(h.m_ip.m_destination);
    if (group.size == 0)
    {
        Drop(p, DROP_NO_ROUTE);
        return;
    }
    uint16_t out = m_routing->SelectEgress(h, group, *this);
    uint32_t size = p->GetSize();
    if (m_bufferUsed + size > m_bufferBytes)
    {
        Drop(p, DROP_BUFFER_FULL);
        return;
    }
    m_bufferUsed += size;
    if (m_bufferUsed > m_counters.bufferPeakBytes)
    {
        m_counters.bufferPeakBytes = m_bufferUsed;
    }
    m_counters.forwarded++;
    m_forwardTrace(p, inPort.GetPortIndex(), out);
    uint8_t prio = (h.m_ip.m_dscp >> 3) & (FabricNetDevice::NUM_PRIORITIES - 1);
    m_ports[out]->Enqueue(p, prio, inPort.GetPortIndex());
}

void
FabricSwitch::NotifyDequeue(SwitchPort& /* port */, const QueuedPacket& entry, uint8_t /* prio */)
{
    m_bufferUsed -= entry.packet->GetSize();
}

} // namespace fabric
} // namespace ns3
