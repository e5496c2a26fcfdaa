/*
 * Runners of the collective and trace workloads for experiments and sweeps.
 */
#include "workload-runners.h"

#include "config/collective-config.h"
#include "config/trace-chakra-reader.h"
#include "config/trace-reader.h"
#include "config/trace-simai-reader.h"
#include "config/units.h"
#include "experiment/collective-jobs.h"
#include "experiment/collective-runner.h"
#include "experiment/experiment-runner.h"
#include "experiment/training-runner.h"
#include "helper/distributed.h"
#include "helper/fabric-failures.h"

#include "ns3/simulator.h"

#include <chrono>
#include <mutex>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

namespace
{

/// Columns every run shares: what ran, fabric counters (since @p before: zero for the whole
/// run), simulator cost.
void
AddFabricColumns(ResultRow& r, const Fabric& f, const FabricStats& before = FabricStats())
{
    FabricStats st = Distributed::Gather(f.CollectStats()); // every MPI rank's
    auto since = [](uint64_t now, uint64_t then) {
        return static_cast<double>(now - then);
    };
    r.Set("retransmitted_packets", since(st.retransmittedPackets, before.retransmittedPackets));
    r.Set("naks", since(st.naksSent, before.naksSent));
    r.Set("drops", since(st.TotalDrops(), before.TotalDrops()));
    r.Set("link_down_drops", since(st.linkDownDrops, before.linkDownDrops));
    r.Set("qp_errors", since(st.qpErrors, before.qpErrors));
    r.Set("ecn_marks", since(st.ecnMarked, before.ecnMarked));
    r.Set("cnps", since(st.cnpsSent, before.cnpsSent));
    r.Set("pfc_pauses", since(st.pauseFramesSent, before.pauseFramesSent));
    r.Set("conserved", st.Balanced() ? 1.0 : 0.0);
    r.Set("frames_in_flight", static_cast<double>(st.inFlight));
    r.Set("packet_hops", since(st.packetHops, before.packetHops));
    r.Set("base_rtt_us", f.baseRtt.GetSeconds() * 1e6);
    r.Set("simulator_core", f.simulatorCore);
}

void
AddProfileColumns(ResultRow& r, const FabricProfile& p, const ExperimentSpec& e, const Fabric& f)
{
    AddProfileColumns(r, p);
    r.Set("failures", DescribeFailures(e.failures));
    r.Set("tiers", e.topology.spec.tiers);
    r.Set("gpus", f.NumGpus());
    r.Set("seed", e.seed);
}

ResultRows
RunCollective(const ExperimentSpec& e, const RunOutputs& /* outputs */)
{
    auto profile = e.Profile();
    if (!profile)
    {
        throw std::invalid_argument("unknown profile '" + e.profile + "'");
    }
    double cpu0 = ProcessCpuSeconds();
    CollectiveRunner runner(e.topology.spec, *profile, e.seed);
    runner.SetTimeLimit(e.stopTime);
    runner.ApplyFailures(e.failures);
    const double buildCpu = ProcessCpuSeconds() - cpu0;
    std::string error;
    Ptr<CollectiveAlgorithm> algo
        = CreateCollectiveAlgorithm(e.workload.op, e.workload.algo, 0, 0, &error);
    if (!algo)
    {
        throw std::invalid_argument(error);
    }
    std::vector<Communicator> comms = runner.Groups(e.workload.group, &error);
    if (comms.empty())
    {
        throw std::invalid_argument(error.empty() ? "no communicator" : error);
    }
    std::vector<uint64_t> sizes = e.workload.sizes;
    if (sizes.empty())
    {
        sizes.push_back(e.workload.bytes);
    }
    // One row per size, as nccl-tests prints one line per size: the fabric's counters and the
    // simulator's cost are those of the size's own iterations.
    ResultRows rows;
    for (uint64_t bytes : sizes)
    {
        FabricStats before = Distributed::Gather(runner.GetFabric().CollectStats());
        double sizeCpu0 = ProcessCpuSeconds();
        auto sizeWall0 = std::chrono::steady_clock::now();
        CollectiveResult last;
        double busbwSum = 0;
        uint32_t runs = 0;
        for (uint32_t i = 0; i < std::max(1u, e.workload.iterations); ++i)
        {
            last = runner.Run(algo, comms, bytes);
            if (!last.completed)
            {
                std::string who = last.waiting.empty() ? "" : ": " + last.waiting.front();
                throw std::runtime_error("the collective did not complete within the time limit"
                                         + who);
            }
            busbwSum += last.busbwGBps;
            runs++;
        }
        ResultRow r;
        AddProfileColumns(r, *profile, e, runner.GetFabric());
        r.Set("op", last.op);
        r.Set("algo", last.algorithm);
        r.Set("group", e.workload.group);
        r.Set("ranks", last.ranks);
        r.Set("groups", last.groups);
        r.Set("bytes", static_cast<double>(last.bytes));
        r.Set("time_us", last.timeUs);
        r.Set("algbw_GBps", last.algbwGBps);
        r.Set("busbw_GBps", last.busbwGBps);
        r.Set("busbw_mean_GBps", busbwSum / runs);
        r.Set("iterations", runs);
        r.Set("nic_bytes", static_cast<double>(last.nicBytes));
        r.Set("nvlink_bytes", static_cast<double>(last.nvlinkBytes));
        AddFabricColumns(r, runner.GetFabric(), before);
        r.Set("cpu_s", ProcessCpuSeconds() - sizeCpu0);
        r.Set("wall_s",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - sizeWall0).count());
        r.Set("build_cpu_s", rows.empty() ? buildCpu : 0.0);
        r.Set("peak_rss_kB", static_cast<double>(PeakRssKb()));
        rows.push_back(r);
    }
    return rows;
}

