/*
 * The comparison program's flags (ecmp-vs-spectrum-x) as experiment specs: one per variant,
 * each the spec a YAML sweep point with a permutation or all-to-all workload gives.
 */
#ifndef FABRIC_COMPARISON_FLAGS_H
#define FABRIC_COMPARISON_FLAGS_H

#include "config/command-line-flags.h"
#include "config/experiment-spec.h"
#include "config/failure-flags.h"
#include "config/monitor-flags.h"
#include "config/topology-flags.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief One synthetic workload (permutation or all-to-all) under several profile variants.
 */
struct ComparisonFlags
{
    ComparisonFlags();

    TopologyFlags topo;                                      //!< the fabric (512 GPUs, 32 per leaf)
    std::string pattern {"permutation"};                     //!< permutation | all-to-all
    uint64_t bytes {2 << 20};                                //!< per flow or per pair
    uint32_t qpsPerPair {1};                                 //!< queue pairs per connection
    uint32_t seed {1};                                       //!< random seed
    std::string variants {"standard;spectrum-x"};            //!< ';'-separated profile variants
    Time stop {MilliSeconds(100)};                           //!< simulated-time limit per variant
    std::string fctPrefix;                                   //!< per-flow CSVs
    MonitorFlags monitors {"0-3:*", MicroSeconds(2), false}; //!< congestion-control timelines
    FailureFlags failures;                                   //!< failed and degraded cables
    bool linkStats {true};                                   //!< per-link accounting

    /// Register the flags on @p cmd.
    void AddTo(CommandLineFlags& cmd);

    /// One variant's run.
    struct Point
    {
        std::string label;    //!< the variant as written ("spectrum-x/cc=none")
        ExperimentSpec spec;  //!< what to run
        std::string flowsCsv; //!< per-flow CSV ("" none)
        std::string ccCsv;    //!< congestion-control CSV ("" none)
    };

    /**
     * @param points filled, one per variant in order
     * @return "" on success, else the message naming the flag
     */
    std::string ToPoints(std::vector<Point>* points) const;
};

} // namespace fabric
} // namespace ns3

#endif
