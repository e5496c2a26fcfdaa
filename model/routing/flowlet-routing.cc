/*
 * Flowlet switching: re-pick a flow's port after an idle gap.
 */
#include "flowlet-routing.h"

#include "ecmp-routing.h"
#include "model/sim/fabric-simulator-impl.h"

#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(FlowletRouting);

TypeId
FlowletRouting::GetTypeId()
{
    static TypeId tid = AddFailureAttributes(
        TypeId("ns3::fabric::FlowletRouting")
            .SetParent<RoutingPolicy>()
            .SetGroupName("Fabric")
            .AddConstructor<FlowletRouting>()
            .AddAttribute("FlowletGap",
                          "Idle time after which a flow may change port.",
                          TimeValue(MicroSeconds(5)),
                          MakeTimeAccessor(&FlowletRouting::m_gap),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("TableSize",
                          "Flowlet table buckets per switch.",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&FlowletRouting::m_tableSize),
                          MakeUintegerChecker<uint32_t>(1, 1u << 24))
            .AddAttribute("Seed",
                          "Per-switch hash seed.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FlowletRouting::m_seed),
                          MakeUintegerChecker<uint64_t>()),
        Time(0),
        "Time from a port's link going down until this switch stops choosing it: flowlet "
        "(dynamic load balancing) hardware reads port state at once.",
        MilliSeconds(200),
        BGP_CONVERGENCE_HELP);
    return tid;
}

uint16_t
FlowletRouting::DoSelectEgress(const RoceFields& header, const EcmpGroup& group, const PortView& sw)
{
    if (m_table.empty())
    {
        m_table.resize(m_tableSize);
    }
    uint64_t h = EcmpRouting::FlowHash(header, m_seed);
    Entry& e = m_table[(h >> 32) % m_table.size()];
    Time now = FastNow();
    bool valid = false;
    for (uint32_t i = 0; i < group.size && !e.lastSeen.IsStrictlyNegative(); ++i)
    {
        valid |= group.ports[i] == e.port;
    }
    if (!valid || now - e.lastSeen > m_gap)
    {
        // New flowlet: the least-queued port, ties by hash so that flows spread.
        uint16_t best = group.ports[((h & 0xffffffff) * group.size) >> 32];
        uint64_t least = sw.GetPortBacklogBytes(best, now);
        for (uint32_t i = 0; i < group.size; ++i)
        {
            uint64_t q = sw.GetPortBacklogBytes(group.ports[i], now);
            if (q < least)
            {
                least = q;
                best = group.ports[i];
            }
        }
        e.port = best;
    }
    e.lastSeen = now;
    return e.port;
}

} // namespace fabric
} // namespace ns3
