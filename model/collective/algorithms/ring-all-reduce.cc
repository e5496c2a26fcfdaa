/*
 * Ring all-reduce schedule.
 */
#include "ring-all-reduce.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("RingAllReduce");
NS_OBJECT_ENSURE_REGISTERED(RingAllReduce);

TypeId
RingAllReduce::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RingAllReduce")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RingAllReduce>();
    return tid;
}

RingAllReduce::RingAllReduce()
    : RingSchedule({{RingPass::BLOCKS, 0}, {RingPass::BLOCKS, 1}})
{
}

} // namespace fabric
} // namespace ns3
