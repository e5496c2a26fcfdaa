/*
 * Pipelined ring broadcast schedule.
 */
#include "ring-broadcast.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("RingBroadcast");
NS_OBJECT_ENSURE_REGISTERED(RingBroadcast);

TypeId
RingBroadcast::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RingBroadcast")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RingBroadcast>();
    return tid;
}

RingBroadcast::RingBroadcast()
    : RingSchedule({{RingPass::CHAIN}})
{
}

} // namespace fabric
} // namespace ns3
