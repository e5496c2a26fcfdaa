/*
 * The multi-job program's flags: jobs sharing a Colossus fabric, as written and checked.
 */
#ifndef FABRIC_MULTI_JOB_FLAGS_H
#define FABRIC_MULTI_JOB_FLAGS_H

#include "config/command-line-flags.h"
#include "config/job-spec.h"
#include "helper/fabric-profile.h"
#include "helper/topology-spec.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Jobs (collectives or training traces) placed on one Colossus fabric, run alone and
 * together under each profile.
 */
struct MultiJobFlags
{
    uint32_t gpus {1024};      //!< fabric GPUs (whole arrays)
    uint32_t arraysPerPod {1}; //!< arrays under one spine tier
    std::string jobs {
        "moe:512:all-to-all/pxn:16MiB;dense:512:all-reduce/hierarchical-tree:64MiB"}; //!< jobs
    std::string placement {"striped"};            //!< contiguous | random | striped
    std::string profiles {"standard,spectrum-x"}; //!< profile variants
    uint32_t iters {2};                           //!< measured iterations per job
    uint32_t warmup {1};                          //!< iterations before them
    uint32_t seed {1};                            //!< hash seeds, streams, placement
    Time limit {Seconds(1)};                      //!< simulated-time limit per run
    std::string background;                       //!< host-NIC message size ("" none)

    /// Register the flags on @p cmd.
    void AddTo(CommandLineFlags& cmd);

    /// What the flags ask for, checked.
    struct Spec
    {
        std::vector<JobSpec> jobs;           //!< the jobs as written, workloads read
        Placement placement;                 //!< how they are placed
        uint64_t backgroundBytes {0};        //!< host-NIC message size (0: none)
        TopologySpec topology;               //!< the fabric
        std::vector<FabricProfile> profiles; //!< the profiles, in order
    };

    /**
     * @param spec filled
     * @return "" on success, else the message naming the flag
     */
    std::string ToSpec(Spec* spec) const;
};

} // namespace fabric
} // namespace ns3

#endif
