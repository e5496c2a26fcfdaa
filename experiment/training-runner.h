/*
 * Replays a training step on a built fabric with a mix of GPU generations and reports step
 * time, communication, exposed communication and GPU utilization.
 */
#ifndef FABRIC_TRAINING_RUNNER_H
#define FABRIC_TRAINING_RUNNER_H

#include "helper/fabric-profile.h"
#include "helper/fabric.h"
#include "helper/topology-spec.h"
#include "model/collective/workload/gpu-type.h"
#include "model/collective/workload/training-replay.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// What a replay measured.
struct TrainingReport
{
    /// Averages over the GPUs of one generation (or all of them).
    struct GpuGroup
    {
        std::string type;       //!< GPU type ("all" for everything)
        uint32_t gpus {0};      //!< GPUs
        double computeUs {0};   //!< compute per step, mean over the GPUs
        double commUs {0};      //!< communication per step
        double exposedUs {0};   //!< communication not hidden behind compute, per step
        double utilization {0}; //!< compute / step time
    };

    bool completed {false};           //!< every GPU finished every iteration
    uint32_t gpus {0};                //!< GPUs in the job
    uint32_t iterations {0};          //!< iterations asked for
    std::vector<double> stepTimesUs;  //!< per finished iteration
    double stepUs {0};                //!< mean step time
    GpuGroup all;                     //!< over all GPUs
    std::vector<GpuGroup> perType;    //!< per GPU type, in first-seen order
    std::vector<std::string> waiting; //!< when not completed: who waits for what
    double simulatedUs {0};           //!< simulated time
};

/**
 * @brief Builds a fabric for a topology and profile, gives its servers GPU types (compute
 * speed, NIC rate, NVLink rate) and replays a TrainingWorkload on it. Contains no model
 * behaviour.
 */
class TrainingRunner
{
public:
    /**
     * @throws std::invalid_argument for an invalid profile, TopologyError for a bad topology
     */
    TrainingRunner(const TopologySpec& topology, const FabricProfile& profile, uint64_t seed = 1);
    ~TrainingRunner();

    /**
     * Assign GPU types to servers, in server order.
     * @param mix "H100" (every server) or "H100:4,H200:4" (4 servers of each, in this order,
     *        repeated until every server has a type)
     * @return an error message, or "" when @p mix is valid
     */
    std::string SetGpuMix(const std::string& mix);

    /// @return the type of GPU @p gpu
    const GpuType& GetGpuType(uint32_t gpu) const { return m_types[m_typeOf[gpu]]; }

    /// Limit the replay to this much simulated time (default 100 s).
    void SetTimeLimit(Time limit) { m_limit = limit; }

    /// @return the fabric
    Fabric& GetFabric() { return *m_fabric; }

    /// @return the collective engine
    Ptr<CollectiveEngine> GetEngine() const { return m_engine; }

    /**
     * Replay @p workload (its GPUs are fabric GPUs 0 .. n-1) to the end or the time limit.
     * @throws std::invalid_argument when the workload does not fit the fabric
     */
    TrainingReport Run(const TrainingWorkload& workload);

private:
    /// Stop once the replay finished and no frame is in flight.
    void StopWhenIdle();

    std::unique_ptr<Fabric> m_fabric; //!< the fabric
    Ptr<CollectiveEngine> m_engine;   //!< collective application
    Ptr<TrainingReplay> m_replay;     //!< replay
    std::vector<GpuType> m_types;     //!< distinct types
    std::vector<uint32_t> m_typeOf;   //!< per GPU: index in m_types
    Time m_limit {Seconds(100)};      //!< time limit
};

/// One replay of a workload with one GPU mix, and how long it took to simulate.
struct ReplayResult
{
    std::string mix;       //!< GPU mix
    TrainingReport report; //!< what it measured
    FabricStats stats;     //!< fabric totals
    double cpuSeconds {0}; //!< simulation CPU time
};

/**
 * Replay @p workload on a fresh fabric for @p profile with GPU mix @p mix, to the end or
 * @p limit (a new simulation: Simulator::Destroy before and after).
 * @param pcap if not empty, GPU 0's NIC port is written to this file
 * @throws std::invalid_argument for a bad mix or a workload that does not fit the fabric, and
 * what building the fabric throws
 */
ReplayResult ReplayTraining(const TopologySpec& topology,
                            const FabricProfile& profile,
                            uint64_t seed,
                            const std::string& mix,
                            Time limit,
                            const std::string& pcap,
                            const TrainingWorkload& workload);

} // namespace fabric
} // namespace ns3

#endif
