/*
 * What the programs print from result rows: the permutation report and its JSON line.
 */
#ifndef FABRIC_REPORT_H
#define FABRIC_REPORT_H

#include "experiment/collective-runner.h"
#include "experiment/result-row.h"
#include "experiment/training-runner.h"
#include "helper/fabric-profile.h"
#include "model/collective/workload/training-workload.h"

#include <cstdio>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * Print the permutation report of @p row (a permutation workload's row): flows completed, FCT
 * mean / p50 / p99 / max, completion time, aggregate throughput, mean flow goodput, drops,
 * packet conservation and the simulator's speed.
 * @param out where to print
 * @param row the row
 * @param topology the topology's name ("leaf-spine", "fat-tree")
 */
void PrintPermutationReport(std::FILE* out, const ResultRow& row, const std::string& topology);

/// @return the permutation summary of @p row as one JSON line ({"permutation": {...}})
std::string PermutationJson(const ResultRow& row, const std::string& topology);

/**
 * Print profiles side by side, one column per row: what ran (routing, congestion control,
 * receive mode), job throughput and completion, flow goodput and FCTs, collisions and up-link
 * balance, the congestion counters, drops and conservation.
 */
void PrintSideBySide(std::FILE* out, const std::vector<ResultRow>& rows);

/// @return @p rows as one JSON line ({"comparison": [row, ...]})
std::string ComparisonJson(const std::vector<ResultRow>& rows);

/// @return @p rows as CSV (header, then one line per row)
std::string RowsCsv(const std::vector<ResultRow>& rows);

/**
 * Print training replays side by side (step time, compute, communication, exposed
 * communication, utilization per GPU mix), then each replay's step times, per-GPU-type figures
 * and simulator line, and its JSON line.
 * @param ok set to false when a replay did not finish or broke packet conservation
 * @return the JSON lines, one per replay
 */
std::string PrintTrainingReport(std::FILE* out,
                                const TrainingWorkload& workload,
                                const std::string& shape,
                                const FabricProfile& profile,
                                const std::vector<ReplayResult>& replays,
                                bool* ok);

/// How jobs share a fabric: the experiment as a whole, for the reports.
struct JobsSetup
{
    TopologySpec topology;        //!< the fabric
    std::string placement;        //!< placement name
    uint32_t seed {1};            //!< seed
    uint32_t warmup {1};          //!< iterations before the measured ones
    uint32_t iters {1};           //!< measured iterations
    uint64_t backgroundBytes {0}; //!< host-NIC background messages (0: none)
};

/// Print the jobs' header: the fabric, the placement, and where each job landed.
void PrintJobsHeader(std::FILE* out,
                     const JobsSetup& setup,
                     const std::vector<CollectiveJob>& jobs);

/// Print one profile's heading and table header (before its runs, so a long run shows what
/// it is doing).
void PrintJobsProfileHeader(std::FILE* out, const FabricProfile& profile);

/**
 * Print one profile's table rows: each job alone and shared (time, busbw, share of the ceiling,
 * slowdown, extra iterations), the background traffic and the shared run's counters.
 * @param ok set to false when a job did not finish or a run broke packet conservation
 * @return one JSON line per job
 */
std::string PrintJobsProfile(std::FILE* out,
                             const JobsSetup& setup,
                             const FabricProfile& profile,
                             const std::vector<CollectiveJob>& jobs,
                             const SharedRun& run,
                             bool* ok);

} // namespace fabric
} // namespace ns3

#endif
