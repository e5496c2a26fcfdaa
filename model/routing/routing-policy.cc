/*
 * Base class of the egress-selection policies of a fabric switch.
 */
#include "routing-policy.h"

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

} // namespace fabric
} // namespace ns3
