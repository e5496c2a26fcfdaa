/*
 * The same workload under several fabric profiles, side by side: standard Ethernet (ECMP,
 * DCQCN, in-order NIC, PFC) against Spectrum-X style (adaptive routing, telemetry congestion
 * control, out-of-order NIC, PFC), and any mix of their parts.
 *
 *   ecmp-vs-spectrum-x --gpus=512 --hostsPerLeaf=32 --flowSize=2MiB
 *   ecmp-vs-spectrum-x --variants="standard;spectrum-x;spectrum-x/receiveMode=InOrder;
 *                                  standard/receiveMode=OutOfOrder"
 *   ecmp-vs-spectrum-x --pattern=all-to-all --gpus=128 --flowSize=64KiB
 *
 * A variant is a profile name followed by /key=value overrides (routing, cc, receiveMode,
 * pfc, ecn, telemetry). Prints one column per variant and a final JSON line.
 */
#include "config/command-line-flags.h"
#include "config/failure-flags.h"
#include "config/monitor-flags.h"
#include "config/profile-list.h"
#include "config/topology-flags.h"
#include "config/units.h"
#include "experiment/scenario.h"
#include "helper/cc-monitor.h"
#include "helper/fabric-builder.h"
#include "helper/fabric-failures.h"
#include "helper/fabric-profile.h"
#include "helper/heap-scheduler.h"
#include "helper/pcap.h"
#include "helper/result-writer.h"

