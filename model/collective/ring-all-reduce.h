/*
 * Ring all-reduce schedule.
 */
#ifndef FABRIC_RING_ALL_REDUCE_H
#define FABRIC_RING_ALL_REDUCE_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ring all-reduce (NCCL "ring"): a reduce-scatter of n - 1 steps then an all-gather of
 * n - 1 steps around the ring; each step moves one block of S/n to the next rank. Every rank
 * sends 2(n-1)/n * S bytes.
 */
class RingAllReduce : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_REDUCE; }

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
