/*
 * Runs collectives on a built fabric and measures them the way nccl-tests does.
 */
#ifndef FABRIC_COLLECTIVE_RUNNER_H
#define FABRIC_COLLECTIVE_RUNNER_H

#include "helper/fabric-failures.h"
#include "helper/fabric-profile.h"
#include "helper/fabric.h"
#include "helper/topology-spec.h"
#include "model/collective/collective-engine.h"
#include "model/collective/workload/training-replay.h"

#include "ns3/nstime.h"

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// One measured collective (or several identical ones running at once, e.g. one per rail).
struct CollectiveResult
{
    std::string op;           //!< operation name
    std::string algorithm;    //!< algorithm name
    uint32_t ranks {0};       //!< ranks per communicator
    uint32_t groups {0};      //!< communicators running concurrently
    uint64_t bytes {0};       //!< size S (nccl-tests meaning)
    bool completed {false};   //!< every rank of every communicator finished
    double timeUs {0};        //!< slowest communicator: last rank done - start
    double algbwGBps {0};     //!< S / time, GB/s (1e9 B/s, as nccl-tests)
    double busbwGBps {0};     //!< algbw x bus factor of the operation
    uint64_t nicBytes {0};    //!< payload bytes sent over NICs
    uint64_t nvlinkBytes {0}; //!< bytes sent over NVLink
    /// The NIC-bound lower bound of the time: the mean NIC payload per GPU at the payload
    /// ceiling of the wire (line rate x MTU / wire bytes of a full frame, 98.0% at 4096 B).
    /// ceilingUs / timeUs is the share of that ceiling reached (busbw as % of the ceiling).
    double ceilingUs {0};
    std::vector<std::string> waiting; //!< when not completed: who waits for what

    /// @return busbw as a share of the NIC ceiling, % (ceilingUs / timeUs; 0 without a time)
    double CeilingPct() const { return timeUs > 0 ? 100.0 * ceilingUs / timeUs : 0.0; }
};

/// One job of a shared run: a collective looped back to back on the job's own GPUs.
struct CollectiveJob
{
    std::string name;                   //!< label in reports
    Ptr<CollectiveAlgorithm> algorithm; //!< its algorithm (null for a training job)
    Communicator comm;                  //!< its GPUs
    uint64_t bytes {0};                 //!< size S of each iteration
    /// A training job: the workload replayed on the job's GPUs (workload GPU g on
    /// comm.Gpu(g)), one iteration a training step; null for a collective job
    std::shared_ptr<const TrainingWorkload> training;
};

/// What one job measured in a shared run.
struct JobResult
{
    std::string name;        //!< the job's label
    CollectiveResult result; //!< the mean of its measured iterations (time, algbw, busbw,
                             //!< ceiling; bytes of one iteration)
    uint32_t measured {0};   //!< measured iterations that completed
    uint32_t extra {0};      //!< iterations run after those, while another job still measured
    uint32_t warmup {0};     //!< iterations run before those
};

/**
 * @brief Builds a fabric for a topology and profile, installs a CollectiveEngine on it and
 * runs collectives one after another (like nccl-tests' size sweep), each to completion or to
 * a time limit. Contains no model behaviour.
 */
class CollectiveRunner
{
public:
    /**
     * @param topology the topology
     * @param profile what the fabric runs (checked: an invalid profile throws)
     * @param seed hash seeds and random streams
     * @throws std::invalid_argument for an invalid profile, TopologyError for a bad topology
     */
    CollectiveRunner(const TopologySpec& topology, const FabricProfile& profile, uint64_t seed = 1);
    ~CollectiveRunner();

    /// @return the fabric
    Fabric& GetFabric() { return *m_fabric; }

    /// @return the engine
    Ptr<CollectiveEngine> GetEngine() const { return m_engine; }

    /// @return the NVLink model (set its attributes before the first Run)
    Ptr<NvLinkTransport> GetNvLink() const { return m_engine->GetNvLink(); }

    /**
     * Fail or degrade cables of the fabric (FabricFailures), before the first Run.
     * @throws std::invalid_argument for a bad selector or time, naming FailureSpec::where
     */
    void ApplyFailures(const std::vector<FailureSpec>& failures);

    /// @return the failures applied (nullptr when none)
    const FabricFailures* GetFailures() const { return m_failures.get(); }

    /**
     * @return the windows of m_drain simulated time that Run went through in the
     * partition-independent mode (Distributed::Ordered), each ended by a Stop event on every
     * MPI rank (0 otherwise)
     */
    uint64_t GetWindows() const { return m_windows; }

