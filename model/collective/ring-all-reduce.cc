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

uint32_t
RingAllReduce::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? 2 * (shape.ranks - 1) : 0;
}

void
RingAllReduce::GetStep(const CommShape& shape,
                       uint32_t rank,
                       uint32_t lane,
                       uint32_t step,
                       uint64_t laneBytes,
                       StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t p = RingPosOf(shape, lane, rank);
    uint32_t next = RingRankAt(shape, lane, (p + 1) % n);
    uint32_t prev = RingRankAt(shape, lane, (p + n - 1) % n);
    // Reduce-scatter (steps 0 .. n-2): send block p - s, receive block p - s - 1. Position p
    // then holds the reduced block p + 1; all-gather (t = s - (n-1)): send block p + 1 - t,
    // receive block p - t.
    uint32_t sendBlock;
    uint32_t recvBlock;
    if (step < n - 1)
    {
        sendBlock = (p + n - step % n) % n;
        recvBlock = (p + 2 * n - step % n - 1) % n;
    }
    else
    {
        uint32_t t = step - (n - 1);
        sendBlock = (p + 1 + n - t % n) % n;
        recvBlock = (p + n - t % n) % n;
    }
    plan.Send(next, Share(laneBytes, n, sendBlock));
    plan.Recv(prev, Share(laneBytes, n, recvBlock));
}

} // namespace fabric
} // namespace ns3
