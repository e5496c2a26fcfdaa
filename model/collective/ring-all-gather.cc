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

uint32_t
RingAllGather::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? shape.ranks - 1 : 0;
}

void
RingAllGather::GetStep(const CommShape& shape,
                       uint32_t rank,
                       uint32_t lane,
                       uint32_t step,
                       uint64_t laneBytes,
                       StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t p = RingPosOf(shape, lane, rank);
    // Position p contributes block p; step s forwards block p - s and receives p - s - 1.
    uint32_t sendBlock = (p + n - step) % n;
    uint32_t recvBlock = (p + 2 * n - step - 1) % n;
    plan.Send(RingRankAt(shape, lane, (p + 1) % n), Share(laneBytes, n, sendBlock));
    plan.Recv(RingRankAt(shape, lane, (p + n - 1) % n), Share(laneBytes, n, recvBlock));
}

} // namespace fabric
} // namespace ns3
