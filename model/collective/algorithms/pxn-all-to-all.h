/*
 * PXN all-to-all schedule (NCCL 2.12): NVLink to the GPU on the destination's rail, then the rail.
 */
#ifndef FABRIC_PXN_ALL_TO_ALL_H
#define FABRIC_PXN_ALL_TO_ALL_H

#include "model/collective/algorithms/p2p-all-to-all.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief PXN all-to-all over a server-major communicator of N servers with m ranks each.
 *
 * NCCL's rounds for server distance d (the m rounds to the ranks of server a + d) form one
 * batch, so batch d moves everything rank (a, i) has for server b = a + d: (relay) over
 * NVLink, rank (a, i) hands each local rank (a, j) its block for (b, j); (network) rank
 * (a, i) sends (b, i), on its own rail, the blocks of all m local ranks for (b, i),
 * aggregated into one message. Batch 0 is the exchange inside the server (NVLink only).
 * Only same-rail connections cross the network (N - 1 peers per NIC instead of n - 1).
 *
 * A rank runs Streams() batches at once (P2pAllToAll): stream q takes distances q, q +
 * Streams(), ... in order, and each step of a stream pipelines the network send of one
 * distance with the NVLink relay of the next, so at most Streams() distances per NIC are on
 * the network at any time. With m = 1 it is the direct all-to-all, one server per batch.
 */
class PxnAllToAll : public P2pAllToAll
{
public:
    static TypeId GetTypeId();

    std::string GetName() const override { return "pxn"; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

protected:
    uint32_t NumBatches(const CommShape& shape) const override;
    uint32_t TransfersInBatch(const CommShape& shape, uint32_t batch) const override;

private:
    /// @return the server distance of batch @p batch (batch 0 is distance 0 only with m > 1)
    static uint32_t Distance(const CommShape& shape, uint32_t batch)
    {
        return shape.ranksPerServer > 1 ? batch : batch + 1;
    }

    /// Add the NVLink relay of distance @p d for rank @p rank to @p plan.
    void Relay(
        const CommShape& shape, uint32_t rank, uint32_t d, uint32_t part, StepPlan& plan) const;

    /// Add the network transfer of distance @p d (>= 1) for rank @p rank to @p plan.
    void Network(
        const CommShape& shape, uint32_t rank, uint32_t d, uint32_t part, StepPlan& plan) const;
};

} // namespace fabric
} // namespace ns3

#endif