ResultRows
RunTrace(const ExperimentSpec& e, const RunOutputs& /* outputs */)
{
    auto profile = e.Profile();
    if (!profile)
    {
        throw std::invalid_argument("unknown profile '" + e.profile + "'");
    }
    TrainingWorkload workload = ReadTrainingWorkload(
        e.workload.traceFile, e.workload.traceFormat, e.topology.spec.gpusPerServer);
    TrainingRunner runner(e.topology.spec, *profile, e.seed);
    runner.SetTimeLimit(e.stopTime);
    FabricFailures failures(runner.GetFabric(), e.seed);
    for (const auto& f : e.failures)
    {
        failures.Add(f);
    }
    // GPU types per server from the topology file (runs of equal types in server order).
    uint32_t servers = e.topology.spec.gpus / e.topology.spec.gpusPerServer;
    std::string mix;
    std::string current;
    uint32_t count = 0;
    for (uint32_t s = 0; s <= servers; ++s)
    {
        std::string type = s < servers ? e.topology.GpuTypeOfServer(s) : "";
        if (type != current && count > 0)
        {
            mix += (mix.empty() ? "" : ",") + current + ":" + std::to_string(count);
            count = 0;
        }
        current = type;
        count++;
    }
    std::string err = runner.SetGpuMix(mix);
    if (!err.empty())
    {
        throw std::invalid_argument(err);
    }
    TrainingReport rep = runner.Run(workload);
    if (!rep.completed)
    {
        std::string who = rep.waiting.empty() ? "" : ": " + rep.waiting.front();
        throw std::runtime_error("the training step did not complete within the time limit" + who);
    }
    ResultRow r;
    AddProfileColumns(r, *profile, e, runner.GetFabric());
    r.Set("iterations", rep.iterations);
    r.Set("step_us", rep.stepUs);
    r.Set("compute_us", rep.all.computeUs);
    r.Set("comm_us", rep.all.commUs);
    r.Set("exposed_comm_us", rep.all.exposedUs);
    r.Set("gpu_utilization_pct", 100.0 * rep.all.utilization);
    for (const auto& g : rep.perType)
    {
        r.Set("gpu_utilization_" + g.type + "_pct", 100.0 * g.utilization);
    }
    AddFabricColumns(r, runner.GetFabric());
    r.Set("peak_rss_kB", static_cast<double>(PeakRssKb()));
    return {r};
}

