/*
 * One port of a fabric switch: per-priority egress queues.
 */
#include "switch-port.h"

#include "fabric-switch.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("SwitchPort");
NS_OBJECT_ENSURE_REGISTERED(SwitchPort);

TypeId
SwitchPort::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::SwitchPort")
                            .SetParent<FabricNetDevice>()
                            .SetGroupName("Fabric")
                            .AddConstructor<SwitchPort>();
    return tid;
}

SwitchPort::SwitchPort() = default;

void
SwitchPort::DoDispose()
{
    m_switch = nullptr;
    for (auto& q : m_queues)
    {
        q.reset(); // releases the queued frames
    }
    m_nonEmpty = 0;
    m_control.reset(); // releases the queued frames
    FabricNetDevice::DoDispose();
}

void
SwitchPort::SetSwitch(FabricSwitch* sw, uint16_t index)
{
    m_switch = sw;
    m_index = index;
}

void
SwitchPort::Enqueue(const Ptr<Packet>& p, uint8_t prio, uint16_t inPort)
{
    m_queuedBytes += p->GetSize();
    std::unique_ptr<PacketFifo>& q = m_queues[prio];
    if (!q)
    {
        q = std::make_unique<PacketFifo>();
    }
    q->Push(p, inPort);
    m_nonEmpty |= static_cast<uint8_t>(1u << prio);
    NotifyTxReady();
}

void
SwitchPort::SendControl(Ptr<Packet> p)
{
    if (!m_control)
    {
        m_control = std::make_unique<PacketFifo>();
    }
    m_control->Push(p, m_index);
    NotifyTxReady();
}

double
SwitchPort::GetTxUtilization(Time window, Time now)
{
    if (!m_util)
    {
        m_util = std::make_unique<Utilization>();
    }
    Utilization& u = *m_util;
    Time elapsed = now - u.start;
    if (elapsed >= window && elapsed.IsStrictlyPositive())
    {
        uint64_t bytes = GetCounters().txWireBytes;
        u.value = (bytes - u.bytes) * 8.0 / (GetRateBps() * elapsed.GetSeconds());
        u.start = now;
        u.bytes = bytes;
    }
    return u.value;
}

FrameRef
SwitchPort::DoDequeue()
{
    if (m_control && !m_control->IsEmpty())
    {
        return std::move(m_control->Pop().frame);
    }
    // Highest non-empty priority first.
    for (unsigned ready = m_nonEmpty; ready != 0;)
    {
        auto prio = static_cast<uint8_t>(31 - __builtin_clz(ready));
        ready &= ~(1u << prio);
        if (IsPaused(prio))
        {
            continue;
        }
        PacketFifo* q = m_queues[prio].get();
        QueuedPacket entry = q->Pop();
        if (q->IsEmpty())
        {
            m_nonEmpty &= static_cast<uint8_t>(~(1u << prio));
        }
        m_queuedBytes -= entry.frame.GetSize();
        m_switch->NotifyDequeue(*this, entry, static_cast<uint8_t>(prio));
        return std::move(entry.frame);
    }
    return {};
}

bool
SwitchPort::HasPending() const
{
    return m_queuedBytes > 0 || (m_control && !m_control->IsEmpty());
}

void
SwitchPort::DoReceive(const Ptr<Packet>& p)
{
    m_switch->Receive(*this, p);
}

uint64_t
SwitchPort::GetQueuedFrames() const
{
    uint64_t n = m_control ? m_control->GetNPackets() : 0;
    for (const auto& q : m_queues)
    {
        n += q ? q->GetNPackets() : 0;
    }
    return n;
}

} // namespace fabric
} // namespace ns3
