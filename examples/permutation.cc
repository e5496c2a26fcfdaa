/*
 * Permutation traffic: every GPU sends one message to a GPU on another leaf.
 *
 * Prints flow completion times (mean, p50, p99, max), aggregate throughput as a percentage of
 * line rate, drops, simulator speed, and a final one-line JSON summary.
 *
 *   permutation --gpus=1024 --topology=leaf-spine --hostsPerLeaf=16 --routing=ecmp
 *   permutation --topology=fat-tree --k=16 --flowSize=2MiB --seed=3
 */
#include "config/command-line-flags.h"
#include "config/topology-flags.h"
#include "config/units.h"
#include "helper/fabric-builder.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"
#include "helper/heap-scheduler.h"
#include "helper/pcap.h"
#include "helper/result-writer.h"
#include "helper/strategy-names.h"
#include "model/routing/routing-policy.h"

#include "ns3/command-line.h"
#include "ns3/core-module.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

using namespace ns3;
using namespace ns3::fabric;

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);
    UseFabricScheduler();

    TopologyFlags topo;
    std::string routing = "ecmp";
    uint64_t bytes = 2 << 20;
    uint32_t mtu = 4096;
    uint32_t seed = 1;
    std::string receiveMode = "InOrder";
    std::string pcap;
    Time stop = Seconds(1);
    std::string fctCsv;
    std::string jsonOut;

    CommandLineFlags cmd(
        "permutation", "Permutation traffic over a leaf-spine or fat-tree fabric of RoCEv2 NICs.");
    topo.AddTo(cmd);
    cmd.Add("routing", "routing policy: ecmp, adaptive, flowlet (or a TypeId name)", routing);
    cmd.AddSize("flowSize", "message size per GPU, with unit (e.g. 2MiB)", bytes);
    cmd.Add("mtu", "RoCE payload bytes per packet", mtu);
    cmd.Add("seed", "random seed (permutation and hash seeds)", seed);
    cmd.Add("receiveMode", "NIC receive mode: InOrder or OutOfOrder", receiveMode);
    cmd.AddOutput("pcap", "if set, write GPU 0's NIC port to this pcap file", pcap);
    cmd.AddTime("stopTime", "simulated-time limit, with unit", stop);
    cmd.AddOutput(
        "fctCsv", "if set, write one row per flow (src, dst, bytes, fct_us) here", fctCsv);
    cmd.AddOutput("json", "if set, also write the JSON summary line to this file", jsonOut);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }

    TopologySpec spec;
    std::string topoError = topo.ToSpec(&spec);
    if (!topoError.empty())
    {
        return cmd.Fail(topoError);
    }
    if (mtu < 256 || mtu > 9000)
    {
        return cmd.Fail("--mtu must be between 256 and 9000 bytes");
    }
    if (receiveMode != "InOrder" && receiveMode != "OutOfOrder")
    {
        return cmd.Fail("--receiveMode must be InOrder or OutOfOrder; got '" + receiveMode + "'");
    }
    if (FabricBuilder::RoutingTypeIdFromName(routing).empty())
    {
        return cmd.Fail("unknown routing policy '" + routing
                        + "' (known: " + StrategyNameList<RoutingPolicy>() + ")");
    }
    // The bare core (profile "ideal": no congestion control, no PFC) with the routing and NIC
    // receive mode asked for.
    FabricProfile profile = FabricProfile::Named("ideal");
    profile.routing = routing;
    profile.receiveMode = receiveMode;
    Config::SetDefault("ns3::fabric::RdmaNic::Mtu", UintegerValue(mtu));
    std::unique_ptr<Fabric> fabric;
    try
    {
        fabric = FabricHelper(spec, profile, seed).Build();
    }
    catch (const std::exception& e)
    {
        return cmd.Fail(e.what());
    }

    FlowRunner runner(*fabric);
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(static_cast<int64_t>(fabric->switches.size()) + 1); // after the switches'
    std::vector<uint32_t> dst = FlowRunner::CrossLeafPermutation(*fabric, rng);
    for (uint32_t g = 0; g < fabric->NumGpus(); ++g)
    {
        runner.AddFlow({g, dst[g], bytes, Time(0), 0});
    }
    if (!pcap.empty())
    {
        EnablePcap(pcap, fabric->nics[0]);
    }

    double cpu0 = ProcessCpuSeconds();
    auto wall0 = std::chrono::steady_clock::now();
    Simulator::Stop(stop);
    Simulator::Run();
    double simCpu = ProcessCpuSeconds() - cpu0;
    double simWall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    uint64_t events = Simulator::GetEventCount();

    FlowSummary s = runner.Summarize();
    FabricStats st = fabric->CollectStats();
    uint64_t rssKb = PeakRssKb();
    double hopsPerCpu = simCpu > 0 ? st.packetHops / simCpu : 0;

    std::printf("fabric permutation: %u GPUs, %s, %u switches, %zu links, routing %s, %s per GPU\n",
                fabric->NumGpus(),
                topo.topology.c_str(),
                static_cast<unsigned>(fabric->switches.size()),
                fabric->links.size(),
                routing.c_str(),
                FormatBytes(bytes).c_str());
    std::printf("  flows completed        %u / %u\n", s.completed, s.flows);
    std::printf("  FCT mean / p50 / p99 / max (us)   %.2f / %.2f / %.2f / %.2f\n",
                s.fctMeanUs,
                s.fctP50Us,
                s.fctP99Us,
                s.fctMaxUs);
    std::printf("  completion time        %.2f us\n", s.completionUs);
    std::printf("  aggregate throughput   %.1f %% of line rate (%.1f Gb/s per GPU)\n",
                s.aggregatePct,
                s.aggregateGbps / fabric->NumGpus());
    std::printf("  mean flow goodput      %.1f %% of line rate\n", s.meanFlowGoodputPct);
    std::printf("  drops                  %llu (retransmitted packets %llu, NAKs %llu, "
                "timeouts %llu)\n",
                static_cast<unsigned long long>(st.TotalDrops()),
                static_cast<unsigned long long>(st.retransmittedPackets),
                static_cast<unsigned long long>(st.naksSent),
                static_cast<unsigned long long>(st.timeouts));
    std::printf("  packet conservation    %s (created %llu = consumed %llu + dropped %llu + "
                "in flight %llu)\n",
                st.Verdict().c_str(),
                static_cast<unsigned long long>(st.framesCreated),
                static_cast<unsigned long long>(st.framesConsumed),
                static_cast<unsigned long long>(st.TotalDrops()),
                static_cast<unsigned long long>(st.inFlight));
    std::printf("  simulator              %.2f s CPU, %.2f s wall, %llu events, %llu packet-hops, "
                "%.0f packet-hops/CPU-s, peak RSS %llu kB, route setup %.3f ms\n",
                simCpu,
                simWall,
                static_cast<unsigned long long>(events),
                static_cast<unsigned long long>(st.packetHops),
                hopsPerCpu,
                static_cast<unsigned long long>(rssKb),
                fabric->routeSetupSeconds * 1e3);
    char json[4096];
    std::snprintf(
        json,
        sizeof(json),
        "{\"permutation\":{\"gpus\":%u,\"topology\":\"%s\",\"switches\":%zu,\"links\":%zu,"
        "\"routing\":\"%s\",\"receive_mode\":\"%s\",\"flow_size_B\":%llu,\"seed\":%u,"
        "\"flows\":%u,\"completed\":%u,\"fct_mean_us\":%.3f,\"fct_p50_us\":%.3f,"
        "\"fct_p99_us\":%.3f,\"fct_max_us\":%.3f,\"completion_us\":%.3f,"
        "\"throughput_pct\":%.2f,\"mean_flow_goodput_pct\":%.2f,\"drops\":%llu,"
        "\"retransmitted_packets\":%llu,\"naks\":%llu,\"timeouts\":%llu,"
        "\"conserved\":%s,\"cpu_s\":%.3f,\"wall_s\":%.3f,"
        "\"events\":%llu,\"packet_hops\":%llu,\"packet_hops_per_cpu_s\":%.0f,"
        "\"peak_rss_kB\":%llu,\"rss_per_gpu_kB\":%.1f,\"build_s\":%.4f,"
        "\"route_setup_s\":%.6f,\"fib_bytes\":%zu}}",
        fabric->NumGpus(),
        topo.topology.c_str(),
        fabric->switches.size(),
        fabric->links.size(),
        routing.c_str(),
        receiveMode.c_str(),
        static_cast<unsigned long long>(bytes),
        seed,
        s.flows,
        s.completed,
        s.fctMeanUs,
        s.fctP50Us,
        s.fctP99Us,
        s.fctMaxUs,
        s.completionUs,
        s.aggregatePct,
        s.meanFlowGoodputPct,
        static_cast<unsigned long long>(st.TotalDrops()),
        static_cast<unsigned long long>(st.retransmittedPackets),
        static_cast<unsigned long long>(st.naksSent),
        static_cast<unsigned long long>(st.timeouts),
        st.Balanced() ? "true" : "false",
        simCpu,
        simWall,
        static_cast<unsigned long long>(events),
        static_cast<unsigned long long>(st.packetHops),
        hopsPerCpu,
        static_cast<unsigned long long>(rssKb),
        static_cast<double>(rssKb) / fabric->NumGpus(),
        fabric->buildSeconds,
        fabric->routeSetupSeconds,
        fabric->ForwardingTableBytes());
    std::printf("%s\n", json);
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, std::string(json) + "\n"))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    if (!fctCsv.empty())
    {
        std::ostringstream csv;
        csv << "src,dst,bytes,fct_us\n";
        for (const auto& r : runner.GetRecords())
        {
            csv << r.flow.src << "," << r.flow.dst << "," << r.flow.bytes << ","
                << (r.finish.IsNegative() ? -1.0 : r.Fct().GetSeconds() * 1e6) << "\n";
        }
        if (!WriteFileAtomically(fctCsv, csv.str()))
        {
            return cmd.Fail("cannot write " + fctCsv);
        }
    }
    Simulator::Destroy();
    return st.Balanced() && s.completed == s.flows ? 0 : 1;
}
