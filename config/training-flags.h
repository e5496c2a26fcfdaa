/*
 * The training-step program's flags: which trace, which fabric for it, which profile.
 */
#ifndef FABRIC_TRAINING_FLAGS_H
#define FABRIC_TRAINING_FLAGS_H

#include "config/command-line-flags.h"
#include "helper/fabric-profile.h"
#include "helper/topology-spec.h"
#include "model/collective/workload/training-workload.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace fabric
{

/**
 * @brief A training trace (fabric-trace, SimAI or Chakra), the fabric it runs on (sized to the
 * job unless --gpus says), the profile, and the GPU mixes to replay it with.
 */
struct TrainingFlags
{
    std::string trace;                      //!< fabric-trace file
    std::string simai;                      //!< SimAI / ASTRA-sim workload file
    std::string chakra;                     //!< Chakra ET prefix, rank file or directory
    Time tick {NanoSeconds(1)};             //!< SimAI compute time unit
    uint32_t iterations {0};                //!< steps (0: as the trace says)
    std::string gpuMix {"H100"};            //!< GPU types by server
    std::string compare;                    //!< a second mix to replay
    std::string profileName {"spectrum-x"}; //!< profile variant
    std::string topology {"colossus"};      //!< colossus or leaf-spine
    uint32_t gpus {0};                      //!< fabric GPUs (0: the job's, whole arrays)
    uint32_t arraysPerPod {8};              //!< colossus: arrays per pod
    uint32_t hostsPerLeaf {16};             //!< leaf-spine: NICs per leaf
    uint32_t gpusPerServer {8};             //!< NVLink domain
    std::string allReduce {"ring"};         //!< SimAI: all-reduce algorithm
    uint32_t seed {1};                      //!< hash seeds and random streams
    Time limit {Seconds(100)};              //!< simulated-time limit

    /// Register the flags on @p cmd (kept for Given()).
    void AddTo(CommandLineFlags& cmd);

    /**
     * Read the trace, then choose the fabric for its job and the profile.
     * @param workload the trace's workload (--iterations applied)
     * @param topology the fabric
     * @param shape the fabric in words ("colossus, 2 arrays")
     * @param profile the profile
     * @return "" on success, else the message naming the flag or the trace's error
     */
    std::string ToSpec(TrainingWorkload* workload,
                       TopologySpec* topology,
                       std::string* shape,
                       FabricProfile* profile) const;

    /// @return the GPU mixes to replay: --gpuMix, then --compare if given
    std::vector<std::string> Mixes() const;

private:
    const CommandLineFlags* m_cmd {nullptr}; //!< where the flags were registered
};

} // namespace fabric
} // namespace ns3

#endif
