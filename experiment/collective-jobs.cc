/*
 * Several jobs on one fabric: each job's GPUs (placement) and its collective.
 */
#include "collective-jobs.h"

#include "config/collective-config.h"
#include "experiment/collective-runner.h"

namespace ns3
{
namespace fabric
{

std::string
MakeCollectiveJobs(const std::vector<JobSpec>& specs,
                   const TopologySpec& topo,
                   Placement placement,
                   uint64_t seed,
                   std::vector<CollectiveJob>* jobs)
{
    jobs->clear();
    std::vector<uint32_t> sizes;
    for (const auto& s : specs)
    {
        sizes.push_back(s.gpus);
    }
    std::vector<Communicator> comms;
    std::string error = PlaceJobs(sizes,
                                  topo.NumServers(),
                                  topo.gpusPerServer,
                                  ServersPerRack(topo),
                                  placement,
                                  seed,
                                  &comms);
    if (!error.empty())
    {
        return error;
    }
    for (std::size_t j = 0; j < specs.size(); ++j)
    {
        if (!specs[j].trace.empty())
        {
            CollectiveJob job;
            job.name = specs[j].name;
            job.comm = comms[j];
            job.training = specs[j].workload;
            if (!job.training)
            {
                return "job '" + job.name + "': its workload " + specs[j].trace
                     + " was not read (ReadJobWorkloads)";
            }
            uint32_t world = job.training->layout.World();
            if (world != specs[j].gpus)
            {
                return "job '" + job.name + "': " + specs[j].trace + " is a workload of "
                     + std::to_string(world) + " GPUs, the job has "
                     + std::to_string(specs[j].gpus);
            }
            jobs->push_back(job);
            continue;
        }
        auto op = CollectiveOpFromName(specs[j].op);
        if (!op)
        {
            return "job '" + specs[j].name + "': unknown operation '" + specs[j].op + "'";
        }
        uint32_t channels
            = *op == CollectiveOp::ALL_TO_ALL || *op == CollectiveOp::SEND_RECV ? 1 : 2;
        CollectiveJob job;
        job.name = specs[j].name;
        job.algorithm
            = CreateCollectiveAlgorithm(specs[j].op, specs[j].algo, channels, 512 * 1024, &error);
        if (!job.algorithm)
        {
            return "job '" + job.name + "': " + error;
        }
        job.comm = comms[j];
        job.bytes = specs[j].bytes;
        std::string why = job.comm.Validate(topo.gpusPerServer);
        if (why.empty())
        {
            CommShape shape {
                job.comm.Size(), job.comm.RanksPerServer(topo.gpusPerServer), 0, job.bytes};
            why = job.algorithm->Validate(shape);
        }
        if (!why.empty())
        {
            return "job '" + job.name + "': " + why;
        }
        jobs->push_back(job);
    }
    return "";
}

} // namespace fabric
} // namespace ns3
