/*
 * Base class of the per-queue-pair congestion-control strategies.
 */
#include "congestion-control.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("CongestionControl");
NS_OBJECT_ENSURE_REGISTERED(CongestionControl);
NS_OBJECT_ENSURE_REGISTERED(NoCongestionControl);

TypeId
CongestionControl::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::CongestionControl").SetParent<Object>().SetGroupName("Fabric");
    return tid;
}

CongestionControl::CongestionControl() = default;

void
CongestionControl::Start(uint64_t lineRateBps, Time baseRtt)
{
    m_lineRateBps = lineRateBps;
    m_rateBps = lineRateBps;
    m_baseRtt = baseRtt;
    DoStart();
}

void
CongestionControl::DoStart()
{
}

void
CongestionControl::OnSend(uint32_t /* payloadBytes */)
{
}

void
CongestionControl::OnAck(const AckEvent& /* ack */)
{
}

void
CongestionControl::OnNak()
{
}

void
CongestionControl::OnCnp()
{
}

TypeId
NoCongestionControl::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::NoCongestionControl")
                            .SetParent<CongestionControl>()
                            .SetGroupName("Fabric")
                            .AddConstructor<NoCongestionControl>();
    return tid;
}

} // namespace fabric
} // namespace ns3
