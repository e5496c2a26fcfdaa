/*
 * nccl-tests-style collective sweep: one collective per message size, on every profile asked
 * for, printed side by side (size, count, type, time, algbw, busbw per profile).
 *
 *   collective --op=all-reduce --algo=ring --minBytes=1MiB --maxBytes=64MiB --stepFactor=4
 *   collective --gpus=4096 --arraysPerPod=4 --op=all-to-all --algo=pxn --profile=spectrum-x
 *   collective --topology=leaf-spine --gpus=64 --gpusPerServer=1 --op=all-gather
 */
#include "config/collective-flags.h"
#include "config/command-line-flags.h"
#include "experiment/collective-sweep.h"
#include "helper/result-writer.h"

#include "ns3/core-module.h"

using namespace ns3;
using namespace ns3::fabric;

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);

    CollectiveFlags flags;
    std::string jsonOut;
    std::string csvOut;
    std::string pcap;
    CommandLineFlags cmd(
        "collective", "nccl-tests-style collective sweep over message sizes, per fabric profile.");
    flags.AddTo(cmd);
    cmd.AddOutput("json", "if set, write one JSON line per (profile, size) here", jsonOut);
    cmd.AddOutput("csv", "if set, write one CSV row per (profile, size) here", csvOut);
    cmd.AddOutput("pcap",
                  "if set, write GPU 0's NIC port to this pcap file (x-PROFILE.pcap with several "
                  "profiles)",
                  pcap);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
    CollectiveSweep sweep;
    if (std::string why = flags.ToSpec(&sweep); !why.empty())
    {
        return cmd.Fail(why);
    }
    std::string json;
    std::string csv;
    bool ok = true;
    if (std::string why = RunCollectiveSweep(sweep, flags.monitors, pcap, &json, &csv, &ok);
        !why.empty())
    {
        return cmd.Fail(why);
    }
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    if (!csvOut.empty() && !WriteFileAtomically(csvOut, CollectiveCsvHeader() + csv))
    {
        return cmd.Fail("cannot write " + csvOut);
    }
    return ok ? 0 : 1;
}
