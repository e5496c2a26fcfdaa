/*
 * One simulation run of synthetic traffic (permutation, all-to-all) on a fabric profile.
 */
#include "scenario.h"

#include "config/units.h"
#include "helper/distributed.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"
#include "helper/result-writer.h"
#include "model/headers/roce-header.h"

#include "ns3/boolean.h"
#include "ns3/core-module.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace ns3
{
namespace fabric
{

namespace
{

/// Per directed switch-to-switch link: bytes of each flow that crossed it.
struct LinkLoad
{
    uint8_t tier {0};                                 //!< tier of the sending switch
    bool up {false};                                  //!< toward the core
    uint64_t bytes {0};                               //!< data bytes
    std::unordered_map<uint64_t, uint64_t> flowBytes; //!< flow key -> bytes
};

uint64_t
FlowKey(const RoceHeader& h)
{
    // Addresses in the high and low words, the UDP source port mixed in by a multiplicative
    // hash so that (destination, port) pairs do not alias.
    uint64_t addrs = (uint64_t(h.m_ip.m_source.Get()) << 32) | h.m_ip.m_destination.Get();
    return addrs ^ (uint64_t(h.m_udp.m_sourcePort) * 0x9e3779b97f4a7c15ULL);
}

} // namespace

ResultRow
RunScenario(const TopologySpec& topology,
            const FabricProfile& profile,
            const TrafficSpec& traffic,
            const ScenarioOptions& options)
{
    if (traffic.pattern != "permutation" && traffic.pattern != "all-to-all")
    {
        throw std::invalid_argument("unknown traffic pattern '" + traffic.pattern
                                    + "' (known: permutation, all-to-all)");
    }
    if (traffic.bytes == 0 || traffic.qpsPerPair == 0)
    {
        throw std::invalid_argument("traffic bytes and qpsPerPair must be > 0");
    }
    std::unique_ptr<Fabric> fabric = FabricHelper(topology, profile, traffic.seed).Build();
    Fabric& f = *fabric;
    const Time baseRtt = f.baseRtt;

    // Per directed inter-switch link, which flows crossed it and how much.
    std::vector<std::vector<int32_t>> linkIndex(f.switches.size());
    std::vector<LinkLoad> links;
    for (std::size_t s = 0; s < f.switches.size(); ++s)
    {
        Ptr<FabricSwitch> sw = f.switches[s];
        linkIndex[s].assign(sw->GetNPorts(), -1);
        for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
        {
            Ptr<FabricNetDevice> peer = sw->GetPort(p)->GetPeer();
            auto next = peer ? DynamicCast<FabricSwitch>(peer->GetNode()) : nullptr;
            if (next)
            {
                linkIndex[s][p] = static_cast<int32_t>(links.size());
                LinkLoad l;
                l.tier = sw->GetTier();
                l.up = next->GetTier() > sw->GetTier();
                links.push_back(l);
            }
        }
        if (!options.linkStats)
        {
            continue;
        }
        const std::vector<int32_t>* index = &linkIndex[s];
        sw->TraceConnectWithoutContext(
            "Forward",
            Callback<void, Ptr<const Packet>, uint16_t, uint16_t>(
                [index, &links](Ptr<const Packet> p, uint16_t, uint16_t out) {
                    int32_t li = (*index)[out];
                    if (li < 0)
                    {
                        return;
                    }
                    RoceHeader h;
                    h.PeekFrom(*p);
                    if (!h.m_bth.IsData())
                    {
                        return;
                    }
                    LinkLoad& l = links[li];
                    l.bytes += p->GetSize();
                    l.flowBytes[FlowKey(h)] += p->GetSize();
                }));
    }

    FlowRunner runner(f);
    auto addConnection = [&](uint32_t src, uint32_t dst) {
        uint64_t per = traffic.bytes / traffic.qpsPerPair;
        for (uint32_t q = 0; q < traffic.qpsPerPair; ++q)
        {
            uint64_t b = q + 1 == traffic.qpsPerPair ? traffic.bytes - per * q : per;
            if (b > 0)
            {
                runner.AddFlow({src, dst, b, Time(0), 0});
            }
        }
    };
    if (traffic.pattern == "permutation")
    {
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(static_cast<int64_t>(f.switches.size()) + 1);
        std::vector<uint32_t> dst = FlowRunner::CrossLeafPermutation(f, rng);
        for (uint32_t g = 0; g < f.NumGpus(); ++g)
        {
            addConnection(g, dst[g]);
        }
    }
    else
    {
        // NCCL's peer order: sender s posts to s+1, s+2, ... (mod n), so that at any moment
        // the senders address different receivers (in destination order 0..n-1 every sender
        // would hit the same receiver at once: a rotating (n-1):1 incast).
        const uint32_t n = f.NumGpus();
        for (uint32_t s = 0; s < n; ++s)
        {
            for (uint32_t i = 1; i < n; ++i)
            {
                addConnection(s, (s + i) % n);
            }
        }
    }

    if (options.onBuilt)
    {
        options.onBuilt(f);
    }

    double cpu0 = ProcessCpuSeconds();
    auto wall0 = std::chrono::steady_clock::now();
    Simulator::Stop(options.stopTime);
    Simulator::Run();
    double cpu = ProcessCpuSeconds() - cpu0;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

    runner.GatherAcrossRanks();
    if (options.linkStats && Distributed::Ranks() > 1)
    {
        // A link's counts are on the rank of the switch that sends on it (its Forward trace):
        // every rank's (link, flow, bytes), and every link rebuilt from them.
        std::vector<uint64_t> mine;
        for (std::size_t li = 0; li < links.size(); ++li)
        {
            for (const auto& [key, bytes] : links[li].flowBytes)
            {
                mine.insert(mine.end(), {li, key, bytes});
            }
        }
        std::vector<uint64_t> all = Distributed::Concatenate(mine);
        for (auto& l : links)
        {
            l.bytes = 0;
            l.flowBytes.clear();
        }
        for (std::size_t i = 0; i + 2 < all.size(); i += 3)
        {
            LinkLoad& l = links[all[i]];
            l.bytes += all[i + 2];
            l.flowBytes[all[i + 1]] += all[i + 2];
        }
    }
    FlowSummary s = runner.Summarize();
    FabricStats st = Distributed::Gather(f.CollectStats());
    // Events of the model: every rank ran its Stop event.
    uint64_t events = Distributed::ModelEvents(Simulator::GetEventCount(), 1);
    cpu = Distributed::SumDouble(cpu);
    wall = Distributed::MaxDouble(wall);

    // Collisions: links on which two or more flows each sent at least half of their bytes
    // (ECMP pins a flow to one link; per-packet spraying puts no flow's majority anywhere).
    // A flow's bytes per hop = what it sent up from its source leaf (summed over the uplinks).
    std::unordered_map<uint64_t, uint64_t> flowTotal;
    for (const auto& l : links)
    {
        if (l.tier == 0 && l.up)
        {
            for (const auto& [k, b] : l.flowBytes)
            {
                flowTotal[k] += b;
            }
        }
    }
    uint64_t collisions = 0;
    uint64_t upLinks = 0;
    uint64_t upMax = 0;
    uint64_t upMin = UINT64_MAX;
    double upSum = 0;
    for (const auto& l : links)
    {
        uint32_t heavy = 0;
        for (const auto& [k, b] : l.flowBytes)
        {
            uint64_t perPath = flowTotal[k];
            if (perPath > 0 && 2 * b >= perPath)
            {
                heavy++;
            }
        }
        collisions += heavy >= 2;
        if (l.tier == 0 && l.up)
        {
            upLinks++;
            upMax = std::max(upMax, l.bytes);
            upMin = std::min(upMin, l.bytes);
            upSum += static_cast<double>(l.bytes);
        }
    }
    double upMean = upLinks ? upSum / upLinks : 0;

    ResultRow r;
    AddProfileColumns(r, profile);
    r.Set("tiers", topology.tiers);
    r.Set("gpus", f.NumGpus());
    r.Set("switches", static_cast<double>(f.switches.size()));
    r.Set("pattern", traffic.pattern);
    r.Set("bytes", static_cast<double>(traffic.bytes));
    r.Set("qps_per_pair", traffic.qpsPerPair);
    r.Set("seed", traffic.seed);
    r.Set("flows", s.flows);
    r.Set("completed", s.completed);
    r.Set("effective_throughput_pct", s.meanFlowGoodputPct);
    r.Set("job_throughput_pct", s.aggregatePct);
    r.Set("completion_us", s.completionUs);
    r.Set("fct_mean_us", s.fctMeanUs);
    r.Set("fct_p50_us", s.fctP50Us);
    r.Set("fct_p99_us", s.fctP99Us);
    r.Set("fct_max_us", s.fctMaxUs);
    r.Set("fct_sender_p50_us", s.senderFctP50Us);
    r.Set("fct_sender_p99_us", s.senderFctP99Us);
    r.Set("fct_sender_max_us", s.senderFctMaxUs);
    r.Set("job_completion_us", s.jobCompletionUs);
    r.Set("job_ceiling_pct", s.aggregateCeilingPct);
    if (options.linkStats)
    {
        r.Set("flow_collisions", static_cast<double>(collisions));
        r.Set("uplinks", static_cast<double>(upLinks));
        r.Set("uplink_load_max_over_mean", upMean > 0 ? upMax / upMean : 0.0);
        r.Set("uplink_load_max_over_min",
              upLinks && upMin > 0 ? double(upMax) / double(upMin)
                                   : std::numeric_limits<double>::infinity());
    }

    r.Set("ecn_marks", static_cast<double>(st.ecnMarked));
    r.Set("cnps", static_cast<double>(st.cnpsSent));
    r.Set("pfc_pauses", static_cast<double>(st.pauseFramesSent));
    r.Set("paused_us", st.pausedSeconds * 1e6);
    r.Set("retransmitted_packets", static_cast<double>(st.retransmittedPackets));
    r.Set("naks", static_cast<double>(st.naksSent));
    r.Set("timeouts", static_cast<double>(st.timeouts));
    r.Set("qp_errors", static_cast<double>(st.qpErrors));
    r.Set("drops", static_cast<double>(st.TotalDrops()));
    r.Set("link_down_drops", static_cast<double>(st.linkDownDrops));
    r.Set("telemetry_records", static_cast<double>(st.telemetryStamped));
    r.Set("buffer_peak_MiB", st.bufferPeakBytes / 1048576.0);
    r.Set("conserved", st.Balanced() ? 1.0 : 0.0);
    r.Set("frames_in_flight", static_cast<double>(st.inFlight));
    r.Set("base_rtt_us", baseRtt.GetSeconds() * 1e6);
    r.Set("simulator_core", f.simulatorCore);
    r.Set("packet_hops", static_cast<double>(st.packetHops));
    r.Set("events", static_cast<double>(events));
    r.Set("cpu_s", cpu);
    r.Set("wall_s", wall);
    r.Set("packet_hops_per_cpu_s", cpu > 0 ? st.packetHops / cpu : 0.0);
    r.Set("peak_rss_kB", static_cast<double>(PeakRssKb()));
    r.Set("links", static_cast<double>(f.links.size()));
    r.Set("frames_created", static_cast<double>(st.framesCreated));
    r.Set("frames_consumed", static_cast<double>(st.framesConsumed));
    r.Set("throughput_Gbps", s.aggregateGbps);
    r.Set("build_s", f.buildSeconds);
    r.Set("route_setup_s", f.routeSetupSeconds);
    r.Set("fib_bytes", static_cast<double>(f.ForwardingTableBytes()));

    if (!options.fctCsv.empty())
    {
        std::ostringstream csv;
        csv << "src,dst,bytes,fct_us\n";
        for (const auto& rec : runner.GetRecords())
        {
            csv << rec.flow.src << "," << rec.flow.dst << "," << rec.flow.bytes << ","
                << (rec.finish.IsNegative() ? -1.0 : rec.Fct().GetSeconds() * 1e6) << "\n";
        }
        if (!WriteFileAtomically(options.fctCsv, csv.str()))
        {
            throw std::runtime_error("cannot write " + options.fctCsv);
        }
    }
    if (!options.linkCsv.empty())
    {
        std::ostringstream csv;
        csv << "tier,direction,bytes,flows\n";
        for (const auto& l : links)
        {
            csv << unsigned(l.tier) << "," << (l.up ? "up" : "down") << "," << l.bytes << ","
                << l.flowBytes.size() << "\n";
        }
        if (!WriteFileAtomically(options.linkCsv, csv.str()))
        {
            throw std::runtime_error("cannot write " + options.linkCsv);
        }
    }
    fabric.reset();
    Simulator::Destroy();
    return r;
}

} // namespace fabric
} // namespace ns3