    /// Limit each Run to this much simulated time (default 10 s).
    void SetTimeLimit(Time limit) { m_limit = limit; }

    /**
     * While a Run lasts longer than @p wallSeconds of real time, write a progress line to
     * @p out every @p wallSeconds: simulated time, ranks done, packet-hops so far,
     * real time (0 or a null stream: none, the default). It hooks fabric's simulator core
     * (FabricSimulatorImpl::SetProgressHook) and adds no event: results are unchanged. Under
     * another core there are no progress lines.
     */
    void SetProgress(std::ostream* out, double wallSeconds)
    {
        m_progressOut = out;
        m_progressEvery = wallSeconds;
    }

    /**
     * Communicators of a kind over the whole fabric.
     * @param kind "world" (all GPUs, server-major), "rails" (one per rail: GPU i of every
     *        server), "servers" (one per server), "rail<i>" or "server<i>" (just one)
     * @param error set when @p kind is unknown
     * @return the communicators (empty on error)
     */
    std::vector<Communicator> Groups(const std::string& kind, std::string* error) const;

    /**
     * Run one collective on each communicator, all joined now, until all finish (then until
     * no frame is in flight, so that the last ACKs land) or the time limit passes.
     * @param algorithm the algorithm (shared by all communicators)
     * @param comms the communicators
     * @param bytes the size S
     * @param root root rank (broadcast)
     * @return the measurement
     */
    CollectiveResult Run(Ptr<CollectiveAlgorithm> algorithm,
                         const std::vector<Communicator>& comms,
                         uint64_t bytes,
                         uint32_t root = 0);

    /**
     * Run several jobs at once, each looping its collective back to back (an iteration joins
     * when the job's previous one finishes) until every job has completed @p warmup + @p iters
     * iterations. Iterations warmup .. warmup + iters - 1 of each job are measured: the
     * warm-up lets the jobs' phases drift apart from the common start (a hierarchical
     * all-reduce begins on NVLink), and as every job keeps looping until all are done, each
     * measured iteration runs while every other job is busy too. Then no iteration starts;
     * the running ones finish and the fabric drains. With one job this is the job alone.
     * A training job replays its workload's step (TrainingReplay) the same way: its
     * iterations are training steps, its time the mean measured step time. Limited by
     * SetTimeLimit.
     * @param jobs the jobs (GPUs may not overlap)
     * @param warmup iterations per job before the measured ones
     * @param iters measured iterations per job (>= 1)
     * @return one result per job, in order
     */
    std::vector<JobResult> RunJobs(const std::vector<CollectiveJob>& jobs,
                                   uint32_t warmup,
                                   uint32_t iters);

    /**
     * Background traffic on the host NICs during RunJobs (storage and front-end traffic of a
     * Colossus server): every server's host NIC sends messages of @p bytes, one after another,
     * to its partner in a random cycle over the servers (drawn with @p seed), from the start
     * until every job is measured. The fabric needs host NICs (TopologySpec::hostNic). 0: none.
     */
    void SetBackground(uint64_t bytes, uint64_t seed);

    /// What the background traffic of the last RunJobs delivered.
    struct BackgroundStats
    {
        uint64_t messages {0}; //!< messages acknowledged
        uint64_t bytes {0};    //!< their payload
        Time end {0};          //!< when the last was acknowledged
        uint32_t hostNics {0}; //!< host NICs that sent

        /// @return goodput per host NIC from the start to the last acknowledgement, Gb/s (0:
        /// none)
        double GbpsPerHostNic() const
        {
            return end.IsStrictlyPositive() && hostNics > 0
                     ? bytes * 8.0 / end.GetSeconds() / hostNics / 1e9
                     : 0;
        }
    };

