/*
 * Hierarchical all-reduce schedule: NVLink reduce-scatter, per-rail all-reduce, NVLink all-gather.
 */
#ifndef FABRIC_HIERARCHICAL_ALL_REDUCE_H
#define FABRIC_HIERARCHICAL_ALL_REDUCE_H

#include "model/collective/collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Hierarchical all-reduce over a server-major communicator of N servers with m ranks
 * each (rank = server * m + local):
 * 1. ring reduce-scatter inside each server (m - 1 steps, NVLink): local rank i ends with
 *    shard i (S/m) summed over its server;
 * 2. all-reduce of shard i among the N ranks with local index i: one rail on a
 *    rail-optimized fabric, so the network carries S/m per GPU. InterServer "Ring": a ring
 *    (2(N - 1) steps); "Tree": NCCL's double binary tree over the servers (3 steps per tree,
 *    log2(N) latency; each channel then has 2 lanes, one per tree) - what NCCL uses across
 *    many nodes;
 * 3. ring all-gather inside each server (m - 1 steps, NVLink).
 * A phase starts, chunk by chunk, when the previous phase's data arrived at that rank.
 * With m = 1 (one rank per server) it is the inter-server algorithm alone.
 * Every rank sends 2(m-1)/m * S over NVLink and, with the ring, 2(N-1)/N * S/m over its NIC.
 */
class HierarchicalAllReduce : public CollectiveAlgorithm
{
public:
    /// The all-reduce between servers.
    enum InterServer
    {
        RING, //!< ring over the servers
        TREE, //!< double binary tree over the servers
    };

    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_REDUCE; }

    std::string GetName() const override
    {
        return m_interServer == TREE ? "hierarchical-tree" : "hierarchical";
    }

    uint32_t LanesPerChannel() const override { return m_interServer == TREE ? 2 : 1; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

private:
    /// @return steps of the inter-server phase
    uint32_t InterServerSteps(uint32_t servers) const;

    InterServer m_interServer {RING}; //!< inter-server algorithm
};

} // namespace fabric
} // namespace ns3

#endif
