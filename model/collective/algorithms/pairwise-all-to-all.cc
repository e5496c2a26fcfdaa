/*
 * Pairwise-exchange all-to-all schedule.
 */
#include "pairwise-all-to-all.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("PairwiseAllToAll");
NS_OBJECT_ENSURE_REGISTERED(PairwiseAllToAll);

TypeId
PairwiseAllToAll::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::PairwiseAllToAll")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<PairwiseAllToAll>();
    return tid;
}

uint32_t
PairwiseAllToAll::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? shape.ranks - 1 : 0;
}

void
PairwiseAllToAll::GetStep(const CommShape& shape,
                          uint32_t rank,
                          uint32_t,
                          uint32_t step,
                          uint64_t laneBytes,
                          StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t to = (rank + step + 1) % n;
    uint32_t from = (rank + n - (step + 1) % n) % n;
    plan.Send(to, Share(laneBytes, n, to));
    plan.Recv(from, Share(laneBytes, n, rank));
}

} // namespace fabric
} // namespace ns3
