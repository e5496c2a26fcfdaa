/*
 * Plain description of one experiment: a topology, a workload, a fabric profile, limits and
 * outputs. Filled by the YAML readers (helper/yaml-experiment.h); no YAML types here.
 */
#ifndef FABRIC_EXPERIMENT_SPEC_H
#define FABRIC_EXPERIMENT_SPEC_H

#include "config/job-spec.h"
#include "helper/fabric-profile.h"
#include "helper/failure-spec.h"
#include "helper/topology-spec.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// Attributes every FabricSwitch of a topology gets (FabricBuilder::SetSwitchAttribute).
struct SwitchSpec
{
    Time latency {NanoSeconds(600)};     //!< FabricSwitch::Latency, per hop
    uint64_t bufferBytes {128ULL << 20}; //!< FabricSwitch::BufferSize, shared buffer

    /// @return the switch settings ns-3's attribute defaults hold now (as flags such as
    /// --ns3::fabric::FabricSwitch::BufferSize=64MiB leave them)
    static SwitchSpec FromAttributeDefaults();
};

/// GPU type of a range of servers (servers first .. last, inclusive).
struct GpuTypeRange
{
    uint32_t firstServer {0}; //!< first server index (server = gpusPerServer consecutive GPUs)
    uint32_t lastServer {0};  //!< last server index, inclusive
    std::string type;         //!< H100 | H200 | GB200
};

/**
 * @brief Everything a topology file describes: the TopologySpec the builder needs, the switch
 * attributes, and which GPU generation sits in which server (the collectives engineer's
 * GPU presets consume this; TopologySpec has no GPU-type field).
 */
struct TopologyConfig
{
    std::string name;                   //!< short name, for reports ("" when not given)
    std::string description;            //!< free text
    TopologySpec spec;                  //!< counts, wiring, per-tier links
    SwitchSpec switches;                //!< switch latency and buffer
    std::string gpuType {"H100"};       //!< type of every GPU not in gpuTypes
    std::vector<GpuTypeRange> gpuTypes; //!< per-server-range overrides, in file order

    /// @return the GPU type of server @p server
    std::string GpuTypeOfServer(uint32_t server) const;

    /// @return the known GPU type names (H100, H200, GB200)
    static std::vector<std::string> GpuTypeNames();
};

/// Part-by-part changes to a named FabricProfile (unset: the profile's value).
struct ProfileOverrides
{
    std::optional<std::string> routing;           //!< ecmp | adaptive | flowlet | TypeId
    std::optional<std::string> congestionControl; //!< none | dcqcn | telemetry | TypeId
    std::optional<std::string> receiveMode;       //!< InOrder | OutOfOrder
    std::optional<bool> pfc;                      //!< PFC on priority 3
    std::optional<bool> ecn;                      //!< switch ECN marking
    std::optional<bool> telemetry;                //!< per-hop telemetry stamping

    /// @return true when nothing is overridden
    bool Empty() const;
};

/**
 * @brief What traffic runs. `permutation` and `all-to-all` use size/qpsPerPair; `collective`
 * uses op/algo/sizes/group/iterations; `trace` uses traceFile/traceFormat; `jobs` uses
 * jobs/placement/warmup/iterations (each job's collective alone, then all jobs together).
 */
struct WorkloadSpec
{
    std::string type {"permutation"}; //!< permutation | all-to-all | collective | trace | jobs
    uint64_t bytes {2ULL << 20};      //!< permutation: per GPU; all-to-all: per pair
    uint32_t qpsPerPair {1};          //!< queue pairs per connection (bytes split over them)
    std::string op {"all-reduce"};    //!< collective operation
    std::string algo {"ring"};        //!< collective algorithm
    std::vector<uint64_t> sizes;      //!< collective sizes, bytes (nccl-tests S); empty: 64MiB
    std::string group {"world"};      //!< communicators: world | rails | servers | railN | serverN
    uint32_t iterations {1};          //!< repetitions of each collective size
    std::string traceFile;            //!< trace: path (absolute, or relative to the YAML file)
    std::string traceFormat {"auto"}; //!< trace: auto | simai | chakra
    std::vector<JobSpec> jobs;        //!< jobs: the jobs sharing the fabric
    std::string placement {"contiguous"}; //!< jobs: contiguous | random | striped
    uint32_t warmup {1};                  //!< jobs: iterations before the measured ones
    uint64_t background {0}; //!< jobs: host-NIC message size of background traffic (0: none)

    /// @return the known workload types
    static std::vector<std::string> Types();
    /// @return the collective operations the schema accepts
    static std::vector<std::string> Ops();
    /// @return the collective algorithms the schema accepts
    static std::vector<std::string> Algos();
    /// @return the communicator kinds the schema accepts (besides railN and serverN)
    static std::vector<std::string> Groups();
    /// @return the job placements the schema accepts
    static std::vector<std::string> Placements();
    /// @return the trace formats the schema accepts
    static std::vector<std::string> TraceFormats();
};

/// Which per-run files to write besides the result row.
struct OutputSpec
{
    bool flows {false};                    //!< per-flow CSV (src,dst,bytes,fct_us)
    bool links {false};                    //!< per-link utilization CSV (LinkMonitor)
    bool queues {false};                   //!< queue depth over time CSV (LinkMonitor)
    Time sampleInterval {MicroSeconds(5)}; //!< LinkMonitor sampling period
    std::vector<std::string> queuePorts;   //!< "leaf3:64", "spine0:*" ...; empty: busiest
    uint32_t topQueues {8};                //!< with no queuePorts: the N deepest ports
    bool cc {false};                       //!< congestion-control state over time (CcMonitor)
    std::vector<std::string> ccQps;        //!< its queue pairs: "0:*", "3:2", "0-7:*"
};

/// One experiment: the unit a sweep point runs.
struct ExperimentSpec
{
    std::string name;                  //!< short name, for reports
    std::string topologyFile;          //!< as written in the file ("" when inline)
    TopologyConfig topology;           //!< the topology (loaded from topologyFile or inline)
    std::string profile {"standard"};  //!< FabricProfile name
    ProfileOverrides overrides;        //!< per-part changes to the profile
    WorkloadSpec workload;             //!< traffic
    uint32_t seed {1};                 //!< permutation, hash seeds, random tie-breaks
    Time stopTime {Seconds(1)};        //!< simulated-time limit
    Time wallTime {Seconds(0)};        //!< wall-clock limit of one run (0: none)
    OutputSpec outputs;                //!< optional per-run files
    std::vector<FailureSpec> failures; //!< cables failed or degraded, in file order
    /// ns-3 attribute defaults for the run: "ns3::fabric::RdmaNic::AckDscp" -> "48"
    std::map<std::string, std::string> attributes;

    /// @return the named profile with the overrides applied (nothing when the name is unknown)
    std::optional<FabricProfile> Profile() const;
};

} // namespace fabric
} // namespace ns3

#endif
