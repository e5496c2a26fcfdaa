/*
 * Pipelined ring broadcast schedule.
 */
#ifndef FABRIC_RING_BROADCAST_H
#define FABRIC_RING_BROADCAST_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Pipelined ring broadcast: the root's S bytes flow along the ring, chunk by chunk;
 * every rank but the last forwards each chunk as soon as it arrived. Step 0: receive from
 * the previous rank (not the root); step 1: send to the next (not the last rank).
 */
class RingBroadcast : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::BROADCAST; }

    std::string GetName() const override { return "ring"; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;
};

} // namespace fabric
} // namespace ns3

#endif
