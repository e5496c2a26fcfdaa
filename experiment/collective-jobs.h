/*
 * Several jobs on one fabric: each job's GPUs (placement) and its collective.
 */
#ifndef FABRIC_COLLECTIVE_JOBS_H
#define FABRIC_COLLECTIVE_JOBS_H

#include "config/job-spec.h"
#include "helper/topology-spec.h"
#include "model/collective/communicator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

struct CollectiveJob;

/**
 * Place @p specs on @p topo and make each job's algorithm (channels as the collective example
 * chooses them: 1 for all-to-all and send/recv, whose ranks already use every NIC, else 2;
 * 512 KiB chunks) and communicator; a training job's workload must have been read
 * (ReadJobWorkloads) and its GPU count must be the job's.
 * @param jobs filled with the jobs, in order
 * @return "" on success, else what is wrong (placement, or an algorithm that does not fit the
 * job's GPUs), naming the job
 */
std::string MakeCollectiveJobs(const std::vector<JobSpec>& specs,
                               const TopologySpec& topo,
                               Placement placement,
                               uint64_t seed,
                               std::vector<CollectiveJob>* jobs);

} // namespace fabric
} // namespace ns3

#endif
