/*
 * Direct all-to-all schedule.
 */
#include "direct-all-to-all.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("DirectAllToAll");
NS_OBJECT_ENSURE_REGISTERED(DirectAllToAll);

TypeId
DirectAllToAll::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::DirectAllToAll")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<DirectAllToAll>();
    return tid;
}

uint32_t
DirectAllToAll::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? 1 : 0;
}

void
DirectAllToAll::GetStep(const CommShape& shape,
                        uint32_t rank,
                        uint32_t,
                        uint32_t,
                        uint64_t laneBytes,
                        StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    for (uint32_t i = 1; i < n; ++i)
    {
        uint32_t to = (rank + i) % n; // start at the next rank, as NCCL's loop does
        uint32_t from = (rank + n - i) % n;
        plan.Send(to, Share(laneBytes, n, to));
        plan.Recv(from, Share(laneBytes, n, rank));
    }
}

} // namespace fabric
} // namespace ns3
