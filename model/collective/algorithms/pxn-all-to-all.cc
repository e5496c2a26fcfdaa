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
                            .SetParent<P2pAllToAll>()
                            .SetGroupName("Fabric")
                            .AddConstructor<PxnAllToAll>();
    return tid;
}

uint32_t
PxnAllToAll::NumBatches(const CommShape& shape) const
{
    if (shape.ranks < 2)
    {
        return 0;
    }
    uint32_t servers = shape.Servers();
    return shape.ranksPerServer > 1 ? servers : servers - 1;
}

uint32_t
PxnAllToAll::TransfersInBatch(const CommShape& shape, uint32_t batch) const
{
    // In blocks: m - 1 relayed, m aggregated on the network (distance >= 1).
    uint32_t m = shape.ranksPerServer;
    return (m - 1) + (Distance(shape, batch) >= 1 ? m : 0);
}

uint32_t
PxnAllToAll::NumSteps(const CommShape& shape, uint32_t, uint32_t lane) const
{
    uint32_t stream = StreamOf(lane);
    uint32_t k = BatchesOfStream(shape, stream);
    if (shape.ranksPerServer == 1 || k == 0)
    {
        return k; // one network step per distance
    }
    // Relay of the first distance, then (network of one, relay of the next), then the last
    // network step unless the only distance is 0.
    uint32_t last = Distance(shape, BatchAt(stream, k - 1));
    return k + (last >= 1 ? 1 : 0);
}

void
PxnAllToAll::Relay(
    const CommShape& shape, uint32_t rank, uint32_t d, uint32_t part, StepPlan& plan) const
{
    uint32_t m = shape.ranksPerServer;
    uint32_t nServers = shape.Servers();
    uint32_t a = rank / m;
    uint32_t i = rank % m;
    uint32_t b = (a + d) % nServers;
    for (uint32_t k = 1; k < m; ++k)
    {
        uint32_t j = (i + k) % m;
        uint32_t from = (i + m - k) % m;
        // To (a, j): my block for (b, j). From (a, from): its block for (b, i).
        plan.Send(a * m + j, Block(shape, b * m + j, part));
        plan.Recv(a * m + from, Block(shape, b * m + i, part));
    }
}

void
PxnAllToAll::Network(
    const CommShape& shape, uint32_t rank, uint32_t d, uint32_t part, StepPlan& plan) const
{
    uint32_t m = shape.ranksPerServer;
    uint32_t nServers = shape.Servers();
    uint32_t a = rank / m;
    uint32_t i = rank % m;
    uint32_t b = (a + d) % nServers;
    uint32_t from = (a + nServers - d) % nServers;
    // To (b, i): the blocks of all m local ranks for (b, i); from (from, i): theirs for me.
    plan.Send(b * m + i, m * Block(shape, b * m + i, part));
    plan.Recv(from * m + i, m * Block(shape, a * m + i, part));
}

void
PxnAllToAll::GetStep(const CommShape& shape,
                     uint32_t rank,
                     uint32_t lane,
                     uint32_t step,
                     uint64_t,
                     StepPlan& plan) const
{
    uint32_t stream = StreamOf(lane);
    uint32_t part = ChannelOf(lane);
    uint32_t k = BatchesOfStream(shape, stream);
    if (shape.ranksPerServer == 1)
    {
        Network(shape, rank, Distance(shape, BatchAt(stream, step)), part, plan);
        return;
    }
    if (step >= 1)
    {
        uint32_t d = Distance(shape, BatchAt(stream, step - 1));
        if (d >= 1)
        {
            Network(shape, rank, d, part, plan);
        }
    }
    if (step < k)
    {
        Relay(shape, rank, Distance(shape, BatchAt(stream, step)), part, plan);
    }
}

} // namespace fabric
} // namespace ns3
