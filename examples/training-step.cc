/*
 * Replays a training step (our trace format or a SimAI / ASTRA-sim workload) on a fabric and
 * reports step time, communication, exposed communication and GPU utilization, per GPU type.
 *
 *   training-step --trace=examples/traces/dp-tp-step.trace --gpuMix=H100:4,H200:4 --compare=H100
 *   training-step --simai=examples/traces/simai-gpt-64.txt --profile=standard
 *   training-step --chakra=traces/step   (Chakra ET: traces/step.0.et, traces/step.1.et ...)
 */
#include "config/command-line-flags.h"
#include "config/training-flags.h"
#include "experiment/report.h"
#include "experiment/training-runner.h"
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

    TrainingFlags flags;
    std::string jsonOut;
    std::string pcap;
    CommandLineFlags cmd("training-step",
                         "Replay a training step and report step time, communication, exposed "
                         "communication and GPU utilization.");
    flags.AddTo(cmd);
    cmd.AddOutput("json", "if set, write the JSON summary line here", jsonOut);
    cmd.AddOutput("pcap",
                  "if set, write GPU 0's NIC port to this pcap file (x-MIX.pcap with --compare)",
                  pcap);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }
    TrainingWorkload workload;
    TopologySpec spec;
    std::string shape;
    FabricProfile profile;
    if (std::string why = flags.ToSpec(&workload, &spec, &shape, &profile); !why.empty())
    {
        return cmd.Fail(why);
    }
    std::vector<ReplayResult> replays;
    std::vector<std::string> mixes = flags.Mixes();
    for (const auto& mix : mixes)
    {
        try
        {
            replays.push_back(
                ReplayTraining(spec,
                               profile,
                               flags.seed,
                               mix,
                               flags.limit,
                               pcap.empty() ? "" : PcapPathFor(pcap, mix, mixes.size() > 1),
                               workload));
        }
        catch (const std::exception& e)
        {
            return cmd.Fail(e.what());
        }
    }
    bool ok = true;
    std::string json = PrintTrainingReport(stdout, workload, shape, profile, replays, &ok);
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    return ok ? 0 : 1;
}
