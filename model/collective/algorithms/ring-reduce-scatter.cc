/*
 * Ring reduce-scatter schedule.
 */
#include "ring-reduce-scatter.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("RingReduceScatter");
NS_OBJECT_ENSURE_REGISTERED(RingReduceScatter);

TypeId
RingReduceScatter::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RingReduceScatter")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RingReduceScatter>();
    return tid;
}

RingReduceScatter::RingReduceScatter()
    : RingSchedule({{RingPass::BLOCKS, -1}})
{
}

} // namespace fabric
} // namespace ns3
