/*
 * Base class of the egress-selection policies of a fabric switch.
 */
#include "routing-policy.h"

#include "ns3/nstime.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoutingPolicy);

TypeId
RoutingPolicy::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::RoutingPolicy").SetParent<Object>().SetGroupName("Fabric");
    return tid;
}

TypeId
RoutingPolicy::AddFailureAttributes(TypeId tid,
                                    Time failover,
                                    const std::string& failoverHelp,
                                    Time convergence,
                                    const std::string& convergenceHelp)
{
    return tid
        .AddAttribute("FailoverDelay",
                      failoverHelp,
                      TimeValue(failover),
                      MakeTimeAccessor(&RoutingPolicy::m_failoverDelay),
                      MakeTimeChecker(Time(0)))
        .AddAttribute("ConvergenceDelay",
                      convergenceHelp,
                      TimeValue(convergence),
                      MakeTimeAccessor(&RoutingPolicy::m_convergenceDelay),
                      MakeTimeChecker(Time(0)));
}

} // namespace fabric
} // namespace ns3
