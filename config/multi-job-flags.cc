/*
 * The multi-job program's flags.
 */
#include "multi-job-flags.h"

#include "config/profile-list.h"
#include "config/units.h"

namespace ns3
{
namespace fabric
{

void
MultiJobFlags::AddTo(CommandLineFlags& cmd)
{
    cmd.Add("gpus", "GPUs in the fabric (a multiple of 512: Colossus arrays)", gpus);
    cmd.Add("arraysPerPod",
            "512-GPU arrays under one spine tier (1: every array its own pod)",
            arraysPerPod);
    cmd.Add("jobs", "jobs 'name:gpus:op[/algo]:size' separated by ';'", jobs);
    cmd.Add("placement", "contiguous | random (with --seed) | striped (across racks)", placement);
    cmd.Add("profile",
            "comma-separated fabric profiles (standard, spectrum-x, ideal, "
            "with /key=value overrides)",
            profiles);
    cmd.Add(
        "iters", "measured iterations per job (each job loops until all have this many)", iters);
    cmd.Add("warmup",
            "iterations per job before the measured ones (the jobs' phases drift "
            "apart from their common start)",
            warmup);
    cmd.Add("seed", "hash seeds, random streams and the random placement", seed);
    cmd.AddTime("timeLimit", "simulated-time limit per run, with unit", limit);
    cmd.Add("background",
            "if set, a message size: in the shared run every server's host NIC (on the "
            "front-end network) sends messages of this size, one after another, to its partner "
            "in a random cycle over the servers",
            background);
}

std::string
MultiJobFlags::ToSpec(Spec* spec) const
{
    std::string error = ParseJobSpecs(jobs, &spec->jobs);
    if (!error.empty())
    {
        return "--jobs: " + error;
    }
    auto p = PlacementFromName(placement);
    if (!p)
    {
        return "--placement must be contiguous, random or striped; got '" + placement + "'";
    }
    spec->placement = *p;
    if (iters == 0)
    {
        return "--iters must be >= 1";
    }
    spec->backgroundBytes = 0;
    if (!background.empty())
    {
        auto b = ParseBytes(background);
        if (!b || *b == 0)
        {
            return "--background must be a positive size with a unit, e.g. 16MiB; got '"
                 + background + "'";
        }
        spec->backgroundBytes = *b;
    }
    if (gpus == 0 || gpus % 512 != 0)
    {
        return "--gpus must be a positive multiple of 512 (Colossus arrays); got "
             + std::to_string(gpus);
    }
    error = ParseProfileList(profiles, ',', "profile", "--profile", &spec->profiles);
    if (!error.empty())
    {
        return error;
    }
    spec->topology = TopologySpec::Colossus(gpus / 512, arraysPerPod, 1);
    spec->topology.hostNic = spec->backgroundBytes > 0; // built after the GPU fabric
    auto topoErrors = spec->topology.Validate();
    if (!topoErrors.empty())
    {
        return "--gpus=" + std::to_string(gpus) + ": " + topoErrors.front();
    }
    error = ReadJobWorkloads(&spec->jobs, spec->topology.gpusPerServer);
    if (!error.empty())
    {
        return "--jobs: " + error;
    }
    return "";
}

} // namespace fabric
} // namespace ns3
