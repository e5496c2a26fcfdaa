/*
 * Pairwise-exchange all-to-all schedule.
 */
#ifndef FABRIC_PAIRWISE_ALL_TO_ALL_H
#define FABRIC_PAIRWISE_ALL_TO_ALL_H

#include "model/collective/collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Pairwise-exchange all-to-all: n - 1 steps; in step s rank r sends its block to
 * r + s + 1 and receives from r - s - 1; a step starts when the previous step's block
 * arrived. One peer at a time: fewer concurrent flows than the direct algorithm.
 */
class PairwiseAllToAll : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_TO_ALL; }

    std::string GetName() const override { return "pairwise"; }

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
