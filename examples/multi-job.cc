/*
 * Several jobs sharing one Colossus fabric: each job loops its collective on its own servers;
 * every job runs alone, then all together, on each profile; the table gives each job's busbw
 * alone and shared and the slowdown (how well the fabric isolates the jobs).
 *
 *   multi-job --gpus=1024 --arraysPerPod=1 --placement=striped
 *             --jobs="moe:512:all-to-all/pxn:16MiB;dense:512:all-reduce/hierarchical-tree:64MiB"
 */
#include "config/command-line-flags.h"
#include "config/multi-job-flags.h"
#include "experiment/collective-jobs.h"
#include "experiment/collective-runner.h"
#include "experiment/report.h"
#include "helper/result-writer.h"

#include "ns3/core-module.h"

#include <cstdio>

using namespace ns3;
using namespace ns3::fabric;

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);
    MultiJobFlags flags;
    std::string jsonOut;
    CommandLineFlags cmd("multi-job",
                         "jobs sharing a Colossus fabric: each job's busbw alone and shared.");
    flags.AddTo(cmd);
    cmd.AddOutput("json", "if set, write one JSON line per (profile, job) here", jsonOut);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
    MultiJobFlags::Spec spec;
    if (std::string why = flags.ToSpec(&spec); !why.empty())
    {
        return cmd.Fail(why);
    }
    std::vector<CollectiveJob> jobs;
    std::string error
        = MakeCollectiveJobs(spec.jobs, spec.topology, spec.placement, flags.seed, &jobs);
    if (!error.empty())
    {
        return cmd.Fail("--jobs: " + error);
    }
    JobsSetup setup;
    setup.topology = spec.topology;
    setup.placement = PlacementName(spec.placement);
    setup.seed = flags.seed;
    setup.warmup = flags.warmup;
    setup.iters = flags.iters;
    setup.backgroundBytes = spec.backgroundBytes;
    PrintJobsHeader(stdout, setup, jobs);
    std::string json;
    bool allGood = true;
    for (const auto& profile : spec.profiles)
    {
        PrintJobsProfileHeader(stdout, profile);
        SharedRun run = RunAloneAndShared(spec.topology,
                                          profile,
                                          flags.seed,
                                          flags.limit,
                                          jobs,
                                          flags.warmup,
                                          flags.iters,
                                          spec.backgroundBytes);
        bool ok = true;
        json += PrintJobsProfile(stdout, setup, profile, jobs, run, &ok);
        allGood = allGood && ok;
    }
    Simulator::Destroy();
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    return allGood ? 0 : 1;
}
