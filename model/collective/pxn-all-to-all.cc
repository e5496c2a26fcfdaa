/*
 * PXN all-to-all schedule (NCCL 2.12): NVLink to the GPU on the destination's rail, then the rail.
 */
#include "pxn-all-to-all.h"

#include "ns3/log.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("PxnAllToAll");
NS_OBJECT_ENSURE_REGISTERED(PxnAllToAll);

TypeId
PxnAllToAll::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::PxnAllToAll")
                            .SetParent<CollectiveAlgorithm>()
                            .SetGroupName("Fabric")
                            .AddConstructor<PxnAllToAll>();
    return tid;
}

uint32_t
PxnAllToAll::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 ? 2 : 0;
}

void
PxnAllToAll::GetStep(const CommShape& shape,
                     uint32_t rank,
                     uint32_t,
                     uint32_t step,
                     uint64_t laneBytes,
                     StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t m = shape.ranksPerServer;
    uint32_t nServers = shape.Servers();
    uint32_t a = rank / m;
    uint32_t i = rank % m;
    if (step == 0)
    {
        for (uint32_t k = 1; k < m; ++k)
        {
            uint32_t j = (i + k) % m;
            uint32_t from = (i + m - k) % m;
            // To (a, j): my blocks for local index j on every server.
            uint64_t out = 0;
            for (uint32_t b = 0; b < nServers; ++b)
            {
                out += Share(laneBytes, n, b * m + j);
            }
            // From (a, from): its blocks for local index i on every server.
            uint64_t in = 0;
            for (uint32_t b = 0; b < nServers; ++b)
            {
                in += Share(laneBytes, n, b * m + i);
            }
            plan.Send(a * m + j, out);
            plan.Recv(a * m + from, in);
        }
        return;
    }
    for (uint32_t k = 1; k < nServers; ++k)
    {
        uint32_t b = (a + k) % nServers;
        uint32_t from = (a + nServers - k) % nServers;
        // To (b, i): the blocks of all m local ranks for (b, i); from (from, i): theirs for me.
        plan.Send(b * m + i, m * Share(laneBytes, n, b * m + i));
        plan.Recv(from * m + i, m * Share(laneBytes, n, a * m + i));
    }
}

} // namespace fabric
} // namespace ns3
