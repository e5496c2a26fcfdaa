/*
 * The collective program's run.
 */
#include "collective-sweep.h"

#include "config/collective-config.h"
#include "experiment/collective-runner.h"
#include "helper/distributed.h"
#include "helper/fabric-failures.h"
#include "helper/pcap.h"
#include "model/collective/collective-algorithm.h"

#include "ns3/core-module.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

namespace ns3
{
namespace fabric
{

namespace
{

/// Measurements of one profile.
struct ProfileRun
{
    FabricProfile profile;                //!< the profile
    std::vector<CollectiveResult> points; //!< one per size
    FabricStats stats;                    //!< fabric totals at the end
    double cpuSeconds {0};                //!< simulation CPU time
    double wallSeconds {0};               //!< simulation wall time
    double buildSeconds {0};              //!< topology build + route setup
    uint64_t events {0};                  //!< simulator events
    uint64_t connections {0};             //!< queue-pair connections created
    uint64_t peakRssKb {0};               //!< peak RSS of the process after this profile
    double baseRttUs {0};                 //!< RdmaNic::BaseRtt the fabric was given
};

} // namespace

std::string
CollectiveCsvHeader()
{
    return "profile,op,algo,gpus,ranks,groups,size_B,completed,time_us,algbw_GBps,busbw_GBps\n";
}

std::string
RunCollectiveSweep(const CollectiveSweep& sweep,
                   const MonitorFlags& monitors,
                   const std::string& pcap,
                   std::string* json,
                   std::string* csv,
                   bool* ok)
{
    const std::vector<FabricProfile>& profileList = sweep.profiles;
    const TopologySpec& spec = sweep.topology;
    const std::string& shape = sweep.shape;
    const Ptr<CollectiveAlgorithm>& algorithm = sweep.algorithm;
    const std::vector<uint64_t>& sizes = sweep.sizes;
    const std::vector<FailureSpec>& failureSpecs = sweep.failures;
    const std::string& group = sweep.group;
    const uint32_t root = sweep.root;
    const uint32_t iters = sweep.iters;
    const uint32_t warmup = sweep.warmup;
    const uint32_t seed = sweep.seed;
    const uint32_t gpus = sweep.gpus;
    const uint32_t channels = sweep.channels;
    const uint32_t qpsPerConnection = sweep.qpsPerConnection;
    const std::optional<uint64_t> chunkB = sweep.chunkBytes;
    const double stepFactor = sweep.stepFactor;
    const double progress = sweep.progress;
    const DataRate nvRate = sweep.nvRate;
    const Time nvLatency = sweep.nvLatency;
    const Time limit = sweep.limit;
    std::string error;
    if (std::string why = Distributed::CheckFabrics(
            profileList.size(), "--profile", profileList.empty() ? "" : profileList[0].name);
        !why.empty())
    {
        return why; // under mpirun: one fabric, so one profile, per run
    }
    std::vector<ProfileRun> runs;
    uint32_t ranks = 0;
    uint32_t groups = 0;
    for (const auto& profile : profileList)
    {
        Simulator::Destroy();
        RngSeedManager::SetSeed(seed);
        ProfileRun pr;
        pr.profile = profile;
        auto buildStart = std::chrono::steady_clock::now();
        std::unique_ptr<CollectiveRunner> runner;
        try
        {
            runner = std::make_unique<CollectiveRunner>(spec, profile, seed);
        }
        catch (const std::exception& e)
        {
            return (e.what());
        }
        pr.buildSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - buildStart).count();
        runner->SetTimeLimit(limit);
        runner->SetProgress(&std::cerr, progress);
        try
        {
            runner->ApplyFailures(failureSpecs);
        }
        catch (const std::invalid_argument& e)
        {
            return (e.what());
        }
        if (!pcap.empty())
        {
            EnablePcap(PcapPathFor(pcap, profile.name, profileList.size() > 1),
                       runner->GetFabric().nics[0]);
        }
        MonitorFlags::Timelines timelines = monitors.For(profile.name);
        if (std::string why = timelines.Start(runner->GetFabric()); !why.empty())
        {
            return (why);
        }
        runner->GetNvLink()->SetAttribute("Rate", DataRateValue(nvRate));
        runner->GetNvLink()->SetAttribute("Latency", TimeValue(nvLatency));
        std::vector<Communicator> comms = runner->Groups(group, &error);
        if (comms.empty())
        {
            return (error);
        }
        for (const auto& c : comms)
        {
            std::string why = runner->GetEngine()->Check(algorithm, c, root);
            if (!why.empty())
            {
                return ("group " + group + " (" + std::to_string(c.Size()) + " ranks): " + why);
            }
        }
        ranks = comms.front().Size();
        groups = static_cast<uint32_t>(comms.size());
        if (runs.empty())
        {
            std::printf("# fabric collective: %s (%s), %u GPUs (%s), group %s: %u x %u ranks, "
                        "%u channels, %s chunks; seed %u\n",
                        CollectiveOpName(algorithm->GetOp()).c_str(),
                        algorithm->GetName().c_str(),
                        gpus,
                        shape.c_str(),
                        group.c_str(),
                        groups,
                        ranks,
                        channels,
                        FormatBytes(*chunkB).c_str(),
                        seed);
        }
        // nccl-tests' layout, one table per profile, each row printed when its size is done.
        std::printf("#\n# profile %s = %s\n", profile.name.c_str(), profile.Describe().c_str());
        if (const FabricFailures* failures = runner->GetFailures())
        {
            for (const auto& line : failures->Descriptions())
            {
                std::printf("# condition: %s\n", line.c_str());
            }
            for (const auto& line : failures->Unreachable())
            {
                std::printf("# unreachable now: %s\n", line.c_str());
            }
        }
        std::printf("# nThread 1 nGpus 1 minBytes %llu maxBytes %llu step: %g(factor) warmup "
                    "iters: %u iters: %u agg iters: 1 validation: 0 graph: 0\n",
                    static_cast<unsigned long long>(sizes.front()),
                    static_cast<unsigned long long>(sizes.back()),
                    stepFactor,
                    warmup,
                    iters);
        std::printf("#\n");
        std::printf(
            "#                                                              out-of-place    "
            "                   in-place          \n");
        std::printf("#       size         count      type   redop    root     time   algbw   "
                    "busbw #wrong     time   algbw   busbw #wrong\n");
        std::printf("#        (B)    (elements)                               (us)  (GB/s)  "
                    "(GB/s)            (us)  (GB/s)  (GB/s)       \n");
        std::fflush(stdout);
        double busbwSum = 0;
        uint32_t busbwCount = 0;
        double cpu0 = ProcessCpuSeconds();
        auto wall0 = std::chrono::steady_clock::now();
        for (uint64_t size : sizes)
        {
            for (uint32_t w = 0; w < warmup; ++w)
            {
                runner->Run(algorithm, comms, size, root);
            }
            CollectiveResult sum;
            for (uint32_t i = 0; i < iters; ++i)
            {
                CollectiveResult r = runner->Run(algorithm, comms, size, root);
                if (i == 0)
                {
                    sum = r;
                    continue;
                }
                sum.completed = sum.completed && r.completed;
                sum.timeUs += r.timeUs;
                sum.ceilingUs += r.ceilingUs;
                if (!r.completed)
                {
                    sum.waiting = r.waiting;
                }
            }
            if (sum.completed)
            {
                sum.timeUs /= iters;
                sum.ceilingUs /= iters;
                sum.algbwGBps = size / (sum.timeUs * 1e-6) / 1e9;
                sum.busbwGBps = sum.algbwGBps * BusBandwidthFactor(algorithm->GetOp(), ranks);
            }
            pr.points.push_back(sum);
            NcclTestsRow row = NcclTestsColumns(algorithm->GetOp(), size, ranks, root);
            std::printf("%12llu  %12llu  %8s  %6s  %6i",
                        static_cast<unsigned long long>(row.sizeBytes),
                        static_cast<unsigned long long>(row.count),
                        "float",
                        row.redop.c_str(),
                        row.root);
            if (sum.completed)
            {
                // In-place moves the same bytes over the same links (no GPU memory is
                // modelled): the same simulated time in both groups.
                for (int group = 0; group < 2; ++group)
                {
                    std::printf("  %7s  %6.2f  %6.2f  %5s",
                                NcclTestsTime(sum.timeUs).c_str(),
                                sum.algbwGBps,
                                sum.busbwGBps,
                                "N/A");
                    busbwSum += sum.busbwGBps;
                    busbwCount++;
                }
                std::printf("\n");
            }
            else
            {
                std::printf("  # did not finish within --timeLimit\n");
            }
            std::fflush(stdout);
            if (!sum.completed)
            {
                break; // a stuck fabric does not get better with larger sizes
            }
        }
        std::printf("# Out of bounds values : 0 OK\n");
        std::printf("# Avg bus bandwidth    : %g \n", busbwCount ? busbwSum / busbwCount : 0.0);
        std::printf("#\n");
        pr.cpuSeconds = Distributed::SumDouble(ProcessCpuSeconds() - cpu0); // every rank's
        if (std::string why = timelines.Finish(); !why.empty())
        {
            return (why);
        }
        pr.wallSeconds = Distributed::MaxDouble(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count());
        // Over MPI ranks: the model's events, every rank's counters.
        pr.events = Distributed::ModelEvents(Simulator::GetEventCount(), runner->GetWindows());
        pr.stats = Distributed::Gather(runner->GetFabric().CollectStats());
        pr.connections = runner->GetEngine()->GetNConnections();
        pr.baseRttUs = runner->GetFabric().baseRtt.GetSeconds() * 1e6;
        {
            const ProfileRun& r = pr;
            double busSum = 0;
            for (const auto& p : r.points)
            {
                busSum += p.busbwGBps;
            }
            double hopsPerCpu = r.cpuSeconds > 0 ? r.stats.packetHops / r.cpuSeconds : 0;
            pr.peakRssKb = static_cast<uint64_t>(Distributed::MaxDouble(PeakRssKb()));
            uint64_t rss = pr.peakRssKb;
            std::printf(
                "# %-10s avg busbw %.2f GB/s; %.2f s CPU, %.2f s wall, %llu events, %llu "
                "packet-hops (%.0f per CPU-s), %llu QP connections, peak RSS %llu kB, build "
                "%.2f s; drops %llu, retransmitted %llu, packet conservation %s\n",
                r.profile.name.c_str(),
                r.points.empty() ? 0.0 : busSum / r.points.size(),
                r.cpuSeconds,
                r.wallSeconds,
                static_cast<unsigned long long>(r.events),
                static_cast<unsigned long long>(r.stats.packetHops),
                hopsPerCpu,
                static_cast<unsigned long long>(r.connections),
                static_cast<unsigned long long>(rss),
                r.buildSeconds,
                static_cast<unsigned long long>(r.stats.TotalDrops()),
                static_cast<unsigned long long>(r.stats.retransmittedPackets),
                r.stats.Verdict().c_str());
        }
        std::fflush(stdout);
        runs.push_back(pr);
        runner.reset();
        Simulator::Destroy();
    }