/// Each job alone (a fabric of its own), then all jobs on one fabric: one row per job with its
/// time, busbw and share of the ceiling alone and shared, and the slowdown; the fabric
/// columns are the shared run's.
ResultRows
RunJobsWorkload(const ExperimentSpec& e, const RunOutputs& /* outputs */)
{
    auto profile = e.Profile();
    if (!profile)
    {
        throw std::invalid_argument("unknown profile '" + e.profile + "'");
    }
    auto placement = PlacementFromName(e.workload.placement);
    if (!placement)
    {
        throw std::invalid_argument("unknown placement '" + e.workload.placement + "'");
    }
    std::vector<CollectiveJob> jobs;
    std::string error
        = MakeCollectiveJobs(e.workload.jobs, e.topology.spec, *placement, e.seed, &jobs);
    if (!error.empty())
    {
        throw std::invalid_argument(error);
    }
    uint32_t iters = std::max(1u, e.workload.iterations);
    double cpu0 = ProcessCpuSeconds();
    std::vector<JobResult> alone = RunEachJobAlone(e.topology.spec,
                                                   *profile,
                                                   e.seed,
                                                   e.stopTime,
                                                   jobs,
                                                   e.workload.warmup,
                                                   iters,
                                                   nullptr,
                                                   e.failures);
    CollectiveRunner runner(e.topology.spec, *profile, e.seed);
    runner.SetTimeLimit(e.stopTime);
    runner.ApplyFailures(e.failures);
    runner.SetBackground(e.workload.background, e.seed);
    std::vector<JobResult> shared = runner.RunJobs(jobs, e.workload.warmup, iters);
    double bgGbps = runner.GetBackgroundStats().GbpsPerHostNic();
    ResultRows rows;
    for (std::size_t j = 0; j < jobs.size(); ++j)
    {
        const CollectiveResult& a = alone[j].result;
        const CollectiveResult& s = shared[j].result;
        if (!a.completed || !s.completed)
        {
            const auto& waiting = a.completed ? s.waiting : a.waiting;
            std::string who = waiting.empty() ? "" : ": " + waiting.front();
            throw std::runtime_error("job '" + jobs[j].name + "' did not complete "
                                     + (a.completed ? "beside the others" : "alone")
                                     + " within the time limit" + who);
        }
        ResultRow r;
        AddProfileColumns(r, *profile, e, runner.GetFabric());
        r.Set("job", jobs[j].name);
        r.Set("job_gpus", jobs[j].comm.Size());
        r.Set("placement", e.workload.placement);
        r.Set("op", s.op);
        r.Set("algo", s.algorithm);
        r.Set("bytes", static_cast<double>(jobs[j].bytes));
        r.Set("warmup", e.workload.warmup);
        r.Set("iterations", iters);
        r.Set("alone_time_us", a.timeUs);
        r.Set("alone_busbw_GBps", a.busbwGBps);
        r.Set("alone_ceiling_pct", a.CeilingPct());
        r.Set("time_us", s.timeUs);
        r.Set("busbw_GBps", s.busbwGBps);
        r.Set("ceiling_pct", s.CeilingPct());
        r.Set("slowdown", s.timeUs / a.timeUs);
        r.Set("extra_iterations", shared[j].extra);
        r.Set("background_B", static_cast<double>(e.workload.background));
        r.Set("background_Gbps_per_host_nic", bgGbps);
        AddFabricColumns(r, runner.GetFabric());
        r.Set("cpu_s", ProcessCpuSeconds() - cpu0);
        r.Set("peak_rss_kB", static_cast<double>(PeakRssKb()));
        rows.push_back(r);
    }
    return rows;
}

} // namespace

void
RegisterCollectiveWorkloads()
{
    static std::once_flag once;
    std::call_once(once, [] {
        RegisterWorkloadRunner("collective", &RunCollective);
        RegisterWorkloadRunner("trace", &RunTrace);
        RegisterWorkloadRunner("jobs", &RunJobsWorkload);
    });
}

} // namespace fabric
} // namespace ns3