    /// @return the background traffic of the last RunJobs
    const BackgroundStats& GetBackgroundStats() const { return m_background; }

private:
    /// Post the background's first messages (RunJobs).
    void StartBackground();
    /// @return the time every GPU's NIC payload of @p nicBytes in all over @p gpus GPUs takes
    /// at the payload ceiling of the wire, in us
    double CeilingUs(uint64_t nicBytes, double gpus) const;
    /// Start the next iteration of job @p j of RunJobs.
    void StartJobIteration(uint32_t j);
    /// @return every job of RunJobs completed its warm-up and measured iterations
    bool AllJobsMeasured() const;
    /// RunJobs: once every job is measured and nothing runs, drain.
    void CheckJobsDone();
    /// A collective finished: stop when it was the last of the current run.
    void OnDone(uint32_t id);
    /// Stop once no frame is queued or on a wire (the last ACKs and retransmissions landed).
    void StopWhenIdle();
    /**
     * Run in the partition-independent mode (Distributed::Ordered): connect the queue pairs
     * of collectives @p ids in one order for every partition, join them, and run windows of
     * m_drain until every rank everywhere is done and nothing is in flight (or the limit);
     * then gather the records over the MPI ranks.
     */
    void RunOrdered(const std::vector<uint32_t>& ids);
    /// From the event loop (FabricSimulatorImpl's progress hook): a progress line when
    /// SetProgress's interval of real time passed.
    void CheckProgress();

    std::unique_ptr<Fabric> m_fabric;           //!< the fabric
    std::unique_ptr<FabricFailures> m_failures; //!< failures applied (ApplyFailures)
    uint64_t m_seed {1};                        //!< draws of the failed cables
    Ptr<CollectiveEngine> m_engine;             //!< the collective application
    Time m_limit {Seconds(10)};                 //!< time limit per run
    Time m_drain {MicroSeconds(20)};       //!< interval of the idle checks after the last finish
    uint32_t m_waitingFor {0};             //!< collectives of the current run not done
    uint64_t m_windows {0};                //!< RunOrdered's windows so far
    std::ostream* m_progressOut {nullptr}; //!< progress lines (SetProgress)
    double m_progressEvery {0};            //!< real seconds between them
    std::vector<uint32_t> m_running;       //!< the current run's collectives
    std::chrono::steady_clock::time_point m_runStart;   //!< real time the run started
    std::chrono::steady_clock::time_point m_lastPrint;  //!< last progress line
    std::string m_runLabel;                             //!< "all-reduce 64MiB" for the lines
    const std::vector<CollectiveJob>* m_jobs {nullptr}; //!< RunJobs' jobs (null otherwise)
    uint32_t m_jobIters {0};                            //!< RunJobs' warm-up + measured iterations
    std::vector<std::vector<uint32_t>> m_jobRuns;       //!< per job: its collectives' ids
    std::vector<uint32_t> m_jobOf; //!< collective id -> job (RunJobs; UINT32_MAX: a replay's)
    std::vector<Ptr<TrainingReplay>> m_replays; //!< per job of RunJobs: its replay (or null)
    bool m_stopping {false};                    //!< the drain check is scheduled
    uint64_t m_backgroundBytes {0};             //!< SetBackground: message size (0: none)
    uint64_t m_backgroundSeed {1};              //!< SetBackground: the partners' cycle
    BackgroundStats m_background;               //!< what the background delivered
};

/**
 * Run each job alone, on a fabric of its own (a new simulation for each), as
 * CollectiveRunner::RunJobs runs it: the reference a shared run's slowdown is measured against.
 * @param conserved if not null, set to whether every run conserved its frames and drained
 * @param failures cable failures and degradations applied to each job's fabric
 * @return one result per job, in order
 */
std::vector<JobResult> RunEachJobAlone(const TopologySpec& topology,
                                       const FabricProfile& profile,
                                       uint64_t seed,
                                       Time limit,
                                       const std::vector<CollectiveJob>& jobs,
                                       uint32_t warmup,
                                       uint32_t iters,
                                       bool* conserved = nullptr,
                                       const std::vector<FailureSpec>& failures = {});

/// Jobs run alone, each on a fabric of its own, then together on one fabric.
struct SharedRun
{
    std::vector<JobResult> alone;                 //!< each job alone, in order
    std::vector<JobResult> together;              //!< all jobs sharing the fabric, in order
    bool aloneConserved {true};                   //!< every alone run conserved and drained
    FabricStats shared;                           //!< the shared fabric's totals
    CollectiveRunner::BackgroundStats background; //!< the shared run's background traffic
};

/**
 * Run @p jobs alone (RunEachJobAlone), then together on one fabric with @p backgroundBytes
 * messages between the host NICs (0: none; the topology needs host NICs then).
 */
SharedRun RunAloneAndShared(const TopologySpec& topology,
                            const FabricProfile& profile,
                            uint64_t seed,
                            Time limit,
                            const std::vector<CollectiveJob>& jobs,
                            uint32_t warmup,
                            uint32_t iters,
                            uint64_t backgroundBytes);

} // namespace fabric
} // namespace ns3

#endif
