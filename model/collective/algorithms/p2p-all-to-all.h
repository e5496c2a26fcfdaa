/*
 * Base of the all-to-all algorithms NCCL runs as grouped sends and receives: its p2p rounds,
 * batched and spread over channels.
 */
#ifndef FABRIC_P2P_ALL_TO_ALL_H
#define FABRIC_P2P_ALL_TO_ALL_H

#include "model/collective/collective-algorithm.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

/**
 * @brief An all-to-all scheduled as NCCL schedules a group of ncclSend/ncclRecv.
 *
 * NCCL numbers the transfers of a rank by round (round r: send to rank + r, receive from
 * rank - r) and packs consecutive rounds into one work batch (at most
 * NCCL_MAX_DEV_WORK_P2P_PER_BATCH = 8 rounds; the subclass says what a batch holds). Batch k runs
 * on the channels that ncclP2pChannelBaseForRound gives it, one per part of the data
 * (p2pnChannelsPerPeer, NCCL_NCHANNELS_PER_NET_PEER: the Channels attribute), and a channel runs
 * its batches one after the other: a batch is done when its receives have arrived. With P2pChannels
 * channels in all, Streams() = P2pChannels / Channels batches are in flight at once, and
 * batch k belongs to stream k mod Streams(). So a rank of a 4096-GPU job talks to a few
 * dozen peers at a time, not to all of them.
 *
 * Lanes: lane = part x Streams() + stream (ChannelOf(lane) is the part), each with its own
 * queue pairs. A lane's steps are its stream's batches in order; the engine's dependency
 * rule (a step's sends wait for the earlier steps' receives) is NCCL's batch order. Every
 * block (the S/n bytes for one peer) is split over the Channels parts.
 */
class P2pAllToAll : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_TO_ALL; }

    uint32_t LanesPerChannel() const override { return Streams(); }

    /// @return batches a rank runs at once: P2pChannels / Channels (at least 1)
    uint32_t Streams() const { return std::max(1u, m_p2pChannels / m_channels); }

    /// @return the lane's exact bound: its rounds x the largest block's part (0: lane idle)
    uint64_t LaneBytes(const CommShape& shape, uint32_t lane) const override;

protected:
    /// @return the stream of @p lane
    uint32_t StreamOf(uint32_t lane) const { return lane % Streams(); }

    /// @return the bytes of part @p part of the block for rank @p target (of S/n)
    uint64_t Block(const CommShape& shape, uint32_t target, uint32_t part) const
    {
        return Share(Share(shape.bytes, shape.ranks, target), m_channels, part);
    }

    /// @return batches of the whole schedule (the subclass's unit: rounds or servers)
    virtual uint32_t NumBatches(const CommShape& shape) const = 0;

    /// @return the transfers of batch @p batch a rank sends (an upper bound is enough)
    virtual uint32_t TransfersInBatch(const CommShape& shape, uint32_t batch) const = 0;

    /// @return how many batches stream @p stream runs
    uint32_t BatchesOfStream(const CommShape& shape, uint32_t stream) const
    {
        uint32_t nb = NumBatches(shape);
        return stream < nb ? (nb - 1 - stream) / Streams() + 1 : 0;
    }

    /// @return the @p k-th batch of stream @p stream
    uint32_t BatchAt(uint32_t stream, uint32_t k) const { return stream + k * Streams(); }

    uint32_t m_p2pChannels {32}; //!< NCCL's p2pnChannels
};

} // namespace fabric
} // namespace ns3

#endif
