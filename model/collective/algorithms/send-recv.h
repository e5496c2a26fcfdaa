/*
 * Point-to-point send/receive schedule (nccl-tests sendrecv, pipeline-parallel transfers).
 */
#ifndef FABRIC_SEND_RECV_H
#define FABRIC_SEND_RECV_H

#include "model/collective/collective-algorithm.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Send/receive: rank r sends S bytes to rank r + Shift and receives S bytes from
 * r - Shift in one step (nccl-tests sendrecv with Shift 1). With Wrap false the shift does
 * not wrap around: the last Shift ranks only receive and the first only send, so a
 * two-rank communicator {a, b} with Wrap false is one transfer a -> b (a pipeline stage
 * handing activations to the next). With Permutation true, rank r sends to pi(r) and
 * receives from pi^-1(r) instead, pi a random cyclic permutation of the ranks drawn with
 * PermutationSeed (Sattolo's shuffle with mt19937_64, the same on every platform): every
 * rank sends to one other rank and receives from one, with no rank sending to itself (the
 * permutation workload, as a job beside others).
 */
class SendRecv : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::SEND_RECV; }

    std::string GetName() const override { return m_permutation ? "permutation" : "p2p"; }

    /// @return the peer rank @p rank sends to in a communicator of @p ranks
    uint32_t SendPeer(uint32_t rank, uint32_t ranks) const;

    /// @return the peer rank @p rank receives from in a communicator of @p ranks
    uint32_t RecvPeer(uint32_t rank, uint32_t ranks) const;

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

private:
    uint32_t m_shift {1};           //!< distance to the peer
    bool m_wrap {true};             //!< wrap around the communicator
    bool m_permutation {false};     //!< peers from a random cyclic permutation
    uint64_t m_permutationSeed {1}; //!< its seed
    /// The permutation and its inverse, drawn for m_to.size() ranks with m_drawnSeed.
    mutable std::vector<uint32_t> m_to;
    mutable std::vector<uint32_t> m_from;
    mutable uint64_t m_drawnSeed {0}; //!< the seed m_to was drawn with
    /// Draw the permutation for @p ranks ranks if not drawn yet.
    void Draw(uint32_t ranks) const;
};

} // namespace fabric
} // namespace ns3

#endif
