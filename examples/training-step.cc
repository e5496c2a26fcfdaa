/*
 * Replays a training step (our trace format or a SimAI / ASTRA-sim workload) on a fabric and
 * reports step time, communication, exposed communication and GPU utilization, per GPU type.
 *
 *   training-step --trace=examples/traces/dp-tp-step.trace --gpuMix=H100:4,H200:4 --compare=H100
 *   training-step --simai=examples/traces/simai-gpt-64.txt --profile=standard
 *   training-step --chakra=traces/step   (Chakra ET: traces/step.0.et, traces/step.1.et ...)
 */
#include "config/command-line-flags.h"
#include "config/trace-chakra-reader.h"
#include "config/trace-reader.h"
#include "config/trace-simai-reader.h"
#include "config/units.h"
#include "experiment/training-runner.h"
#include "helper/fabric-builder.h"
#include "helper/fabric-profile.h"
#include "helper/pcap.h"
#include "helper/result-writer.h"

#include "ns3/command-line.h"
#include "ns3/core-module.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

/// One replay and how long it took to simulate.
struct Replay
{
    std::string mix;       //!< GPU mix
    TrainingReport report; //!< what it measured
    FabricStats stats;     //!< fabric totals
    double cpuSeconds {0}; //!< simulation CPU time
};

