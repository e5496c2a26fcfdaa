/*
 * Hierarchical all-reduce schedule: NVLink reduce-scatter, per-rail all-reduce, NVLink all-gather.
 */
#ifndef FABRIC_HIERARCHICAL_ALL_REDUCE_H
#define FABRIC_HIERARCHICAL_ALL_REDUCE_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Hierarchical all-reduce over a server-major communicator of N servers with m ranks
 * each (rank = server * m + local):
 * 1. ring reduce-scatter inside each server (m - 1 steps, NVLink): local rank i ends with
 *    shard i (S/m) summed over its server;
 * 2. ring all-reduce of shard i among the N ranks with local index i (2(N - 1) steps): one
 *    rail on a rail-optimized fabric, so the network carries S/m per GPU;
 * 3. ring all-gather inside each server (m - 1 steps, NVLink).
 * A phase starts, chunk by chunk, when the previous phase's data arrived at that rank.
 * Every rank sends 2(m-1)/m * S over NVLink and 2(N-1)/N * S/m over its NIC.
 */
class HierarchicalAllReduce : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_REDUCE; }

    std::string GetName() const override { return "hierarchical"; }

    std::string Validate(const CommShape& shape) const override;
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
