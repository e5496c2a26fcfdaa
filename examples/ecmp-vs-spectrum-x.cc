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
 * pfc, ecn, telemetry). Each variant is the experiment spec of a YAML sweep point with a
 * permutation or all-to-all workload and runs the same way (RunExperiment). Prints one column
 * per variant and a final JSON line.
 */
#include "config/command-line-flags.h"
#include "config/comparison-flags.h"
#include "config/units.h"
#include "experiment/experiment-runner.h"
#include "experiment/report.h"
#include "helper/distributed.h"
#include "helper/heap-scheduler.h"
#include "helper/pcap.h"
#include "helper/result-writer.h"

#include "ns3/core-module.h"

#include <cstdio>

using namespace ns3;
using namespace ns3::fabric;

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);
    UseFabricScheduler();

    ComparisonFlags flags;
    std::string jsonOut;
    std::string csvOut;
    std::string pcap;
    CommandLineFlags cmd(
        "ecmp-vs-spectrum-x",
        "Run one workload under several fabric profiles and compare them side by side.");
    flags.AddTo(cmd);
    cmd.AddOutput("json", "also write the JSON result to this file", jsonOut);
    cmd.AddOutput("csv", "also write one CSV row per variant to this file", csvOut);
    cmd.AddOutput("pcap",
                  "if set, write GPU 0's NIC port to this pcap file (x-VARIANT.pcap with several "
                  "variants)",
                  pcap);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
    std::vector<ComparisonFlags::Point> points;
    if (std::string why = flags.ToPoints(&points); !why.empty())
    {
        return cmd.Fail(why);
    }
    if (auto why = Distributed::CheckFabrics(
            points.size(), "--variants", points.empty() ? "" : points[0].label);
        !why.empty())
    {
        return cmd.Fail(why); // under mpirun: one fabric, so one variant, per run
    }
    std::vector<ResultRow> rows;
    for (const auto& point : points)
    {
        auto profile = point.spec.Profile();
        std::fprintf(
            stderr, "running %s (%s) ...\n", point.label.c_str(), profile->Describe().c_str());
        RunOutputs outputs;
        outputs.flowsCsv = point.flowsCsv;
        outputs.ccCsv = point.ccCsv;
        outputs.pcap = pcap.empty() ? "" : PcapPathFor(pcap, point.label, points.size() > 1);
        outputs.linkStats = flags.linkStats;
        try
        {
            rows.push_back(RunExperiment(point.spec, outputs).front());
        }
        catch (const std::exception& e)
        {
            return cmd.Fail(e.what());
        }
        rows.back().Set("profile", point.label);
    }
    std::printf("%s, %u GPUs, %s, %s per %s, %u QP(s) per connection, seed %u\n",
                flags.topo.topology.c_str(),
                static_cast<unsigned>(rows.front().GetNumber("gpus")),
                flags.pattern.c_str(),
                FormatBytes(flags.bytes).c_str(),
                flags.pattern == "permutation" ? "GPU" : "pair",
                flags.qpsPerPair,
                flags.seed);
    PrintSideBySide(stdout, rows);
    std::string json = ComparisonJson(rows);
    std::printf("%s\n", json.c_str());
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json + "\n"))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    if (!csvOut.empty() && !WriteFileAtomically(csvOut, RowsCsv(rows)))
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
