/*
 * Direct all-to-all schedule.
 */
#ifndef FABRIC_DIRECT_ALL_TO_ALL_H
#define FABRIC_DIRECT_ALL_TO_ALL_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Direct all-to-all: one step in which every rank sends its block for rank j (S/n of
 * its S-byte buffer) to every other rank j at once, and receives one block from each. Needs
 * a queue pair to every peer: n(n-1) QPs in all.
 */
class DirectAllToAll : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_TO_ALL; }

    std::string GetName() const override { return "direct"; }

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