/// The replay's simulator line: CPU time, packet-hops, drops, conservation (finished or not).
void
PrintSimulatorLine(const Replay& r)
{
    std::printf("    simulator: %.2f s CPU, %llu packet-hops, drops %llu, packet conservation %s\n",
                r.cpuSeconds,
                static_cast<unsigned long long>(r.stats.packetHops),
                static_cast<unsigned long long>(r.stats.TotalDrops()),
                r.stats.Verdict().c_str());
}

} // namespace

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);

    std::string trace;
    std::string simai;
    std::string chakra;
    Time tickTime = NanoSeconds(1);
    uint32_t iterations = 0;
    std::string gpuMix = "H100";
    std::string compare;
    std::string profileName = "spectrum-x";
    std::string topology = "colossus";
    uint32_t gpus = 0;
    uint32_t arraysPerPod = 8;
    uint32_t hostsPerLeaf = 16;
    uint32_t gpusPerServer = 8;
    std::string allReduce = "ring";
    uint32_t seed = 1;
    Time limit = Seconds(100);
    std::string jsonOut;
    std::string pcap;

    CommandLineFlags cmd("training-step",
                         "Replay a training step and report step time, communication, exposed "
                         "communication and GPU utilization.");
    cmd.Add("trace", "training trace in our format (fabric-trace 1)", trace);
    cmd.Add("simai", "SimAI / ASTRA-sim workload file (instead of --trace)", simai);
    cmd.Add("chakra",
            "Chakra execution trace: PREFIX (PREFIX.0.et ...), a rank file, or a directory",
            chakra);
    cmd.AddTime("tick", "SimAI: duration of one compute time unit, with unit", tickTime);
    cmd.Add("iterations", "training steps (0 = as the trace says, SimAI: 1)", iterations);
    cmd.Add("gpuMix", "GPU types by server: H100, or H100:4,H200:4 (repeated)", gpuMix);
    cmd.Add("compare", "also replay with every server of this type (e.g. H100)", compare);
    cmd.Add("profile",
            "fabric profile: standard, spectrum-x, ideal, with optional /key=value overrides "
            "(routing, cc, receiveMode, pfc, ecn, telemetry), e.g. spectrum-x/cc=none",
            profileName);
    cmd.Add("topology", "colossus (512-GPU arrays) or leaf-spine", topology);
    cmd.Add("gpus", "GPUs in the fabric (0 = the job's, rounded up to whole arrays)", gpus);
    cmd.Add("arraysPerPod", "colossus: arrays under one spine tier", arraysPerPod);
    cmd.Add("hostsPerLeaf", "leaf-spine: GPU NICs per leaf", hostsPerLeaf);
    cmd.Add("gpusPerServer", "GPUs per server (NVLink domain)", gpusPerServer);
    cmd.Add("allReduce", "SimAI: all-reduce algorithm", allReduce);
    cmd.Add("seed", "hash seeds and random streams", seed);
    cmd.AddTime("timeLimit", "simulated-time limit, with unit", limit);
    cmd.AddOutput("json", "if set, write the JSON summary line here", jsonOut);
    cmd.AddOutput("pcap",
                  "if set, write GPU 0's NIC port to this pcap file (x-MIX.pcap with --compare)",
                  pcap);
    if (auto status = cmd.Parse(argc, argv))
    {
        return *status;
    }

    if (int(!trace.empty()) + int(!simai.empty()) + int(!chakra.empty()) != 1)
    {
        return cmd.Fail("give exactly one of --trace, --simai or --chakra");
    }
    if (gpusPerServer == 0)
    {
        return cmd.Fail("--gpusPerServer must be > 0");
    }
    if (topology == "colossus" && gpusPerServer != 8)
    {
        return cmd.Fail("the colossus topology has 8 GPUs per server");
    }
    std::optional<FabricProfile> profile(std::in_place);
    std::string profileError = FabricProfile::FromVariant(profileName, &*profile);
    if (!profileError.empty())
    {
        return cmd.Fail("profile '" + profileName + "': " + profileError);
    }
    TrainingWorkload workload;
    try
    {
        if (!trace.empty())
        {
            workload = ReadTrainingTrace(trace, gpusPerServer);
        }
        else if (!chakra.empty())
        {
            workload = ReadChakraWorkload(chakra, ChakraOptions(), gpusPerServer);
        }
        else
        {
            SimAiOptions o;
            o.tick = tickTime;
            o.allReduce = allReduce;
            workload = ReadSimAiWorkload(simai, o, gpusPerServer);
        }
    }
    catch (const TraceError& e)
    {
        return cmd.Fail(e.what());
    }
    if (iterations > 0)
    {
        workload.iterations = iterations;
    }
    uint32_t jobGpus = workload.layout.World();
    TopologySpec spec;
    std::string shape;
    if (topology == "colossus")
    {
        if (cmd.Given("hostsPerLeaf"))
        {
            return cmd.Fail("--hostsPerLeaf does not apply with --topology=colossus (512-GPU "
                            "rail-optimized arrays)");
        }
        uint32_t fabricGpus = gpus ? gpus : (jobGpus + 511) / 512 * 512;
        if (fabricGpus % 512 != 0)
        {
            return cmd.Fail("--gpus=" + std::to_string(fabricGpus)
                            + " does not match the colossus topology (a multiple of 512)");
        }
        spec = TopologySpec::Colossus(fabricGpus / 512, arraysPerPod);
        shape = "colossus, " + std::to_string(fabricGpus / 512) + " arrays";
    }
    else if (topology == "leaf-spine")
    {
        if (cmd.Given("arraysPerPod"))
        {
            return cmd.Fail("--arraysPerPod does not apply with --topology=leaf-spine");
        }
        spec = TopologySpec::LeafSpine(gpus ? gpus : jobGpus, hostsPerLeaf, 0);
        spec.gpusPerServer = gpusPerServer;
        shape = "leaf-spine";
    }
    else
    {
        return cmd.Fail("--topology must be colossus or leaf-spine; got '" + topology + "'");
    }
    auto topoErrors = spec.Validate();
    if (!topoErrors.empty())
    {
        return cmd.Fail("the fabric does not fit: " + topoErrors.front());
    }
    if (jobGpus > spec.gpus)
    {
        return cmd.Fail("the job needs " + std::to_string(jobGpus) + " GPUs, --gpus gives "
                        + std::to_string(spec.gpus));
    }

    std::vector<std::string> mixes = {gpuMix};
    if (!compare.empty())
    {
        mixes.push_back(compare);
    }
    std::vector<Replay> replays;
    for (const auto& mix : mixes)
    {
        Simulator::Destroy();
        RngSeedManager::SetSeed(seed);
        std::unique_ptr<TrainingRunner> runner;
        try
        {
            runner = std::make_unique<TrainingRunner>(spec, *profile, seed);
        }
        catch (const std::exception& e)
        {
            return cmd.Fail(e.what());
        }
        std::string error = runner->SetGpuMix(mix);
        if (!error.empty())
        {
            return cmd.Fail(error);
        }
        runner->SetTimeLimit(limit);
        if (!pcap.empty())
        {
            EnablePcap(PcapPathFor(pcap, mix, mixes.size() > 1), runner->GetFabric().nics[0]);
        }
        Replay r;
        r.mix = mix;
        double cpu0 = ProcessCpuSeconds();
        try
        {
            r.report = runner->Run(workload);
        }
        catch (const std::exception& e)
        {
            return cmd.Fail(e.what());
        }
        r.cpuSeconds = ProcessCpuSeconds() - cpu0;
        r.stats = runner->GetFabric().CollectStats();
        replays.push_back(r);
        runner.reset();
        Simulator::Destroy();
    }

    std::string layoutText = workload.layoutText;
    if (layoutText.empty())
    {
        layoutText = "tp=" + std::to_string(workload.layout.tp)
                   + " dp=" + std::to_string(workload.layout.dp)
                   + " pp=" + std::to_string(workload.layout.pp)
                   + " ep=" + std::to_string(workload.layout.ep);
    }
    std::printf("fabric training-step: %s (%u GPUs: %s; %u iterations; %s), "
                "%s, profile %s (%s)\n",
                workload.source.c_str(),
                jobGpus,
                layoutText.c_str(),
                workload.iterations,
                workload.Summary().c_str(),
                shape.c_str(),
                profile->name.c_str(),
                profile->Describe().c_str());
    std::printf("  %-34s", "GPU mix");
    for (const auto& r : replays)
    {
        std::printf(" %18s", r.mix.c_str());
    }
    std::printf("\n");
    auto row = [&replays](const char* label, auto value) {
        std::printf("  %-34s", label);
        for (const auto& r : replays)
        {
            if (!r.report.completed)
            {
                std::printf(" %18s", "stuck");
                continue;
            }
            std::printf(" %18.1f", value(r.report));
        }
        std::printf("\n");
    };
    row("step time (us)", [](const TrainingReport& t) {
        return t.stepUs;
    });
    row("compute per GPU (us)", [](const TrainingReport& t) {
        return t.all.computeUs;
    });
    row("communication per GPU (us)", [](const TrainingReport& t) {
        return t.all.commUs;
    });
    row("exposed communication (us)", [](const TrainingReport& t) {
        return t.all.exposedUs;
    });
    row("GPU utilization (%)", [](const TrainingReport& t) {
        return 100 * t.all.utilization;
    });
    bool ok = true;
    std::string json;
    for (const auto& r : replays)
    {
        std::printf("  %s:", r.mix.c_str());
        if (!r.report.completed)
        {
            std::printf(" did not finish; waiting:\n");
            for (const auto& w : r.report.waiting)
            {
                std::printf("    %s\n", w.c_str());
            }
            PrintSimulatorLine(r);
            ok = false;
            continue;
        }
        std::printf(" steps (us)");
        for (double s : r.report.stepTimesUs)
        {
            std::printf(" %.1f", s);
        }
        std::printf("\n");
        for (const auto& g : r.report.perType)
        {
            std::printf("    %-6s %5u GPUs: compute %.1f us, communication %.1f us, exposed %.1f "
                        "us, utilization %.1f %%\n",
                        g.type.c_str(),
                        g.gpus,
                        g.computeUs,
                        g.commUs,
                        g.exposedUs,
                        100 * g.utilization);
        }
        PrintSimulatorLine(r);
        ok = ok && r.stats.Balanced();
        char line[1024];
        std::snprintf(line,
                      sizeof(line),
                      "{\"training\":{\"trace\":\"%s\",\"profile\":\"%s\",\"gpu_mix\":\"%s\","
                      "\"gpus\":%u,\"iterations\":%u,\"step_us\":%.3f,\"compute_us\":%.3f,"
                      "\"comm_us\":%.3f,\"exposed_comm_us\":%.3f,\"gpu_utilization_pct\":%.3f,"
                      "\"cpu_s\":%.3f,\"packet_hops\":%llu,\"conserved\":%s}}",
                      workload.source.c_str(),
                      profile->name.c_str(),
                      r.mix.c_str(),
                      jobGpus,
                      workload.iterations,
                      r.report.stepUs,
                      r.report.all.computeUs,
                      r.report.all.commUs,
                      r.report.all.exposedUs,
                      100 * r.report.all.utilization,
                      r.cpuSeconds,
                      static_cast<unsigned long long>(r.stats.packetHops),
                      r.stats.Balanced() ? "true" : "false");
        std::printf("%s\n", line);
        json += std::string(line) + "\n";
    }
    if (!jsonOut.empty() && !WriteFileAtomically(jsonOut, json))
    {
        return cmd.Fail("cannot write " + jsonOut);
    }
    return ok ? 0 : 1;
}
