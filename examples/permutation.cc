/*
 * Permutation traffic: every GPU sends one message to a GPU on another leaf.
 *
 * Prints flow completion times (mean, p50, p99, max), aggregate throughput as a percentage of
 * line rate, drops, simulator speed, and a final one-line JSON summary. The flags make the
 * same experiment spec as a YAML sweep point with `workload: {type: permutation}` on profile
 * `ideal`, and it runs the same way (RunExperiment).
 *
 *   permutation --gpus=1024 --topology=leaf-spine --hostsPerLeaf=16 --routing=ecmp
 *   permutation --topology=fat-tree --k=16 --flowSize=2MiB --seed=3
 */
#include "config/command-line-flags.h"
#include "config/permutation-flags.h"
#include "experiment/experiment-runner.h"
#include "experiment/report.h"
#include "helper/heap-scheduler.h"
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

    PermutationFlags flags;
    std::string pcap;
    std::string fctCsv;
    std::string jsonOut;
    CommandLineFlags cmd(
        "permutation", "Permutation traffic over a leaf-spine or fat-tree fabric of RoCEv2 NICs.");
    flags.AddTo(cmd);
    cmd.AddOutput("pcap", "if set, write GPU 0's NIC port to this pcap file", pcap);
    cmd.AddOutput(
        "fctCsv", "if set, write one row per flow (src, dst, bytes, fct_us) here", fctCsv);
    cmd.AddOutput("json", "if set, also write the JSON summary line to this file", jsonOut);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
    ExperimentSpec spec;
    if (std::string why = flags.ToSpec(&spec); !why.empty())
    {
        return cmd.Fail(why);
    }
    RunOutputs outputs;
    outputs.flowsCsv = fctCsv;
    outputs.pcap = pcap;
    outputs.linkStats = false; // the core's speed, without per-link accounting
    ResultRow row;
    try
    {
        row = RunExperiment(spec, outputs).front();
    }
    catch (const std::exception& e)
    {
        return cmd.Fail(e.what());
    }
    PrintPermutationReport(stdout, row, flags.topo.topology);
    std::string json = PermutationJson(row, flags.topo.topology);
    std::printf("%s\n", json.c_str());
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json + "\n"))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    bool ok
        = row.GetNumber("conserved") == 1 && row.GetNumber("completed") == row.GetNumber("flows");
    return ok ? 0 : 1;
}
