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

uint32_t
RingReduceScatter::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? shape.ranks - 1 : 0;
}

void
RingReduceScatter::GetStep(const CommShape& shape,
                           uint32_t rank,
                           uint32_t lane,
                           uint32_t step,
                           uint64_t laneBytes,
                           StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t p = RingPosOf(shape, lane, rank);
    // Send the partial sum of block p - s - 1, receive block p - s - 2: position p ends with
    // its own block p fully reduced.
    uint32_t sendBlock = (p + 2 * n - step - 1) % n;
    uint32_t recvBlock = (p + 2 * n - step - 2) % n;
    plan.Send(RingRankAt(shape, lane, (p + 1) % n), Share(laneBytes, n, sendBlock));
    plan.Recv(RingRankAt(shape, lane, (p + n - 1) % n), Share(laneBytes, n, recvBlock));
}

} // namespace fabric
} // namespace ns3
