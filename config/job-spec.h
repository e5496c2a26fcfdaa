/*
 * Jobs of a shared fabric as written (flags or YAML): name, size, and the collective or
 * training workload; and how their GPUs are placed.
 */
#ifndef FABRIC_JOB_SPEC_H
#define FABRIC_JOB_SPEC_H

#include "helper/topology-spec.h"
#include "model/collective/communicator.h"
#include "model/collective/workload/training-workload.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// One job of a shared fabric: its size and the collective it loops, or the training step
/// it replays.
struct JobSpec
{
    std::string name;   //!< label in reports
    uint32_t gpus {0};  //!< GPUs (whole servers)
    std::string op;     //!< collective operation (collective's --op names); "" for training
    std::string algo;   //!< algorithm ("" = the operation's first)
    uint64_t bytes {0}; //!< size S per iteration (nccl-tests meaning)
    std::string trace;  //!< a training job: its workload file (a trace, SimAI or Chakra)
    std::string traceFormat {"auto"}; //!< trace, simai, chakra, or auto (by the file)
    /// the workload read from trace (the YAML reader reads it with the file; ReadJobWorkloads
    /// for jobs given as flags)
    std::shared_ptr<const TrainingWorkload> workload;
};

/**
 * Read a training workload file.
 * @param path the file
 * @param format "trace" (fabric's trace format), "simai", "chakra", or "auto": Chakra when the
 *        path is a Chakra trace (IsChakraTrace), SimAI for a .txt file, else fabric's format
 * @param gpusPerServer GPUs per server
 * @throws TraceError naming file, line and problem
 */
TrainingWorkload ReadTrainingWorkload(const std::string& path,
                                      const std::string& format,
                                      uint32_t gpusPerServer);

/**
 * Parse jobs written "name:gpus:op[/algo]:size", or "name:gpus:FORMAT:path" for a training
 * job (FORMAT trace, simai or chakra), separated by ';', e.g.
 * "moe:512:all-to-all/pxn:16MiB;dense:512:all-reduce/hierarchical-tree:64MiB" or
 * "train:64:simai:examples/traces/simai-gpt-64.txt;moe:64:all-to-all:16MiB".
 * @param text the list
 * @param jobs filled with the jobs in order
 * @return "" on success, else what is wrong, naming the job's position and text
 */
std::string ParseJobSpecs(const std::string& text, std::vector<JobSpec>* jobs);

/// How jobs' servers are chosen from the fabric.
enum class Placement
{
    CONTIGUOUS, //!< job 0 takes the first servers in index order, job 1 the next, ...
    RANDOM,     //!< the servers in an order shuffled with the seed, then as contiguous
    STRIPED,    //!< every job takes the same slots of every rack: server s of rack 0, of
                //!< rack 1, ..., then slot s + 1, ... (jobs spread over all racks)
};

/// @return the placement named contiguous, random or striped; nullopt otherwise
std::optional<Placement> PlacementFromName(const std::string& name);

/// @return the placement's name
std::string PlacementName(Placement placement);

/**
 * Give each job its servers and make its communicator: the GPUs of its servers, server-major
 * in increasing server order (as the hierarchical and PXN algorithms need).
 * @param gpusPerJob GPUs of each job (each a multiple of @p gpusPerServer)
 * @param servers servers in the fabric
 * @param gpusPerServer GPUs per server
 * @param serversPerRack servers per rack (the striped placement's period)
 * @param placement how servers are chosen
 * @param seed the random placement's shuffle
 * @param comms filled with one communicator per job, named "job<i>"
 * @return "" on success, else what is wrong (a job not of whole servers, more GPUs than the
 * fabric has)
 */
std::string PlaceJobs(const std::vector<uint32_t>& gpusPerJob,
                      uint32_t servers,
                      uint32_t gpusPerServer,
                      uint32_t serversPerRack,
                      Placement placement,
                      uint64_t seed,
                      std::vector<Communicator>* comms);

/// @return servers per rack of @p topo: 8 (a Colossus rack) on rail wiring, else the servers
/// under one leaf
uint32_t ServersPerRack(const TopologySpec& topo);

/**
 * Read the workload of every training job of @p jobs that has none yet (JobSpec::workload),
 * with ReadTrainingWorkload.
 * @return "" on success, else what is wrong, naming the job and the file
 */
std::string ReadJobWorkloads(std::vector<JobSpec>* jobs, uint32_t gpusPerServer);

} // namespace fabric
} // namespace ns3

#endif
