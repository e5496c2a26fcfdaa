/*
 * Runs one ExperimentSpec: picks the workload's runner from a registry, applies the topology's
 * switch attributes, and returns the result row.
 */
#ifndef FABRIC_EXPERIMENT_RUNNER_H
#define FABRIC_EXPERIMENT_RUNNER_H

#include "config/experiment-spec.h"
#include "experiment/result-row.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// Where a run writes its optional files ("" = do not write).
struct RunOutputs
{
    std::string flowsCsv;  //!< per-flow CSV (src,dst,bytes,fct_us)
    std::string linksCsv;  //!< per-port utilization CSV (LinkMonitor::UtilizationCsv)
    std::string queuesCsv; //!< queue depth over time CSV (LinkMonitor::QueueCsv)
    std::string ccCsv;     //!< congestion-control state over time CSV (CcMonitor::Csv)
    std::string pcap;      //!< GPU 0's NIC port (permutation and all-to-all)
    /// Account bytes per flow per link (flow_collisions, uplink_load_*; permutation and
    /// all-to-all): about 10% of the run time.
    bool linkStats {true};
};

/// Thrown when an experiment's workload type has no registered runner in this build.
class WorkloadNotAvailable : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// The rows of one experiment: one, or one per measured case (a collective: one per size).
using ResultRows = std::vector<ResultRow>;

/**
 * A workload runner: runs @p spec (a complete, validated experiment) and returns its result
 * rows (at least one); writes the files of @p outputs that it supports. Throws
 * std::invalid_argument for an experiment it cannot run (the message names what is wrong).
 */
using WorkloadRunner
    = std::function<ResultRows(const ExperimentSpec& spec, const RunOutputs& outputs)>;

/**
 * Register (or replace) the runner of a workload type. `permutation` and `all-to-all` are
 * registered by default (they run helper/scenario.h's RunScenario); `collective` and `trace`
 * are read and checked by the YAML readers and wait for their runners:
 * @code
 *   RegisterWorkloadRunner("collective", [](const ExperimentSpec& e, const RunOutputs& o) {...});
 * @endcode
 */
void RegisterWorkloadRunner(const std::string& type, WorkloadRunner runner);

/// @return true when @p type has a runner
bool HasWorkloadRunner(const std::string& type);

/// @return the workload types that have a runner
std::vector<std::string> RegisteredWorkloads();

/**
 * Set the FabricSwitch attribute defaults (Latency, BufferSize) of @p switches, so every
 * switch a builder creates afterwards in this process gets them.
 */
void ApplySwitchDefaults(const SwitchSpec& switches);

/**
 * Run one experiment. Seeds ns-3's RNG with spec.seed, sets the switch defaults, dispatches
 * on spec.workload.type, and appends the experiment's own columns (experiment, topology_name,
 * gpu_type, workload) to every row when the runner did not set them.
 * @return the runner's rows: one, or one per measured case (a collective's sizes)
 * @throws WorkloadNotAvailable when the workload has no runner
 * @throws std::invalid_argument for an experiment that cannot run
 */
ResultRows RunExperiment(const ExperimentSpec& spec, const RunOutputs& outputs = RunOutputs());

} // namespace fabric
} // namespace ns3

#endif
