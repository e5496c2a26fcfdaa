/*
 * Replays a training step (compute phases and collectives per rank) on a CollectiveEngine.
 */
#ifndef FABRIC_TRAINING_REPLAY_H
#define FABRIC_TRAINING_REPLAY_H

#include "model/collective/collective-engine.h"
#include "model/collective/workload/training-workload.h"

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Runs a TrainingWorkload: every GPU of the job follows its own task graph; compute
 * phases take the trace's time divided by the GPU's compute speed and run one at a time per
 * GPU; collectives and pipeline sends go through the CollectiveEngine and overlap with
 * compute. A GPU's collectives on the same kind of group (its tp, dp, ... communicator) run
 * one after another in trace order, as NCCL kernels on one communicator's stream do. A synchronous
 * collective finishes only when its slowest member has joined and the data went round, so a slow
 * GPU gates its whole group.
 *
 * Per GPU and iteration it records compute time (busy), communication time (union of the
 * intervals from joining a collective to finishing it), exposed communication (communication
 * while the GPU does not compute). Step time = the last GPU's end of the iteration minus the
 * previous one's. GPU utilization = compute time / step time.
 */
class TrainingReplay : public Object
{
public:
    /// Totals of one GPU over all iterations.
    struct GpuStats
    {
        Time compute {0}; //!< time computing
        Time comm {0};    //!< time with at least one collective in progress
        Time exposed {0}; //!< communication while not computing
        Time finish {-1}; //!< end of its last iteration
    };

    static TypeId GetTypeId();
    TrainingReplay();
    ~TrainingReplay() override;

    /**
     * @param engine the collective engine of the fabric
     * @param gpusPerServer GPUs per server
     * @param takeCallbacks the replay sets the engine's rank-done and done callbacks; false
     *        when the engine is shared with other work whose owner forwards them (OnRankDone,
     *        OnCollectiveDone: the replay ignores collectives it did not create)
     */
    void Install(Ptr<CollectiveEngine> engine, uint32_t gpusPerServer, bool takeCallbacks = true);

    /**
     * Run the workload's GPU g on the fabric's GPU @p gpus[g] (default: GPU g), e.g. a job's
     * GPUs. The map must keep each server's GPUs together, in order (GPU g of the workload on
     * server g / gpusPerServer). Call before Load.
     */
    void SetGpuMap(std::vector<uint32_t> gpus) { m_gpuMap = std::move(gpus); }

    /// Run only the first @p n iterations (at most the workload's). Call after Load.
    void SetIterationLimit(uint32_t n) { m_iterationLimit = std::min(n, m_workload.iterations); }

    /**
     * Run @p more iterations past the limit (at most the workload's): the GPUs that finished
     * the last one start the next now.
     */
    void ExtendIterations(uint32_t more);

    /// Engine callback: a rank of collective @p id finished (ignored unless the replay's).
    void OnRankDone(uint32_t id, uint32_t rank);
    /// Engine callback: collective @p id finished (ignored unless the replay's).
    void OnCollectiveDone(uint32_t id);

    /// Set GPU @p gpu's compute speed relative to the trace's reference GPU (default 1).
    void SetComputeSpeed(uint32_t gpu, double factor);

    /// Load a workload (must be valid: see TrainingWorkload::Validate).
    void Load(const TrainingWorkload& workload);

    /// Start iteration 0 on every GPU now.
    void Start();

    /// Set the callback run (in a fresh event) when every GPU finished every iteration.
    void SetDoneCallback(Callback<void> cb) { m_doneCallback = cb; }

    /// @return true when every GPU finished every iteration
    bool IsDone() const { return m_gpusDone == m_ranks.size(); }

    /// @return when the last GPU finished each iteration (only finished iterations)
    const std::vector<Time>& GetIterationEnds() const { return m_iterationEnds; }

    /// @return the start time
    Time GetStartTime() const { return m_start; }

    /// @return step time of each finished iteration
    std::vector<Time> GetStepTimes() const;

    /// @return totals of GPU @p gpu of the job
    const GpuStats& GetGpuStats(uint32_t gpu) const { return m_ranks[gpu].stats; }

    /// @return GPUs in the job
    uint32_t GetNGpus() const { return static_cast<uint32_t>(m_ranks.size()); }

