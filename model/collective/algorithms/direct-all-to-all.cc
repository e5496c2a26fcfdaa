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
                            .SetParent<P2pAllToAll>()
                            .SetGroupName("Fabric")
                            .AddConstructor<DirectAllToAll>();
    return tid;
}

uint32_t
DirectAllToAll::NumBatches(const CommShape& shape) const
{
    // Rounds 0..n-1, round 0 being the rank itself.
    return shape.ranks > 1 ? (shape.ranks + ROUNDS_PER_BATCH - 1) / ROUNDS_PER_BATCH : 0;
}

uint32_t
DirectAllToAll::TransfersInBatch(const CommShape& shape, uint32_t batch) const
{
    auto [first, end] = Rounds(shape, batch);
    return end > first ? end - first : 0;
}

uint32_t
DirectAllToAll::NumSteps(const CommShape& shape, uint32_t, uint32_t lane) const
{
    return BatchesOfStream(shape, StreamOf(lane));
}

void
DirectAllToAll::GetStep(const CommShape& shape,
                        uint32_t rank,
                        uint32_t lane,
                        uint32_t step,
                        uint64_t,
                        StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t part = ChannelOf(lane);
    auto [first, end] = Rounds(shape, BatchAt(StreamOf(lane), step));
    for (uint32_t r = first; r < end; ++r)
    {
        uint32_t to = (rank + r) % n; // start at the next rank, as NCCL's rounds do
        uint32_t from = (rank + n - r) % n;
        plan.Send(to, Block(shape, to, part));
        plan.Recv(from, Block(shape, rank, part));
    }
}

} // namespace fabric
} // namespace ns3
