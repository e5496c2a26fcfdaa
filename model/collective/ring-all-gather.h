/*
 * Ring all-gather schedule.
 */
#ifndef FABRIC_RING_ALL_GATHER_H
#define FABRIC_RING_ALL_GATHER_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ring all-gather: n - 1 steps, each forwarding one block of S/n (S = the gathered
 * output) to the next rank; every rank sends (n-1)/n * S bytes.
 */
class RingAllGather : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_GATHER; }

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
