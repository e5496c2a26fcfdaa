/*
 * Ring all-gather schedule.
 */
#include "ring-all-gather.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("RingAllGather");
NS_OBJECT_ENSURE_REGISTERED(RingAllGather);

TypeId
RingAllGather::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RingAllGather")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RingAllGather>();
    return tid;
}

RingAllGather::RingAllGather()
    : RingSchedule({{RingPass::BLOCKS, 0}})
{
}

} // namespace fabric
} // namespace ns3