#include "ns3/command-line.h"
#include "ns3/core-module.h"

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
    topo.gpus = 512;
    topo.hostsPerLeaf = 32;
    std::string pattern = "permutation";
    uint64_t bytes = 2 << 20;
    uint32_t qpsPerPair = 1;
    uint32_t seed = 1;
    std::string variants = "standard;spectrum-x";
    Time stop = MilliSeconds(100);
    std::string jsonOut;
    std::string csvOut;
    std::string fctPrefix;
    MonitorFlags monitors("0-3:*", "2us", false);
    FailureFlags failureFlags;
    std::string pcap;
    bool linkStats = true;

    CommandLineFlags cmd(
        "ecmp-vs-spectrum-x",
        "Run one workload under several fabric profiles and compare them side by side.");
    topo.AddTo(cmd);
    cmd.Add("pattern", "permutation or all-to-all", pattern);
    cmd.AddSize(
        "flowSize", "bytes per flow (permutation) or per pair (all-to-all), with unit", bytes);
    cmd.Add("qpsPerPair", "queue pairs per connection (the bytes are split over them)", qpsPerPair);
    cmd.Add("seed", "random seed", seed);
    cmd.Add("variants", "';'-separated profiles with /key=value overrides", variants);
    cmd.AddTime("stopTime", "simulated-time limit per variant, with unit", stop);
    cmd.AddOutput("json", "also write the JSON result to this file", jsonOut);
    cmd.AddOutput("csv", "also write one CSV row per variant to this file", csvOut);
    cmd.Add("fctPrefix", "write per-flow CSVs to PREFIX<variant>-flows.csv", fctPrefix);
    monitors.AddTo(cmd, "variant");
    cmd.AddOutput("pcap",
                  "if set, write GPU 0's NIC port to this pcap file (x-VARIANT.pcap with several "
                  "variants)",
                  pcap);
    cmd.Add("linkStats",
            "count bytes per flow per link (collisions, uplink balance; ~10% slower)",
            linkStats);
    AddFailureFlags(cmd, failureFlags);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
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
    if (qpsPerPair == 0)
    {
        return cmd.Fail("--qpsPerPair must be >= 1");
    }
    if (pattern != "permutation" && pattern != "all-to-all")
    {
        return cmd.Fail("--pattern must be permutation or all-to-all; got '" + pattern + "'");
    }
    TopologySpec spec;
    std::string topoError = topo.ToSpec(&spec);
    if (!topoError.empty())
    {
        return cmd.Fail(topoError);
    }
    std::vector<FabricProfile> profiles;
    for (const std::string& why :
         {ParseProfileList(variants, ';', "variant", "--variants", &profiles),
          monitors.Check(ProfileNames(profiles))})
    {
        if (!why.empty())
        {
            return cmd.Fail(why);
        }
    }

    TrafficSpec traffic;
    traffic.pattern = pattern;
    traffic.bytes = bytes;
    traffic.qpsPerPair = qpsPerPair;
    traffic.seed = seed;
    std::vector<ResultRow> rows;
    for (const auto& p : profiles)
    {
        std::fprintf(stderr, "running %s (%s) ...\n", p.name.c_str(), p.Describe().c_str());
        ScenarioOptions opt;
        opt.stopTime = stop;
        opt.linkStats = linkStats;
        std::string safe = FileSafeLabel(p.name);
        MonitorFlags::Timelines timelines = monitors.For(p.name);
        std::string pcapFile = pcap.empty() ? "" : PcapPathFor(pcap, p.name, profiles.size() > 1);
        std::unique_ptr<FabricFailures> failures;
        opt.onBuilt = [&](Fabric& f) {
            if (!failureSpecs.empty())
            {
                failures = std::make_unique<FabricFailures>(f, seed);
                for (const auto& spec : failureSpecs)
                {
                    failures->Add(spec); // a bad cable name throws std::invalid_argument
                }
            }
            if (!pcapFile.empty())
            {
                EnablePcap(pcapFile, f.nics[0]);
            }
            if (std::string why = timelines.Start(f); !why.empty())
            {
                throw std::invalid_argument(why);
            }
        };
        if (!fctPrefix.empty())
        {
            opt.fctCsv = fctPrefix + safe + "-flows.csv";
        }
        try
        {
            rows.push_back(RunScenario(spec, p, traffic, opt));
            rows.back().Set("failures", DescribeFailures(failureSpecs));
            if (std::string why = timelines.Finish(); !why.empty())
            {
                return cmd.Fail(why);
            }
        }
        catch (const std::exception& e)
        {
            return cmd.Fail(e.what());
        }
    }

    std::printf("%s, %u GPUs, %s, %s per %s, %u QP(s) per connection, seed %u\n",
                topo.topology.c_str(),
                spec.gpus,
                pattern.c_str(),
                FormatBytes(bytes).c_str(),
                pattern == "permutation" ? "GPU" : "pair",
                qpsPerPair,
                seed);

    struct Line
    {
        const char* label;
        const char* key;
        const char* fmt;
    };

    const Line lines[] = {
        {"routing", "routing", "%s"},
        {"congestion control", "cc", "%s"},
        {"NIC receive mode", "receive_mode", "%s"},
        {"job throughput (% ceiling)", "job_ceiling_pct", "%.1f"},
        {"job throughput (% line)", "job_throughput_pct", "%.1f"},
        {"job completion (us, last ACK)", "job_completion_us", "%.1f"},
        {"last byte arrived (us)", "completion_us", "%.1f"},
        {"mean flow goodput (% line)", "effective_throughput_pct", "%.1f"},
        {"FCT p50 (us)", "fct_p50_us", "%.1f"},
        {"FCT p99 (us)", "fct_p99_us", "%.1f"},
        {"sender FCT p99 (us, last ACK)", "fct_sender_p99_us", "%.1f"},
        {"flow collisions (links)", "flow_collisions", "%.0f"},
        {"uplink load max/mean", "uplink_load_max_over_mean", "%.2f"},
        {"uplink load max/min", "uplink_load_max_over_min", "%.2f"},
        {"ECN marks", "ecn_marks", "%.0f"},
        {"CNPs", "cnps", "%.0f"},
        {"PFC pauses", "pfc_pauses", "%.0f"},
        {"retransmitted packets", "retransmitted_packets", "%.0f"},
        {"NAKs", "naks", "%.0f"},
        {"timeouts", "timeouts", "%.0f"},
        {"drops", "drops", "%.0f"},
        {"flows completed", "completed", "%.0f"},
        {"packets conserved", "conserved", "%.0f"},
    };
    std::printf("%-32s", "");
    for (const auto& r : rows)
    {
        std::printf(" %22s", r.GetText("profile").c_str());
    }
    std::printf("\n");
    for (const auto& line : lines)
    {
        std::printf("%-32s", line.label);
        for (const auto& r : rows)
        {
            char cell[64];
            if (std::string(line.fmt) == "%s")
            {
                std::snprintf(cell, sizeof(cell), "%s", r.GetText(line.key).c_str());
            }
            else
            {
                double v = r.GetNumber(line.key);
                if (!std::isfinite(v))
                {
                    std::snprintf(cell, sizeof(cell), "inf");
                }
                else
                {
                    std::snprintf(cell, sizeof(cell), line.fmt, v);
                }
            }
            std::printf(" %22s", cell);
        }
        std::printf("\n");
    }
    std::string json = "{\"comparison\":[";
    std::string csv = rows.front().CsvHeader() + "\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        json += (i ? "," : "") + rows[i].ToJson();
        csv += rows[i].CsvLine() + "\n";
    }
    json += "]}";
    std::printf("%s\n", json.c_str());
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json + "\n"))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    if (!csvOut.empty() && !WriteFileAtomically(csvOut, csv))
    {
        return cmd.Fail("cannot write " + csvOut);
    }
    for (const auto& r : rows)
    {
        if (r.GetNumber("conserved") != 1 || r.GetNumber("completed") != r.GetNumber("flows"))
        {
            return 1;
        }
    }
    return 0;
}
