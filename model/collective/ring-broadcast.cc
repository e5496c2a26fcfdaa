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

uint32_t
RingBroadcast::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? 2 : 0;
}

void
RingBroadcast::GetStep(const CommShape& shape,
                       uint32_t rank,
                       uint32_t lane,
                       uint32_t step,
                       uint64_t laneBytes,
                       StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t p = RingPosOf(shape, lane, rank);
    uint32_t p0 = RingPosOf(shape, lane, shape.root);
    uint32_t k = (p + n - p0) % n; // distance from the root along the ring
    if (step == 0 && k > 0)
    {
        plan.Recv(RingRankAt(shape, lane, (p + n - 1) % n), laneBytes);
    }
    if (step == 1 && k + 1 < n)
    {
        plan.Send(RingRankAt(shape, lane, (p + 1) % n), laneBytes, 0); // the next rank's step 0
    }
}

} // namespace fabric
} // namespace ns3