    bool allGood = true;
    std::string jsonText;
    std::string csvText;
    for (const auto& r : runs)
    {
        double hopsPerCpu = r.cpuSeconds > 0 ? r.stats.packetHops / r.cpuSeconds : 0;
        uint64_t rss = r.peakRssKb;
        allGood = allGood && r.stats.Balanced();
        for (const auto& p : r.points)
        {
            allGood = allGood && p.completed;
            if (!p.completed)
            {
                std::printf("# %s: %s of %llu B did not finish (%llu queue pairs in error after "
                            "their retry count); waiting ranks:\n",
                            r.profile.name.c_str(),
                            p.op.c_str(),
                            static_cast<unsigned long long>(p.bytes),
                            static_cast<unsigned long long>(r.stats.qpErrors));
                for (const auto& w : p.waiting)
                {
                    std::printf("#   %s\n", w.c_str());
                }
            }
            char line[2048];
            std::snprintf(
                line,
                sizeof(line),
                "{\"collective\":{\"profile\":\"%s\",\"op\":\"%s\",\"algo\":\"%s\",\"gpus\":%u,"
                "\"ranks\":%u,\"groups\":%u,\"channels\":%u,\"size_B\":%llu,\"completed\":%s,"
                "\"time_us\":%.3f,\"algbw_GBps\":%.4f,\"busbw_GBps\":%.4f,\"nic_bytes\":%llu,"
                "\"nvlink_bytes\":%llu,\"ceiling_us\":%.3f,\"ceiling_pct\":%.3f,"
                "\"iters\":%u,\"warmup\":%u,\"seed\":%u,\"qps_per_connection\":%u,\"ecn_marks\":%"
                "llu,\"cnps\":%llu,"
                "\"pfc_pauses\":%llu,\"paused_us\":%.3f,\"retransmitted_packets\":%llu,"
                "\"naks\":%llu,\"timeouts\":%llu,\"qp_errors\":%llu,\"drops\":%llu,\"buffer_peak_"
                "MiB\":%.3f,"
                "\"link_down_drops\":%llu,\"base_rtt_us\":%.3f,\"cpu_s\":%.3f,\"wall_s\":%.3f,"
                "\"events\":%llu,"
                "\"packet_hops\":%llu,\"packet_hops_per_cpu_s\":%.0f,\"peak_rss_kB\":%llu,"
                "\"qp_connections\":%llu,\"conserved\":%s}}",
                r.profile.name.c_str(),
                p.op.c_str(),
                p.algorithm.c_str(),
                gpus,
                p.ranks,
                p.groups,
                channels,
                static_cast<unsigned long long>(p.bytes),
                p.completed ? "true" : "false",
                p.timeUs,
                p.algbwGBps,
                p.busbwGBps,
                static_cast<unsigned long long>(p.nicBytes),
                static_cast<unsigned long long>(p.nvlinkBytes),
                p.ceilingUs,
                p.CeilingPct(),
                iters,
                warmup,
                seed,
                qpsPerConnection,
                static_cast<unsigned long long>(r.stats.ecnMarked),
                static_cast<unsigned long long>(r.stats.cnpsSent),
                static_cast<unsigned long long>(r.stats.pauseFramesSent),
                r.stats.pausedSeconds * 1e6,
                static_cast<unsigned long long>(r.stats.retransmittedPackets),
                static_cast<unsigned long long>(r.stats.naksSent),
                static_cast<unsigned long long>(r.stats.timeouts),
                static_cast<unsigned long long>(r.stats.qpErrors),
                static_cast<unsigned long long>(r.stats.TotalDrops()),
                r.stats.bufferPeakBytes / 1048576.0,
                static_cast<unsigned long long>(r.stats.linkDownDrops),
                r.baseRttUs,
                r.cpuSeconds,
                r.wallSeconds,
                static_cast<unsigned long long>(r.events),
                static_cast<unsigned long long>(r.stats.packetHops),
                hopsPerCpu,
                static_cast<unsigned long long>(rss),
                static_cast<unsigned long long>(r.connections),
                r.stats.Balanced() ? "true" : "false");
            jsonText += std::string(line) + "\n";
            std::snprintf(line,
                          sizeof(line),
                          "%s,%s,%s,%u,%u,%u,%llu,%d,%.3f,%.4f,%.4f\n",
                          r.profile.name.c_str(),
                          p.op.c_str(),
                          p.algorithm.c_str(),
                          gpus,
                          p.ranks,
                          p.groups,
                          static_cast<unsigned long long>(p.bytes),
                          p.completed ? 1 : 0,
                          p.timeUs,
                          p.algbwGBps,
                          p.busbwGBps);
            csvText += line;
        }
    }
    *json = std::move(jsonText);
    *csv = std::move(csvText);
    *ok = allGood;
    return "";
}

} // namespace fabric
} // namespace ns3
