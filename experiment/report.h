/*
 * What the programs print from result rows: the permutation report and its JSON line.
 */
#ifndef FABRIC_REPORT_H
#define FABRIC_REPORT_H

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

} // namespace fabric
} // namespace ns3

#endif
