/*
 * Direct all-to-all schedule: NCCL's grouped sends and receives to every peer.
 */
#ifndef FABRIC_DIRECT_ALL_TO_ALL_H
#define FABRIC_DIRECT_ALL_TO_ALL_H

#include "model/collective/algorithms/p2p-all-to-all.h"

#include <utility>

namespace ns3
{
namespace fabric
{

/**
 * @brief Direct all-to-all: every rank sends its block for rank j (S/n of its S-byte buffer)
 * straight to j and receives one block from each, as nccl-tests' alltoall does with a group
 * of ncclSend/ncclRecv. Round r (1 <= r < n) sends to rank + r and receives from rank - r;
 * rounds go 8 to a batch (round 0, the rank itself, fills batch 0's first slot) and a rank
 * runs Streams() batches at once (P2pAllToAll). Needs a queue pair to every peer: n(n-1) x
 * Channels QPs in all.
 */
class DirectAllToAll : public P2pAllToAll
{
public:
    static TypeId GetTypeId();

    std::string GetName() const override { return "direct"; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

    static constexpr uint32_t ROUNDS_PER_BATCH = 8; //!< NCCL_MAX_DEV_WORK_P2P_PER_BATCH

protected:
    uint32_t NumBatches(const CommShape& shape) const override;
    uint32_t TransfersInBatch(const CommShape& shape, uint32_t batch) const override;

private:
    /// @return the rounds [first, end) of batch @p batch (round 0, the rank itself, left out)
    static std::pair<uint32_t, uint32_t> Rounds(const CommShape& shape, uint32_t batch)
    {
        return {std::max(1u, batch * ROUNDS_PER_BATCH),
                std::min(shape.ranks, (batch + 1) * ROUNDS_PER_BATCH)};
    }
};

} // namespace fabric
} // namespace ns3

#endif