    /**
     * @param maxLines at most this many lines
     * @return for unfinished GPUs: the iteration and the task they are in or wait for, then
     *         the engine's description of waiting collective ranks
     */
    std::vector<std::string> DescribeWaiting(uint32_t maxLines = 20) const;

protected:
    void DoDispose() override;

private:
    /// One task in a GPU's program.
    struct Entry
    {
        uint32_t task {0};                //!< index in the workload
        bool receiver {false};            //!< SEND: this GPU receives
        std::vector<uint32_t> after;      //!< entries that must finish first
        std::vector<uint32_t> dependents; //!< entries waiting for this one
    };

    /// The tasks a set of GPUs with the same participation run, shared between them.
    struct Program
    {
        std::vector<Entry> entries;     //!< in workload order
        std::vector<int32_t> entryOf;   //!< task -> entry (-1: not run); SEND by role
        std::vector<int32_t> recvEntry; //!< task -> receiving entry of a SEND (-1: none)
    };

    /// A time interval.
    struct Interval
    {
        Time start; //!< start
        Time end;   //!< end
    };

    /// A GPU's progress.
    struct RankState
    {
        uint32_t program {0};               //!< its program
        uint32_t iteration {0};             //!< current iteration
        uint32_t remaining {0};             //!< entries of the iteration not finished
        std::vector<uint16_t> pending;      //!< per entry: unfinished predecessors
        std::vector<Time> started;          //!< per entry: start (negative: not started)
        std::vector<uint8_t> state;         //!< per entry: 0 waiting, 1 running, 2 done
        std::vector<uint32_t> computeQueue; //!< compute entries ready, in order
        std::size_t computeHead {0};        //!< first queued compute entry
        bool computeBusy {false};           //!< a compute phase runs
        double speed {1.0};                 //!< compute speed factor
        std::vector<Interval> computeLog;   //!< this iteration's compute phases
        std::vector<Interval> commLog;      //!< this iteration's communication
        GpuStats stats;                     //!< totals
    };

    /// What a collective created by the replay stands for.
    struct CollectiveRef
    {
        uint32_t task {0};          //!< task index
        uint32_t iteration {0};     //!< iteration
        uint64_t key {0};           //!< key in m_collectiveByKey
        std::vector<uint32_t> gpus; //!< communicator ranks -> GPUs
    };

    /// Start iteration of GPU @p gpu.
    void StartIteration(uint32_t gpu);
    /// Entry @p e of GPU @p gpu has all its predecessors.
    void StartEntry(uint32_t gpu, uint32_t e);
    /// Run the next queued compute phase of @p gpu.
    void RunCompute(uint32_t gpu);
    /// The running compute phase (entry @p e) of @p gpu ended.
    void ComputeDone(uint32_t gpu, uint32_t e);
    /// Entry @p e of @p gpu finished.
    void FinishEntry(uint32_t gpu, uint32_t e);
    /// GPU @p gpu finished its iteration.
    void EndIteration(uint32_t gpu);

    Ptr<CollectiveEngine> m_engine;                            //!< the engine
    uint32_t m_gpusPerServer {8};                              //!< GPUs per server
    TrainingWorkload m_workload;                               //!< the workload
    std::vector<Program> m_programs;                           //!< distinct programs
    std::vector<RankState> m_ranks;                            //!< per GPU of the job
    std::vector<double> m_speeds;                              //!< per GPU, before Load
    std::unordered_map<uint64_t, uint32_t> m_collectiveByKey;  //!< (iter, task, leader) -> id
    std::unordered_map<uint32_t, CollectiveRef> m_collectives; //!< id -> what it is
    std::vector<Time> m_iterationEnds;                         //!< per finished iteration
    std::vector<uint32_t> m_ranksInIteration;                  //!< per iteration: GPUs done
    uint32_t m_gpusDone {0};                                   //!< GPUs done with everything
    Time m_start {0};                                          //!< start time
    Callback<void> m_doneCallback;                             //!< run when every GPU finished
    std::vector<uint32_t> m_gpuMap;                            //!< workload GPU -> fabric GPU
    uint32_t m_iterationLimit {0}; //!< iterations to run (the workload's, or fewer)
    bool m_ownsCallbacks {true};   //!< Install took the engine's callbacks
};

} // namespace fabric
} // namespace ns3

#endif
