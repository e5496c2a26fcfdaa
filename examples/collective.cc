/*
 * nccl-tests-style collective sweep: one collective per message size, on every profile asked
 * for, printed side by side (size, count, type, time, algbw, busbw per profile).
 *
 *   collective --op=all-reduce --algo=ring --minBytes=1MiB --maxBytes=64MiB --stepFactor=4
 *   collective --gpus=4096 --arraysPerPod=4 --op=all-to-all --algo=pxn --profile=spectrum-x
 *   collective --topology=leaf-spine --gpus=64 --gpusPerServer=1 --op=all-gather
 */
#include "config/collective-config.h"
#include "config/command-line-flags.h"
#include "config/failure-flags.h"
#include "config/monitor-flags.h"
#include "config/profile-list.h"
#include "config/units.h"
#include "experiment/collective-runner.h"
#include "helper/fabric-builder.h"
#include "helper/fabric-failures.h"
#include "helper/fabric-profile.h"
#include "helper/pcap.h"
#include "helper/result-writer.h"

#include "ns3/command-line.h"
#include "ns3/core-module.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

using namespace ns3;
using namespace ns3::fabric;

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

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);

    std::string op = "all-reduce";
    std::string algo = "";
    std::string minBytes = "1MiB";
    std::string maxBytes = "64MiB";
    double stepFactor = 2;
    uint32_t gpus = 512;
    std::string profiles = "standard,spectrum-x";
    std::string topology = "colossus";
    uint32_t arraysPerPod = 8;
    uint32_t oversubscription = 1;
    uint32_t hostsPerLeaf = 16;
    uint32_t spines = 0;
    uint32_t gpusPerServer = 8;
    uint32_t planes = 1;
    std::string wiring = "rail";
    std::string group = "world";
    uint32_t channels = 0;
    std::string chunk = "512KiB";
    uint32_t root = 0;
    uint32_t qpsPerConnection = 1;
    uint32_t iters = 1;
    uint32_t warmup = 0;
    uint32_t seed = 1;
    DataRate lineRate = *ParseDataRate("400Gbps");
    DataRate nvRate = *ParseDataRate("450GB/s");
    Time nvLatency = MicroSeconds(1);
    Time limit = Seconds(10);
    double progress = 30;
    std::string jsonOut;
    std::string csvOut;
    std::string pcap;
    MonitorFlags monitors("0:*", "5us", true);
    FailureFlags failureFlags;

    CommandLineFlags cmd(
        "collective", "nccl-tests-style collective sweep over message sizes, per fabric profile.");
    cmd.Add(
        "op", "all-reduce | all-gather | reduce-scatter | all-to-all | broadcast | sendrecv", op);
    cmd.Add("algo",
            "algorithm: all-reduce ring|tree|hierarchical, all-to-all direct|pairwise|pxn, "
            "others ring (sendrecv p2p); empty = the first",
            algo);
    cmd.Add("minBytes", "smallest size S (nccl-tests -b), e.g. 8, 1M, 1MiB", minBytes);
    cmd.Add("maxBytes", "largest size S (nccl-tests -e)", maxBytes);
    cmd.Add("stepFactor", "size multiplier between points (nccl-tests -f), > 1", stepFactor);
    cmd.Add("gpus", "GPUs in the fabric (colossus: a multiple of 512)", gpus);
    cmd.Add("profile",
            "comma-separated fabric profiles: standard, spectrum-x, ideal, each with optional "
            "/key=value overrides (routing, cc, receiveMode, pfc, ecn, telemetry), e.g. "
            "spectrum-x/cc=none",
            profiles);
    cmd.Add("topology", "colossus (rail-optimized arrays) or leaf-spine", topology);
    cmd.Add("arraysPerPod", "colossus: 512-GPU arrays under one spine tier", arraysPerPod);
    cmd.Add("oversubscription", "colossus: leaf down-links per up-link", oversubscription);
    cmd.Add("hostsPerLeaf", "leaf-spine: GPU NICs per leaf", hostsPerLeaf);
    cmd.Add("spines", "leaf-spine: spines (0 = as many as leaf uplinks)", spines);
    cmd.Add("gpusPerServer", "leaf-spine: GPUs per server (NVLink domain)", gpusPerServer);
    cmd.Add("planes",
            "NIC planes: each GPU NIC split into this many ports at --rate / planes, each on "
            "its own copy of the fabric",
            planes);
    cmd.Add("wiring", "leaf-spine: tor or rail", wiring);
    cmd.Add("group",
            "communicators: world (one over all GPUs), rails (one per rail, concurrently), "
            "servers (one per server), rail<i>, server<i>",
            group);
    cmd.Add("channels",
            "parallel channels, each with its own QPs (0 = auto: gpusPerServer for a ring over the "
            "world group, 1 for all-to-all and sendrecv, else 2)",
            channels);
    cmd.Add("chunk", "largest message posted at once (NCCL step), with unit", chunk);
    cmd.Add("qpsPerConnection",
            "queue pairs per connection, messages round-robin over them "
            "(NCCL_IB_QPS_PER_CONNECTION)",
            qpsPerConnection);
    cmd.Add("root", "root rank (broadcast)", root);
    cmd.Add("iters", "timed iterations per size (averaged)", iters);
    cmd.Add("warmup", "untimed iterations per size", warmup);
    cmd.Add("seed", "hash seeds and random streams", seed);
    cmd.AddRate("rate", "every Ethernet link's rate, with unit", lineRate);
    cmd.AddRate("nvlinkRate", "NVLink rate per GPU and direction, with unit", nvRate);
    cmd.AddTime("nvlinkLatency", "NVLink copy latency, with unit", nvLatency, true);
    cmd.AddTime("timeLimit", "simulated-time limit per collective, with unit", limit);
    cmd.Add("progress",
            "seconds of real time between progress lines on stderr while a size runs (0: none)",
            progress);
    cmd.AddOutput("json", "if set, write one JSON line per (profile, size) here", jsonOut);
    cmd.AddOutput("csv", "if set, write one CSV row per (profile, size) here", csvOut);
    cmd.AddOutput("pcap",
                  "if set, write GPU 0's NIC port to this pcap file (x-PROFILE.pcap with several "
                  "profiles)",
                  pcap);
    monitors.AddTo(cmd, "profile", "every size and iteration, warm-up included");
    AddFailureFlags(cmd, failureFlags);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }

    // Validate everything before building anything.
    if (std::string why = monitors.Check({}); !why.empty())
    {
        return cmd.Fail(why);
    }
    std::vector<FailureSpec> failureSpecs;
    std::string failureError = FailureSpecsFromFlags(failureFlags, &failureSpecs);
    if (!failureError.empty())
    {
        return cmd.Fail(failureError);
    }
    std::string error;
    Ptr<CollectiveAlgorithm> probe = CreateCollectiveAlgorithm(op, algo, 1, 0, &error);
    if (!probe)
    {
        return cmd.Fail(error);
    }
    auto minB = ParseMessageSize(minBytes);
    auto maxB = ParseMessageSize(maxBytes);
    if (!minB || *minB == 0)
    {
        return cmd.Fail("--minBytes must be a positive size, e.g. 8, 1M or 1MiB; got '" + minBytes
                        + "'");
    }
    if (!maxB || *maxB < *minB)
    {
        return cmd.Fail("--maxBytes must be a size >= --minBytes; got '" + maxBytes + "'");
    }
    if (!(stepFactor > 1) && *maxB != *minB)
    {
        return cmd.Fail("--stepFactor must be > 1");
    }
    if (!(progress >= 0))
    {
        return cmd.Fail("--progress must be a number of seconds >= 0 (0: no progress lines)");
    }
    auto chunkB = ParseMessageSize(chunk);
    if (!chunkB || *chunkB == 0)
    {
        return cmd.Fail("--chunk must be a positive size; got '" + chunk + "'");
    }
    if (qpsPerConnection == 0 || qpsPerConnection > 64)
    {
        return cmd.Fail("--qpsPerConnection must be between 1 and 64");
    }
    Config::SetDefault("ns3::fabric::CollectiveEngine::QpsPerConnection",
                       UintegerValue(qpsPerConnection));
    if (iters == 0)
    {
        return cmd.Fail("--iters must be >= 1");
    }
    if (gpus == 0)
    {
        return cmd.Fail("--gpus must be > 0");
    }
    std::vector<FabricProfile> profileList;
    for (const std::string& why :
         {ParseProfileList(profiles, ',', "profile", "--profile", &profileList),
          monitors.Check(ProfileNames(profileList))})
    {
        if (!why.empty())
        {
            return cmd.Fail(why);
        }
    }

    TopologySpec spec;
    std::string shape;
    if (topology == "colossus")
    {
        std::string unused = cmd.RejectGiven({"hostsPerLeaf", "spines", "gpusPerServer", "wiring"},
                                             "--topology=colossus (512-GPU rail-optimized arrays)");
        if (!unused.empty())
        {
            return cmd.Fail(unused);
        }
        if (gpus % 512 != 0)
        {
            return cmd.Fail("--gpus=" + std::to_string(gpus)
                            + " does not match the colossus topology: it is built of 512-GPU "
                              "arrays (use a multiple of 512, or --topology=leaf-spine)");
        }
        spec = TopologySpec::Colossus(gpus / 512, arraysPerPod, oversubscription);
        shape = "colossus, " + std::to_string(gpus / 512) + " arrays, " + std::to_string(spec.tiers)
              + " tiers";
    }
    else if (topology == "leaf-spine")
    {
        std::string unused
            = cmd.RejectGiven({"arraysPerPod", "oversubscription"}, "--topology=leaf-spine");
        if (!unused.empty())
        {
            return cmd.Fail(unused);
        }
        spec = TopologySpec::LeafSpine(gpus, hostsPerLeaf, spines);
        spec.gpusPerServer = gpusPerServer;
        if (wiring == "rail")
        {
            spec.wiring = Wiring::RAIL;
        }
        else if (wiring != "tor")
        {
            return cmd.Fail("--wiring must be tor or rail; got '" + wiring + "'");
        }
        shape = "leaf-spine, " + wiring + " wiring";
    }
    else
    {
        return cmd.Fail("--topology must be colossus or leaf-spine; got '" + topology + "'");
    }
    spec.hostLink.rate = spec.leafLink.rate = spec.spineLink.rate = lineRate;
    spec.planes = planes;
    if (planes > 1)
    {
        shape += ", " + std::to_string(planes) + " NIC planes";
    }
    auto topoErrors = spec.Validate();
    if (!topoErrors.empty())
    {
        return cmd.Fail(topoErrors.front().find("planes") != std::string::npos
                            ? "--planes=" + std::to_string(planes) + ": " + topoErrors.front()
                            : "--gpus=" + std::to_string(gpus)
                                  + " does not fit the topology: " + topoErrors.front());
    }
    if (channels == 0)
    {
        // A ring over whole servers needs one channel per rail for every NIC of a server to
        // carry one ring crossing; all-to-all and send/recv already use every NIC (1 QP per
        // peer, as NCCL_IB_QPS_PER_CONNECTION=1); otherwise 2 (NCCL's minimum).
        if (probe->GetName() == "ring" && group == "world")
        {
            channels = spec.gpusPerServer;
        }
        else if (probe->GetOp() == CollectiveOp::ALL_TO_ALL
                 || probe->GetOp() == CollectiveOp::SEND_RECV)
        {
            channels = 1;
        }
        else
        {
            channels = 2;
        }
    }
    Ptr<CollectiveAlgorithm> algorithm
        = CreateCollectiveAlgorithm(op, algo, channels, *chunkB, &error);
    if (!algorithm)
    {
        return cmd.Fail(error);
    }

    std::vector<uint64_t> sizes;
    for (double s = static_cast<double>(*minB); s <= static_cast<double>(*maxB) * 1.0000001;
         s *= stepFactor)
    {
        sizes.push_back(static_cast<uint64_t>(s));
        if (*maxB == *minB)
        {
            break;
        }
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
            return cmd.Fail(e.what());
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
            return cmd.Fail(e.what());
        }
        if (!pcap.empty())
        {
            EnablePcap(PcapPathFor(pcap, profile.name, profileList.size() > 1),
                       runner->GetFabric().nics[0]);
        }
        MonitorFlags::Timelines timelines = monitors.For(profile.name);
        if (std::string why = timelines.Start(runner->GetFabric()); !why.empty())
        {
            return cmd.Fail(why);
        }
        runner->GetNvLink()->SetAttribute("Rate", DataRateValue(nvRate));
        runner->GetNvLink()->SetAttribute("Latency", TimeValue(nvLatency));
        std::vector<Communicator> comms = runner->Groups(group, &error);
        if (comms.empty())
        {
            return cmd.Fail(error);
        }
        for (const auto& c : comms)
        {
            std::string why = runner->GetEngine()->Check(algorithm, c, root);
            if (!why.empty())
            {
                return cmd.Fail("group " + group + " (" + std::to_string(c.Size())
                                + " ranks): " + why);
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
        pr.cpuSeconds = ProcessCpuSeconds() - cpu0;
        if (std::string why = timelines.Finish(); !why.empty())
        {
            return cmd.Fail(why);
        }
        pr.wallSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
        pr.events = Simulator::GetEventCount();
        pr.stats = runner->GetFabric().CollectStats();
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
            pr.peakRssKb = PeakRssKb();
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
    std::string json;
    std::string csv;
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
            json += std::string(line) + "\n";
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
            csv += line;
        }
    }
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    if (!csvOut.empty()
        && !WriteFileAtomically(csvOut,
                                "profile,op,algo,gpus,ranks,groups,size_B,completed,time_us,"
                                "algbw_GBps,busbw_GBps\n"
                                    + csv))
    {
        return cmd.Fail("cannot write " + csvOut);
    }
    return allGood ? 0 : 1;
}
