/*
 * Per-packet adaptive routing (Spectrum-X style).
 */
#include "adaptive-routing.h"

#include "model/headers/roce-header.h"
#include "model/sim/fabric-simulator-impl.h"

#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(AdaptiveRouting);

TypeId
AdaptiveRouting::GetTypeId()
{
    static TypeId tid = AddFailureAttributes(
        TypeId("ns3::fabric::AdaptiveRouting")
            .SetParent<RoutingPolicy>()
            .SetGroupName("Fabric")
            .AddConstructor<AdaptiveRouting>()
            .AddAttribute("UtilizationWeight",
                          "Weight of the bytes a port sent in the last UtilizationWindow.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&AdaptiveRouting::m_utilizationWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("UtilizationWindow",
                          "Window of the port-utilization estimate.",
                          TimeValue(MicroSeconds(2)),
                          MakeTimeAccessor(&AdaptiveRouting::m_utilizationWindow),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("RemoteWeight",
                          "Weight of the next switch's least queue toward the destination "
                          "(adaptive-routing notifications from neighbours).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&AdaptiveRouting::m_remoteWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Candidates",
                          "Ports compared per decision, drawn at random (0: all of them). "
                          "Two (power of two choices) spreads load without herding.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&AdaptiveRouting::m_candidates),
                          MakeUintegerChecker<uint32_t>()),
        Time(0),
        "Time from a port's link going down until this switch stops choosing it: adaptive "
        "routing reads port state in hardware, so at once.",
        MicroSeconds(50),
        "Time from a link failing elsewhere until every switch stops choosing paths through it: "
        "neighbours learn it from adaptive-routing notifications (an assumption; NVIDIA "
        "publishes no figure).");
    return tid;
}

uint64_t
AdaptiveRouting::RecentTxBytes(const PortView& sw, uint16_t port)
{
    if (m_samples.size() < sw.GetNPorts())
    {
        m_samples.resize(sw.GetNPorts());
    }
    PortSample& s = m_samples[port];
    Time now = FastNow();
    uint64_t bytes = sw.GetPortTxBytes(port);
    if (now - s.start >= m_utilizationWindow)
    {
        s.lastBytes = bytes - s.startBytes;
        s.start = now;
        s.startBytes = bytes;
    }
    return s.lastBytes;
}

uint16_t
AdaptiveRouting::DoSelectEgress(const RoceFields& header,
                                const EcmpGroup& group,
                                const PortView& sw)
{
    double least = 0;
    m_best.clear();
    const Time now = FastNow();
    uint32_t n = group.size;
    bool sample = m_candidates > 0 && m_candidates < group.size;
    if (sample)
    {
        n = m_candidates;
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        uint16_t port
            = sample ? group.ports[sw.GetRandom()->GetInteger(0, group.size - 1)] : group.ports[i];
        double load = static_cast<double>(sw.GetPortBacklogBytes(port, now));
        if (m_utilizationWeight > 0)
        {
            load += m_utilizationWeight * static_cast<double>(RecentTxBytes(sw, port));
        }
        if (m_remoteWeight > 0)
        {
            if (const PortView* next = sw.GetPeerSwitch(port))
            {
                EcmpGroup ahead
                    = next->GetForwardingTable().Lookup(header.m_ip.m_destination.Get());
                uint64_t remote = ahead.size ? UINT64_MAX : 0;
                for (uint32_t j = 0; j < ahead.size; ++j)
                {
                    remote = std::min(remote, next->GetPortBacklogBytes(ahead.ports[j], now));
                }
                load += m_remoteWeight * static_cast<double>(remote);
            }
        }
        if (m_best.empty() || load < least)
        {
            least = load;
            m_best.clear();
            m_best.push_back(port);
        }
        else if (load == least)
        {
            m_best.push_back(port);
        }
    }
    if (m_best.size() == 1)
    {
        return m_best[0];
    }
    auto pick = sw.GetRandom()->GetInteger(0, static_cast<uint32_t>(m_best.size() - 1));
    return m_best[pick];
}

} // namespace fabric
} // namespace ns3
