/*
 * Several jobs sharing one Colossus fabric: each job loops its collective on its own servers;
 * every job runs alone, then all together, on each profile; the table gives each job's busbw
 * alone and shared and the slowdown (how well the fabric isolates the jobs).
 *
 *   multi-job --gpus=1024 --arraysPerPod=1 --placement=striped
 *             --jobs="moe:512:all-to-all/pxn:16MiB;dense:512:all-reduce/hierarchical-tree:64MiB"
 */
#include "config/collective-config.h"
#include "config/command-line-flags.h"
#include "config/profile-list.h"
#include "config/units.h"
#include "experiment/collective-jobs.h"
#include "experiment/collective-runner.h"
#include "helper/fabric-profile.h"
#include "helper/result-writer.h"

#include "ns3/core-module.h"

#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::fabric;

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);
    uint32_t gpus = 1024;
    uint32_t arraysPerPod = 1;
    std::string jobsText
        = "moe:512:all-to-all/pxn:16MiB;dense:512:all-reduce/hierarchical-tree:64MiB";
    std::string placementName = "striped";
    std::string profiles = "standard,spectrum-x";
    uint32_t iters = 2;
    uint32_t warmup = 1;
    uint32_t seed = 1;
    Time limit = Seconds(1);
    std::string jsonOut;
    std::string background;
    CommandLineFlags cmd("multi-job",
                         "jobs sharing a Colossus fabric: each job's busbw alone and shared.");
    cmd.Add("gpus", "GPUs in the fabric (a multiple of 512: Colossus arrays)", gpus);
    cmd.Add("arraysPerPod",
            "512-GPU arrays under one spine tier (1: every array its own pod)",
            arraysPerPod);
    cmd.Add("jobs", "jobs 'name:gpus:op[/algo]:size' separated by ';'", jobsText);
    cmd.Add(
        "placement", "contiguous | random (with --seed) | striped (across racks)", placementName);
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
    cmd.AddOutput("json", "if set, write one JSON line per (profile, job) here", jsonOut);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
    std::vector<JobSpec> specs;
    std::string error = ParseJobSpecs(jobsText, &specs);
    if (!error.empty())
    {
        return cmd.Fail("--jobs: " + error);
    }
    auto placement = PlacementFromName(placementName);
    if (!placement)
    {
        return cmd.Fail("--placement must be contiguous, random or striped; got '" + placementName
                        + "'");
    }
    if (iters == 0)
    {
        return cmd.Fail("--iters must be >= 1");
    }
    uint64_t backgroundBytes = 0;
    if (!background.empty())
    {
        auto b = ParseBytes(background);
        if (!b || *b == 0)
        {
            return cmd.Fail("--background must be a positive size with a unit, e.g. 16MiB; got '"
                            + background + "'");
        }
        backgroundBytes = *b;
    }
    if (gpus == 0 || gpus % 512 != 0)
    {
        return cmd.Fail("--gpus must be a positive multiple of 512 (Colossus arrays); got "
                        + std::to_string(gpus));
    }
    std::vector<FabricProfile> profileList;
    if (std::string why = ParseProfileList(profiles, ',', "profile", "--profile", &profileList);
        !why.empty())
    {
        return cmd.Fail(why);
    }
    TopologySpec spec = TopologySpec::Colossus(gpus / 512, arraysPerPod, 1);
    spec.hostNic = backgroundBytes > 0; // the front end is built after the GPU fabric
    auto topoErrors = spec.Validate();
    if (!topoErrors.empty())
    {
        return cmd.Fail("--gpus=" + std::to_string(gpus) + ": " + topoErrors.front());
    }
    error = ReadJobWorkloads(&specs, spec.gpusPerServer);
    if (!error.empty())
    {
        return cmd.Fail("--jobs: " + error);
    }
    std::vector<CollectiveJob> jobs;
    error = MakeCollectiveJobs(specs, spec, *placement, seed, &jobs);
    if (!error.empty())
    {
        return cmd.Fail("--jobs: " + error);
    }

    std::printf("# fabric multi-job: %u GPUs (colossus, %u arrays, %u tiers), placement %s, "
                "seed %u, %u warm-up + %u measured iterations per job\n",
                gpus,
                gpus / 512,
                spec.tiers,
                PlacementName(*placement).c_str(),
                seed,
                warmup,
                iters);
    for (const auto& j : jobs)
    {
        std::set<uint32_t> servers;
        std::set<uint32_t> racks;
        for (uint32_t g : j.comm.Gpus())
        {
            servers.insert(g / spec.gpusPerServer);
            racks.insert(g / spec.gpusPerServer / 8);
        }
        std::string what = j.training ? "training step of " + j.training->source
                                      : CollectiveOpName(j.algorithm->GetOp()) + " ("
                                            + j.algorithm->GetName() + ")  " + FormatBytes(j.bytes);
        std::printf("#   job %-8s %5u GPUs (%zu servers in %zu racks)  %s\n",
                    j.name.c_str(),
                    j.comm.Size(),
                    servers.size(),
                    racks.size(),
                    what.c_str());
    }
    std::string json;
    bool allGood = true;
    for (const auto& profile : profileList)
    {
        std::printf("#\n# profile %s = %s\n", profile.name.c_str(), profile.Describe().c_str());
        std::printf("# %-8s %10s %8s %7s | %10s %8s %7s | %8s %5s\n",
                    "job",
                    "alone (us)",
                    "busbw",
                    "% ceil",
                    "shared(us)",
                    "busbw",
                    "% ceil",
                    "slowdown",
                    "extra");
        bool aloneConserved = true;
        std::vector<JobResult> alone
            = RunEachJobAlone(spec, profile, seed, limit, jobs, warmup, iters, &aloneConserved);
        CollectiveRunner sharedRunner(spec, profile, seed);
        sharedRunner.SetTimeLimit(limit);
        sharedRunner.SetBackground(backgroundBytes, seed);
        std::vector<JobResult> together = sharedRunner.RunJobs(jobs, warmup, iters);
        // Background goodput per host NIC, over the time it ran.
        const auto& bg = sharedRunner.GetBackgroundStats();
        double bgGbps = bg.GbpsPerHostNic();
        FabricStats shared = sharedRunner.GetFabric().CollectStats();
        allGood = allGood && aloneConserved;
        allGood = allGood && shared.Conserved();
        for (std::size_t j = 0; j < jobs.size(); ++j)
        {
            const CollectiveResult& a = alone[j].result;
            const CollectiveResult& s = together[j].result;
            bool ok = a.completed && s.completed;
            allGood = allGood && ok;
            double slowdown = ok ? s.timeUs / a.timeUs : 0;
            std::printf("  %-8s %10.1f %8.2f %7.1f | %10.1f %8.2f %7.1f | %8.3f %5u%s\n",
                        jobs[j].name.c_str(),
                        a.timeUs,
                        a.busbwGBps,
                        a.CeilingPct(),
                        s.timeUs,
                        s.busbwGBps,
                        s.CeilingPct(),
                        slowdown,
                        together[j].extra,
                        ok ? "" : "  (did not finish within --timeLimit)");
            char line[4096];
            std::snprintf(line,
                          sizeof(line),
                          "{\"job\":{\"profile\":\"%s\",\"name\":\"%s\",\"gpus\":%u,\"op\":\"%s\","
                          "\"algo\":\"%s\",\"size_B\":%llu,\"placement\":\"%s\",\"seed\":%u,"
                          "\"warmup\":%u,\"iters\":%u,\"completed\":%s,\"alone_time_us\":%.3f,"
                          "\"alone_busbw_GBps\":%.4f,\"alone_ceiling_pct\":%.3f,"
                          "\"shared_time_us\":%.3f,\"shared_busbw_GBps\":%.4f,"
                          "\"shared_ceiling_pct\":%.3f,\"slowdown\":%.4f,\"extra_iterations\":%u,"
                          "\"shared_ecn_marks\":%llu,\"shared_cnps\":%llu,\"shared_drops\":%llu,"
                          "\"background_size_B\":%llu,\"background_Gbps_per_host_nic\":%.3f,"
                          "\"conserved\":%s}}\n",
                          profile.name.c_str(),
                          jobs[j].name.c_str(),
                          jobs[j].comm.Size(),
                          s.op.c_str(),
                          s.algorithm.c_str(),
                          static_cast<unsigned long long>(jobs[j].bytes),
                          PlacementName(*placement).c_str(),
                          seed,
                          warmup,
                          iters,
                          ok ? "true" : "false",
                          a.timeUs,
                          a.busbwGBps,
                          a.CeilingPct(),
                          s.timeUs,
                          s.busbwGBps,
                          s.CeilingPct(),
                          slowdown,
                          together[j].extra,
                          static_cast<unsigned long long>(shared.ecnMarked),
                          static_cast<unsigned long long>(shared.cnpsSent),
                          static_cast<unsigned long long>(shared.TotalDrops()),
                          static_cast<unsigned long long>(backgroundBytes),
                          bgGbps,
                          shared.Conserved() ? "true" : "false");
            json += line;
            if (!s.completed)
            {
                for (const auto& w : s.waiting)
                {
                    std::printf("#   %s\n", w.c_str());
                }
            }
        }
        if (backgroundBytes > 0)
        {
            std::printf("# background: %u host NICs, %s messages in a random cycle: %llu "
                        "acknowledged, %.1f Gb/s per host NIC until %.1f us\n",
                        spec.NumServers(),
                        FormatBytes(backgroundBytes).c_str(),
                        static_cast<unsigned long long>(bg.messages),
                        bgGbps,
                        bg.end.GetMicroSeconds() * 1.0);
        }
        std::printf("# shared run: %llu ECN marks, %llu CNPs, %llu drops, buffer peak %.1f MiB, "
                    "packet conservation %s\n",
                    static_cast<unsigned long long>(shared.ecnMarked),
                    static_cast<unsigned long long>(shared.cnpsSent),
                    static_cast<unsigned long long>(shared.TotalDrops()),
                    shared.bufferPeakBytes / 1048576.0,
                    shared.Verdict().c_str());
        std::fflush(stdout);
    }
    Simulator::Destroy();
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    return allGood ? 0 : 1;
}
