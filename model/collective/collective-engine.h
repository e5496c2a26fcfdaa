/*
 * Runs collective algorithms on a fabric's NICs and on NVLink: the collective application.
 */
#ifndef FABRIC_COLLECTIVE_ENGINE_H
#define FABRIC_COLLECTIVE_ENGINE_H

#include "model/collective/collective-algorithm.h"
#include "model/collective/communicator.h"
#include "model/collective/flat-index.h"
#include "model/collective/nvlink-transport.h"
#include "model/nic/rdma-nic.h"

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief The collective application of every GPU: turns collectives (an algorithm, a
 * communicator, a size) into messages, chunk by chunk, on the GPUs' RdmaNics (between
 * servers) or on NVLink (inside a server), and reports when each rank and each collective
 * is done.
 *
 * It owns the receive-complete callback of every NIC it is installed on (do not combine with
 * FlowRunner on the same fabric). Queue pairs are connected lazily, one per (sender,
 * receiver, lane), and reused by later collectives: an all-to-all over n GPUs creates at
 * most n(n-1) x lanes of them, a ring 2 per rank and lane.
 *
 * Execution model, per rank and lane (see CollectiveAlgorithm for the dependency rule):
 * a rank joins a collective (Join) when its program reaches it; the sends of a step are
 * posted chunk by chunk as the receives they depend on arrive, and only to peers that have
 * joined (their receive is posted: NCCL's clear-to-send, modelled without its round trip).
 * A rank is done when all its steps ran, all its receives arrived and all its sends were
 * delivered. A collective is done when its last rank is. Reductions cost no time (GPUs
 * reduce at hundreds of GB/s, far above a 400 Gb/s NIC).
 *
 * A collective that cannot finish (a rank that never joins, a lost dependency) leaves its
 * ranks waiting: GetWaiting() / DescribeWaiting() list who waits for what.
 */
class CollectiveEngine : public Object
{
public:
    /// Called with (collective id, rank) when a rank finished its part.
    using RankDoneCallback = Callback<void, uint32_t, uint32_t>;
    /// Called with the collective id when the last rank finished.
    using DoneCallback = Callback<void, uint32_t>;

    /// Outcome and counters of one collective.
    struct Record
    {
        std::string label;                          //!< label given at creation
        CollectiveOp op {CollectiveOp::ALL_REDUCE}; //!< operation
        std::string algorithm;                      //!< algorithm name
        uint32_t ranks {0};                         //!< communicator size
        uint64_t bytes {0};                         //!< size S (nccl-tests meaning)
        Time start {-1};                            //!< first join (negative: nobody joined yet)
        Time finish {-1};                           //!< last rank done (negative: not done)
        uint32_t ranksDone {0};                     //!< ranks done
        uint64_t nicBytes {0};                      //!< payload bytes sent over NICs
        uint64_t nvlinkBytes {0};                   //!< bytes sent over NVLink
        uint64_t chunks {0};                        //!< messages posted
        std::vector<Time> rankJoin;                 //!< per rank: join time (negative: not joined)
        std::vector<Time> rankFinish;               //!< per rank: done time (negative: not done)

        /// @return true when every rank is done
        bool Done() const { return ranks > 0 && ranksDone == ranks; }

        /// @return completion time: last rank done minus first join
        Time Duration() const { return finish - start; }
    };

    /// Why a rank is still waiting.
    enum class WaitReason
    {
        NOT_JOINED,      //!< the rank never reached the collective
        RECEIVE,         //!< a message of the current step has not (fully) arrived
        PEER_NOT_JOINED, //!< data are ready for a peer that has not joined
        DELIVERY,        //!< everything posted, some messages still in flight
    };

    /// One waiting rank.
    struct WaitInfo
    {
        uint32_t collective {0};                    //!< collective id
        uint32_t rank {0};                          //!< waiting rank
        uint32_t gpu {0};                           //!< its GPU
        WaitReason reason {WaitReason::NOT_JOINED}; //!< why
        uint32_t lane {0};                          //!< lane (RECEIVE, PEER_NOT_JOINED)
        uint32_t step {0};                          //!< step it is in
        int32_t peer {-1};                          //!< rank it waits for (-1: none)
        uint32_t chunksDone {0};                    //!< chunks of that message received so far
        uint32_t chunks {0};                        //!< chunks of that message
    };

    /// Bytes a GPU moved.
    struct GpuCounters
    {
        uint64_t nicBytesSent {0};        //!< payload posted on its NIC
        uint64_t nicBytesReceived {0};    //!< payload received on its NIC
        uint64_t nvlinkBytesSent {0};     //!< bytes sent over NVLink
        uint64_t nvlinkBytesReceived {0}; //!< bytes received over NVLink
    };

    static TypeId GetTypeId();
    CollectiveEngine();
    ~CollectiveEngine() override;

    /**
     * Take over the NICs of a fabric.
     * @param nics NIC of each GPU, by GPU index
     * @param gpusPerServer GPUs per server (GPUs g / gpusPerServer share NVLink)
     * @param nvlink the NVLink model (created with defaults when null)
     */
    void Install(const std::vector<Ptr<RdmaNic>>& nics,
                 uint32_t gpusPerServer,
                 Ptr<NvLinkTransport> nvlink = nullptr);

    /**
     * Take over the NIC ports of a fabric with NIC planes: planes[p][g] is GPU g's port on
     * plane p. Queue pairs are spread over the planes: the k-th queue pair made from GPU s to
     * GPU d (k counts its channels and QpsPerConnection) uses plane
     * (s + d + server(s) + server(d) + k) mod planes, so that the peers a GPU sends to, the
     * peers it receives from and the channels to one peer all take the planes in turn, for
     * flat peers (d = s + i) as for rail peers (d = s + 8i) alike, as NCCL spreads its
     * channels and peers over the ports of a multi-port NIC. A queue pair stays on its plane.
     * With the attribute PlaneSpraying, a connection is instead one queue pair per plane and
     * every chunk is split over all of them (see PlaneSpraying).
     * @param planes ports by plane, then GPU (every plane has every GPU)
     * @param gpusPerServer GPUs per server
     * @param nvlink the NVLink model (created with defaults when null)
     */
    void InstallPlanes(const std::vector<std::vector<Ptr<RdmaNic>>>& planes,
                       uint32_t gpusPerServer,
                       Ptr<NvLinkTransport> nvlink = nullptr);

    /// @return the NVLink model
    Ptr<NvLinkTransport> GetNvLink() const { return m_nvlink; }

    /**
     * @param algorithm the algorithm
     * @param comm the communicator
     * @param root root rank (broadcast)
     * @return why the collective cannot run, or "" when it can
     */
    std::string Check(Ptr<CollectiveAlgorithm> algorithm,
                      const Communicator& comm,
                      uint32_t root = 0) const;

    /**
     * Declare a collective; nothing moves until its ranks join.
     * @param algorithm the algorithm (its attributes: channels, chunk size)
     * @param comm the communicator
     * @param bytes the size S as nccl-tests defines it for the operation (> 0)
     * @param root root rank (broadcast)
     * @param label for reports
     * @return the collective id
     */
    uint32_t Create(Ptr<CollectiveAlgorithm> algorithm,
                    const Communicator& comm,
                    uint64_t bytes,
                    uint32_t root = 0,
                    const std::string& label = "");

    /// Rank @p rank of collective @p id reaches it now and starts its part.
    void Join(uint32_t id, uint32_t rank);

    /// Every rank of collective @p id joins now.
    void JoinAll(uint32_t id);

    /**
     * Run only the GPUs marked in @p local (a simulation split over MPI ranks: the others run
     * elsewhere). Every rank still joins here, so that sends to a peer on another rank go
     * out, but only local ranks post, receive and finish; a collective's record then counts
     * the local ranks only (MergeRecord gathers the others'). Empty: every GPU (the default).
     */
    void SetLocalGpus(std::vector<bool> local) { m_local = std::move(local); }

    /**
     * How this engine reaches the engines of the GPUs that are not local (SetLocalGpus): @p send
     * gets a GPU and a message for that GPU's engine, to be handed to ReceiveRemote there at
     * least a lookahead later. Two kinds of messages: a chunk posted to a remote receiver
     * (which message its queue pair will deliver next: the receiver matches arrivals to the
     * posts), and a chunk of a remote sender delivered here (with the delivery time: a rank is
     * done when its last send is delivered).
     */
    void SetRemoteSend(std::function<void(uint32_t gpu, std::vector<uint8_t> message)> send)
    {
        m_remoteSend = std::move(send);
    }

    /// A message from another engine's remote send (see SetRemoteSend).
    void ReceiveRemote(const uint8_t* data, std::size_t size);

    /**
     * @return the NIC connections (packed sender GPU, receiver GPU, lane; see Preconnect)
     * that rank @p rank of collective @p id sends on over all its steps, sorted, each once
     */
    std::vector<uint64_t> ConnectionsOf(uint32_t id, uint32_t rank);

    /// Make the connection @p key (from ConnectionsOf) now if it does not exist yet: its
    /// queue pairs are numbered by the order of Preconnect calls, not by the first send.
    void Preconnect(uint64_t key);

    /**
     * Replace the counts of collective @p id with @p merged (gathered over MPI ranks: ranks
     * done, finish times, bytes and chunks of all of them).
     */
    void MergeRecord(uint32_t id, const Record& merged);

    /// Set the callback run (in a fresh event) when a rank finished its part.
    void SetRankDoneCallback(RankDoneCallback cb) { m_rankDone = cb; }

    /// Set the callback run (in a fresh event) when a collective finished.
    void SetDoneCallback(DoneCallback cb) { m_done = cb; }

    /// @return the communicator of collective @p id
    const Communicator& GetCommunicator(uint32_t id) const { return m_instances[id]->comm; }

    /// @return the record of collective @p id
    const Record& GetRecord(uint32_t id) const { return m_instances[id]->record; }

    /// @return number of collectives created
    uint32_t GetNCollectives() const { return static_cast<uint32_t>(m_instances.size()); }

    /// @return number of collectives not finished
    uint32_t GetNPending() const { return m_pending; }

    /// @return the ranks of unfinished collectives and what each waits for
    std::vector<WaitInfo> GetWaiting() const;

    /**
     * @param maxLines at most this many lines (a summary line says how many were left out)
     * @return one line per waiting rank, e.g. "collective 3 (all-reduce ring) rank 5 (GPU 12)
     *         step 4 lane 0: waits for 2 of 8 chunks from rank 4 (GPU 11)"
     */
    std::vector<std::string> DescribeWaiting(uint32_t maxLines = 20) const;

    /// @return counters of GPU @p gpu
    const GpuCounters& GetGpuCounters(uint32_t gpu) const { return m_gpuCounters[gpu]; }

    /// @return queue-pair connections created (each is 2 QPs: requester and responder)
    uint64_t GetNConnections() const { return m_conns.size(); }

protected:
    void DoDispose() override;

private:
    /// A message in flight, as the receiver needs to know it.
    static constexpr uint8_t REMOTE_POSTED = 1;    //!< ReceiveRemote: a chunk posted to here
    static constexpr uint8_t REMOTE_DELIVERED = 2; //!< ReceiveRemote: a chunk delivered there

    struct Tag
    {
        uint32_t collective; //!< collective id
        uint32_t src;        //!< sending rank
        uint32_t dst;        //!< receiving rank
        uint32_t step;       //!< the receiver's step
        uint16_t lane;       //!< lane
    };

    /// One message of a step: a peer, its size in bytes and chunks, and progress (24 bytes:
    /// a rank holds one per peer and live step, millions in a large all-to-all).
    struct Transfer
    {
        uint64_t bytes {0};     //!< message bytes
        uint32_t peer {0};      //!< peer rank
        uint32_t chunks {0};    //!< chunks of the message
        uint32_t done {0};      //!< chunks posted (send) or received (receive)
        uint32_t peerStep : 31; //!< sends: the receiver's step
        uint32_t waiting : 1;   //!< sends: registered to wait for the peer's join
    };

    /// A send blocked until its receiver joins.
    struct JoinWaiter
    {
        uint32_t rank; //!< sending rank
        uint32_t lane; //!< lane
        uint32_t step; //!< step
        uint32_t send; //!< index of the send in the step
    };

    /// A step of one rank and lane, materialized from the algorithm.
    struct StepState
    {
        int32_t dep {-1};            //!< step whose receives the sends wait for
        uint32_t recvsComplete {0};  //!< receives fully arrived
        uint32_t sendsComplete {0};  //!< sends fully posted
        bool sendsPosted {false};    //!< every send chunk posted
        std::vector<Transfer> sends; //!< sends
        std::vector<Transfer> recvs; //!< receives, sorted by peer
    };

    /// The live steps of a lane, oldest first. Each step is a heap object, so references to
    /// a step stay valid while others are added and retired; a lane that never had a live
    /// step holds no storage (a std::deque holds a 576-byte block even when empty, and a rank
    /// has a lane per stream: 32 in the PXN all-to-all).
    class StepWindow
    {
    public:
        /// @return true when no step is live
        bool empty() const { return m_head == m_steps.size(); }

        /// @return the live step @p i places from the oldest
        StepState& operator[](std::size_t i) { return *m_steps[m_head + i]; }

        /// @return the live step @p i places from the oldest
        const StepState& operator[](std::size_t i) const { return *m_steps[m_head + i]; }

        /// @return the oldest live step
        const StepState& front() const { return *m_steps[m_head]; }

        /// @return the newest live step
        StepState& back() { return *m_steps.back(); }

        /// Add @p step as the newest.
        void push_back(std::unique_ptr<StepState> step) { m_steps.push_back(std::move(step)); }

        /// Remove the oldest step and hand it over.
        std::unique_ptr<StepState> pop_front()
        {
            std::unique_ptr<StepState> step = std::move(m_steps[m_head++]);
            if (m_head == m_steps.size())
            {
                m_steps.clear(); // keeps the capacity for the next steps
                m_head = 0;
            }
            else if (m_head >= 16 && m_head * 2 >= m_steps.size())
            {
                m_steps.erase(m_steps.begin(), m_steps.begin() + m_head);
                m_head = 0;
            }
            return step;
        }

    private:
        /// Steps retired (null) before m_head, live from m_head on.
        std::vector<std::unique_ptr<StepState>> m_steps;
        uint32_t m_head {0}; //!< index of the oldest live step
    };

    /// Progress of one rank on one lane: a window of live steps.
    struct LaneState
    {
        uint64_t laneBytes {0};    //!< S carried by this lane
        uint32_t numSteps {0};     //!< steps of this rank on this lane
        uint32_t base {0};         //!< first live step (earlier ones are retired)
        uint32_t materialized {0}; //!< steps materialized so far
        int32_t lastRecvStep {-1}; //!< last materialized step with receives
        StepWindow steps;          //!< live steps [base, materialized)
    };

    /// One rank's part of a collective.
    struct RankState
    {
        bool joined {false};          //!< the rank reached the collective
        bool done {false};            //!< its part is finished
        uint64_t inflight {0};        //!< chunks posted and not yet delivered
        Time latest {0};              //!< latest progress: its finish time when it is done
        std::vector<LaneState> lanes; //!< per lane
    };

    /// A collective.
    struct Instance
    {
        uint32_t id {0};                                  //!< collective id
        Ptr<CollectiveAlgorithm> algorithm;               //!< the algorithm
        Communicator comm;                                //!< the ranks
        CommShape shape;                                  //!< its shape
        uint32_t lanes {1};                               //!< lanes
        uint64_t chunkBytes {0};                          //!< chunk size
        std::vector<uint64_t> laneBytes;                  //!< per lane: bytes (same for all ranks)
        std::vector<std::unique_ptr<RankState>> ranks;    //!< per rank (null before join)
        std::vector<std::vector<JoinWaiter>> joinWaiters; //!< per rank: sends waiting for it
        Record record;                                    //!< outcome
    };

    /// A queue-pair connection between two GPUs' NICs (20 bytes: a PXN all-to-all on 4096
    /// GPUs makes 2.1 million).
    struct Connection
    {
        uint32_t qpn {0};              //!< requester QP
        uint32_t plane {0};            //!< NIC plane of the QP
        uint32_t nextQp {0};           //!< first QP of a connection: the QP of the next message
        uint32_t spray {UINT32_MAX};   //!< its SprayGroup (PlaneSpraying), else UINT32_MAX
        uint32_t tagList {UINT32_MAX}; //!< its TagList while messages are posted and not yet
                                       //!< received, else UINT32_MAX (an idle one holds none)
    };

    /// The messages a connection posted and that have not arrived yet, in order; lent to a
    /// connection while it has any (m_tagLists), taken back, capacity kept, when it has none.
    struct TagList
    {
        std::vector<Tag> tags; //!< posted, from head
        uint32_t head {0};     //!< first live entry
    };

    /// One queue pair per plane carrying the parts of the same chunks (PlaneSpraying).
    struct SprayGroup
    {
        std::vector<Tag> tags;           //!< chunks posted, from sequence number base
        std::vector<uint8_t> left;       //!< per chunk: parts not yet received
        uint32_t base {0};               //!< sequence number of tags[0]
        std::array<uint32_t, 8> next {}; //!< per plane: sequence number of its next part
    };

    /// Join; with @p activate false the caller activates the rank later (JoinAll).
    void AddRank(uint32_t id, uint32_t rank, bool activate);
    /// A message arrived at the NIC of GPU @p gpu on responder QP @p qpn.
    void OnNicReceive(uint32_t gpu, uint32_t plane, uint32_t qpn, uint64_t bytes);

    /// @return GPUs the engine was installed on (one port each per plane)
    std::size_t NumGpus() const { return m_planes.empty() ? 0 : m_planes.front().size(); }

    /// A chunk described by @p tag arrived.
    void OnArrival(Tag tag, uint64_t bytes, bool nvlink);
    /// Make progress on rank @p rank, lane @p lane.
    void Pump(Instance& in, uint32_t rank, uint32_t lane);
    /// Retire the first live step of @p ls (its vectors go to the pool).
    void Retire(LaneState& ls);
    /// Append the next step of @p ls.
    void Materialize(Instance& in, uint32_t rank, uint32_t lane, LaneState& ls);
    /// Post what is ready in step @p s (all its sends, or only send @p only).
    void TryPost(
        Instance& in, uint32_t rank, uint32_t lane, LaneState& ls, uint32_t s, int32_t only = -1);
    /// @return how many chunks of send @p t of step @p s its earlier receives allow
    uint32_t SendLimit(const LaneState& ls, uint32_t s, const Transfer& t) const;
    /// Rank @p rank's state exists: pump its lanes and wake the sends waiting for it.
    void Activate(Instance& in, uint32_t rank);
    /// Post chunk @p chunk of send @p t.
    void PostChunk(Instance& in, uint32_t rank, uint32_t lane, const Transfer& t, uint32_t chunk);
    /// Check whether rank @p rank finished.
    void CheckRankDone(Instance& in, uint32_t rank, Time at);

    /// @return true when GPU @p gpu runs here (SetLocalGpus)
    bool IsLocal(uint32_t gpu) const { return m_local.empty() || m_local[gpu]; }

    /// Queue @p tag on connection @p c: the next message its queue pair delivers.
    void PushTag(uint32_t c, const Tag& tag);
    /// Run the rank-done callback.
    void NotifyRankDone(uint32_t id, uint32_t rank);
    /// Run the collective-done callback.
    void NotifyDone(uint32_t id);
    /// @return the index of the first QP of connection (src, dst, lane), connecting its
    /// QpsPerConnection QPs (consecutive indices) if new
    uint32_t GetConnection(uint32_t srcGpu, uint32_t dstGpu, uint32_t lane);
    /// Connect a QP from @p srcGpu to @p dstGpu on @p plane as a new connection of spray
    /// group @p spray (UINT32_MAX: none)
    void ConnectPlane(uint32_t srcGpu, uint32_t dstGpu, uint32_t plane, uint32_t spray);

    /// @return the chunk count of a message of @p bytes
    static uint32_t Chunks(uint64_t bytes, uint64_t chunkBytes)
    {
        return static_cast<uint32_t>((bytes + chunkBytes - 1) / chunkBytes);
    }

    std::vector<std::vector<Ptr<RdmaNic>>> m_planes;    //!< [plane][gpu] NIC ports
    std::unordered_map<uint64_t, uint32_t> m_pairQps;   //!< (src, dst) -> QPs made (planes > 1)
    uint32_t m_qpsPerConnection {1};                    //!< QPs per (src, dst, lane)
    bool m_planeSpraying {false};                       //!< split every chunk over the planes
    std::vector<SprayGroup> m_sprays;                   //!< PlaneSpraying's groups
    uint32_t m_gpusPerServer {8};                       //!< GPUs per server
    Ptr<NvLinkTransport> m_nvlink;                      //!< NVLink model
    std::vector<std::unique_ptr<Instance>> m_instances; //!< collectives by id
    uint32_t m_pending {0};                             //!< unfinished collectives
    std::vector<Connection> m_conns;                    //!< connections
    FlatIndex m_connIndex;                              //!< (src, dst, lane) -> connection
    /// [plane x GPUs + gpu][responder qpn] -> connection
    std::vector<std::vector<uint32_t>> m_recvConn;
    std::vector<GpuCounters> m_gpuCounters; //!< per GPU
    StepPlan m_plan;                        //!< scratch
    std::vector<bool> m_local;              //!< GPUs run here (empty: all)
    std::function<void(uint32_t, std::vector<uint8_t>)> m_remoteSend; //!< SetRemoteSend
    std::vector<uint32_t> m_limits;                                   //!< scratch
    std::vector<std::unique_ptr<StepState>> m_stepPool; //!< retired steps, reused for capacity
    std::vector<TagList> m_tagLists;                    //!< lent to busy connections
    std::vector<uint32_t> m_freeTagLists;               //!< m_tagLists not lent
    RankDoneCallback m_rankDone;                        //!< rank-done callback
    DoneCallback m_done;                                //!< collective-done callback
    TracedCallback<uint32_t> m_collectiveDoneTrace;     //!< collective id
};

} // namespace fabric
} // namespace ns3

#endif
