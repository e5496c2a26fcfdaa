/*
 * Ring reduce-scatter schedule.
 */
#ifndef FABRIC_RING_REDUCE_SCATTER_H
#define FABRIC_RING_REDUCE_SCATTER_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ring reduce-scatter: n - 1 steps, each moving one block of S/n (S = the input of a
 * rank) to the next rank; every rank sends (n-1)/n * S bytes.
 */
class RingReduceScatter : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::REDUCE_SCATTER; }

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
