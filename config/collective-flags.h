/*
 * The collective program's flags (nccl-tests' sweep over message sizes, per profile) as a
 * checked collective sweep: the fabric, the algorithm, the sizes, the profiles.
 */
#ifndef FABRIC_COLLECTIVE_FLAGS_H
#define FABRIC_COLLECTIVE_FLAGS_H

#include "config/command-line-flags.h"
#include "config/failure-flags.h"
#include "config/monitor-flags.h"
#include "config/units.h"
#include "helper/fabric-profile.h"
#include "helper/failure-spec.h"
#include "helper/topology-spec.h"
#include "model/collective/collective-algorithm.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// A collective sweep, checked: what the collective program runs.
struct CollectiveSweep
{
    TopologySpec topology;               //!< the fabric
    std::string shape;                   //!< the fabric in words
    Ptr<CollectiveAlgorithm> algorithm;  //!< the algorithm (channels and chunk set)
    std::vector<uint64_t> sizes;         //!< message sizes S, in order
    std::vector<FabricProfile> profiles; //!< the profiles, in order
    std::vector<FailureSpec> failures;   //!< failed and degraded cables
    std::string group;                   //!< communicators
    uint32_t root {0};                   //!< root rank
    uint32_t iters {1};                  //!< timed iterations per size
    uint32_t warmup {0};                 //!< untimed iterations per size
    uint32_t seed {1};                   //!< seed
    uint32_t gpus {0};                   //!< fabric GPUs
    uint32_t channels {1};               //!< channels
    uint32_t qpsPerConnection {1};       //!< queue pairs per connection
    uint64_t chunkBytes {0};             //!< largest message posted at once
    double stepFactor {2};               //!< size multiplier
    double progress {30};                //!< seconds between progress lines (0: none)
    DataRate nvRate;                     //!< NVLink rate
    Time nvLatency;                      //!< NVLink latency
    Time limit;                          //!< simulated-time limit per collective
};

/**
 * @brief The collective program's flags: nccl-tests' size sweep (-b, -e, -f, iterations), the
 * fabric, the algorithm and its channels, the profiles, NVLink, failures and timelines.
 */
struct CollectiveFlags
{
    std::string op = "all-reduce";
    std::string algo = "";
    std::string minBytes = "1MiB";
    std::string maxBytes = "64MiB";
    double stepFactor = 2;
    uint32_t gpus = 512;
    std::string profiles = "standard,spectrum-x";
    std::string topology = "colossus";
    uint32_t arraysPerPod = 8;
    uint32_t oversubscription = 1;
    uint32_t hostsPerLeaf = 16;
    uint32_t spines = 0;
    uint32_t gpusPerServer = 8;
    uint32_t planes = 1;
    std::string wiring = "rail";
    std::string group = "world";
    uint32_t channels = 0;
    std::string chunk = "512KiB";
    uint32_t root = 0;
    uint32_t qpsPerConnection = 1;
    uint32_t iters = 1;
    uint32_t warmup = 0;
    uint32_t seed = 1;
    DataRate lineRate = *ParseDataRate("400Gbps");
    DataRate nvRate = *ParseDataRate("450GB/s");
    Time nvLatency = MicroSeconds(1);
    Time limit = Seconds(10);
    double progress = 30;
    MonitorFlags monitors {"0:*", MicroSeconds(5), true};
    FailureFlags failureFlags;

    /// Register the flags on @p cmd (kept for Given()).
    void AddTo(CommandLineFlags& cmd);

    /**
     * Check everything before anything is built, and choose the channels (0: auto).
     * @param sweep filled
     * @return "" on success, else the message naming the flag
     */
    std::string ToSpec(CollectiveSweep* sweep);

private:
    const CommandLineFlags* m_cmd {nullptr}; //!< where the flags were registered
};

} // namespace fabric
} // namespace ns3

#endif
