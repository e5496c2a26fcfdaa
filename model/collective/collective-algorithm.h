/*
 * Base class of the collective algorithms: a per-rank schedule of steps (sends and receives).
 */
#ifndef FABRIC_COLLECTIVE_ALGORITHM_H
#define FABRIC_COLLECTIVE_ALGORITHM_H

#include "ns3/object.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// The collective operations (nccl-tests names).
enum class CollectiveOp
{
    ALL_REDUCE,
    ALL_GATHER,
    REDUCE_SCATTER,
    ALL_TO_ALL,
    BROADCAST,
    SEND_RECV,
};

/// @return e.g. "all-reduce"
std::string CollectiveOpName(CollectiveOp op);

/**
 * @return nccl-tests' bus-bandwidth factor (doc/PERFORMANCE.md): all-reduce 2(n-1)/n;
 * all-gather, reduce-scatter, all-to-all (n-1)/n; broadcast and send/recv 1
 */
double BusBandwidthFactor(CollectiveOp op, uint32_t ranks);

/// One transfer of a step seen from one rank: the peer rank and the payload bytes.
struct StepTransfer
{
    static constexpr uint32_t SAME_STEP = UINT32_MAX; //!< peerStep: the peer's step = ours

    uint32_t peer {0};             //!< peer rank in the communicator
    uint64_t bytes {0};            //!< payload bytes (never 0: empty transfers are left out)
    uint32_t peerStep {SAME_STEP}; //!< sends: the receiver's step that receives it
};

/// What one rank does in one step of one lane: messages it sends and messages it receives.
struct StepPlan
{
    std::vector<StepTransfer> sends; //!< messages to send
    std::vector<StepTransfer> recvs; //!< messages to receive

    /// Empty both lists (keeps their capacity).
    void Clear()
    {
        sends.clear();
        recvs.clear();
    }

    /**
     * Add a send unless @p bytes is 0.
     * @param peer receiving rank
     * @param bytes payload
     * @param peerStep the receiver's step whose receive this is (default: the same step)
     */
    void Send(uint32_t peer, uint64_t bytes, uint32_t peerStep = StepTransfer::SAME_STEP)
    {
        if (bytes > 0)
        {
            sends.push_back({peer, bytes, peerStep});
        }
    }

    /// Add a receive unless @p bytes is 0.
    void Recv(uint32_t peer, uint64_t bytes)
    {
        if (bytes > 0)
        {
            recvs.push_back({peer, bytes, StepTransfer::SAME_STEP});
        }
    }
};

/// The shape of the communicator an algorithm runs on.
struct CommShape
{
    uint32_t ranks {1};          //!< communicator size n
    uint32_t ranksPerServer {1}; //!< m: consecutive ranks sharing a server (1: none assumed)
    uint32_t root {0};           //!< root rank (broadcast)
    uint64_t bytes {0};          //!< the collective's size S (nccl-tests meaning)

    /// @return number of servers the communicator spans (ranks / ranksPerServer)
    uint32_t Servers() const { return ranks / ranksPerServer; }
};

/**
 * @brief A collective algorithm: for every rank, an ordered list of steps; each step sends
 * and receives whole messages. The CollectiveEngine runs it.
 *
 * Data are split over lanes: Channels parallel channels (each with its own queue pairs, as
 * NCCL's channels), times LanesPerChannel() (2 for the double binary tree, one per tree).
 * Each message is cut into chunks of at most ChunkBytes, posted one by one.
 *
 * Dependency rule (the engine enforces it): the sends of step s depend on the receives of
 * every earlier step: chunk k of a send of ns chunks may start once every earlier receive
 * (of nr chunks) has delivered ceil((k+1) * nr / ns) chunks, i.e. the same fraction of its
 * data (the "step starts when its input has arrived", chunk by chunk, as NCCL pipelines
 * slices; the data a chunk needs are assumed to arrive in order within a message).
 * A send to a peer also waits until the peer has joined the collective (its receive is
 * posted, as with NCCL's clear-to-send). A send of step s is one of the receives of the
 * peer's step s unless the plan names another step (StepTransfer::peerStep, e.g. a tree
 * child sends up in its step 1 what the parent receives in its step 0).
 */
class CollectiveAlgorithm : public Object
{
public:
    static TypeId GetTypeId();
    CollectiveAlgorithm();

    /// @return the operation this algorithm implements
    virtual CollectiveOp GetOp() const = 0;

    /// @return the algorithm's short name ("ring", "tree", ...)
    virtual std::string GetName() const = 0;

    /// @return lanes per channel (1; 2 for the double binary tree)
    virtual uint32_t LanesPerChannel() const { return 1; }

    /// @return total lanes: Channels x LanesPerChannel()
    uint32_t NumLanes() const { return m_channels * LanesPerChannel(); }

    /// @return the Channels attribute
    uint32_t GetChannels() const { return m_channels; }

    /**
     * @param shape the communicator, with the collective's size S in shape.bytes
     * @return the bytes lane @p lane carries (the laneBytes GetStep gets); a lane of 0 bytes
     *         runs no step. Default: S split evenly over the lanes.
     */
    virtual uint64_t LaneBytes(const CommShape& shape, uint32_t lane) const
    {
        return Share(shape.bytes, NumLanes(), lane);
    }

    /// @return the ChunkBytes attribute
    uint64_t GetChunkBytes() const { return m_chunkBytes; }

    /**
     * @param shape the communicator
     * @return a message when the algorithm cannot run on @p shape; empty when it can
     */
    virtual std::string Validate(const CommShape& shape) const;

    /// @return number of steps rank @p rank runs on lane @p lane
    virtual uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const = 0;

    /**
     * Fill @p plan with step @p step of rank @p rank on lane @p lane.
     * @param laneBytes the collective's size S (nccl-tests meaning) carried by this lane
     */
    virtual void GetStep(const CommShape& shape,
                         uint32_t rank,
                         uint32_t lane,
                         uint32_t step,
                         uint64_t laneBytes,
                         StepPlan& plan) const = 0;

    /// @return the bytes of lane @p lane when @p total is split over @p lanes lanes
    static uint64_t Share(uint64_t total, uint32_t parts, uint32_t index)
    {
        return total / parts + (index < total % parts ? 1 : 0);
    }

    /**
     * Ring order over a server-major communicator. With ranksPerServer m > 1 the ring walks
     * a server's ranks then moves on; odd servers are walked backwards (a snake) and channel
     * c starts at local rank c % m, so each crossing between servers joins the same local
     * index (one rail) and 8 channels use 8 different rails. With m = 1, rank order.
     * @return the rank at ring position @p pos of lane @p lane
     */
    uint32_t RingRankAt(const CommShape& shape, uint32_t lane, uint32_t pos) const;

    /// @return the ring position of @p rank on lane @p lane
    uint32_t RingPosOf(const CommShape& shape, uint32_t lane, uint32_t rank) const;

protected:
    /// @return the channel of lane @p lane
    uint32_t ChannelOf(uint32_t lane) const { return lane / LanesPerChannel(); }

    uint32_t m_channels {2};            //!< parallel channels
    uint64_t m_chunkBytes {512 * 1024}; //!< largest message posted at once
    bool m_railRing {true};             //!< snake + rotation ring order on multi-GPU servers
};

} // namespace fabric
} // namespace ns3

#endif
