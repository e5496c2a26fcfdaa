/*
 * The training-step program's flags.
 */
#include "training-flags.h"

#include "config/trace-chakra-reader.h"
#include "config/trace-reader.h"
#include "config/trace-simai-reader.h"

namespace ns3
{
namespace fabric
{

void
TrainingFlags::AddTo(CommandLineFlags& cmd)
{
    m_cmd = &cmd;
    cmd.Add("trace", "training trace in our format (fabric-trace 1)", trace);
    cmd.Add("simai", "SimAI / ASTRA-sim workload file (instead of --trace)", simai);
    cmd.Add("chakra",
            "Chakra execution trace: PREFIX (PREFIX.0.et ...), a rank file, or a directory",
            chakra);
    cmd.AddTime("tick", "SimAI: duration of one compute time unit, with unit", tick);
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
}

std::vector<std::string>
TrainingFlags::Mixes() const
{
    std::vector<std::string> mixes = {gpuMix};
    if (!compare.empty())
    {
        mixes.push_back(compare);
    }
    return mixes;
}

std::string
TrainingFlags::ToSpec(TrainingWorkload* workload,
                      TopologySpec* spec,
                      std::string* shape,
                      FabricProfile* profile) const
{
    if (int(!trace.empty()) + int(!simai.empty()) + int(!chakra.empty()) != 1)
    {
        return "give exactly one of --trace, --simai or --chakra";
    }
    if (gpusPerServer == 0)
    {
        return "--gpusPerServer must be > 0";
    }
    if (topology == "colossus" && gpusPerServer != 8)
    {
        return "the colossus topology has 8 GPUs per server";
    }
    std::string profileError = FabricProfile::FromVariant(profileName, profile);
    if (!profileError.empty())
    {
        return "profile '" + profileName + "': " + profileError;
    }
    try
    {
        if (!trace.empty())
        {
            *workload = ReadTrainingTrace(trace, gpusPerServer);
        }
        else if (!chakra.empty())
        {
            *workload = ReadChakraWorkload(chakra, ChakraOptions(), gpusPerServer);
        }
        else
        {
            SimAiOptions o;
            o.tick = tick;
            o.allReduce = allReduce;
            *workload = ReadSimAiWorkload(simai, o, gpusPerServer);
        }
    }
    catch (const TraceError& e)
    {
        return e.what();
    }
    if (iterations > 0)
    {
        workload->iterations = iterations;
    }
    uint32_t jobGpus = workload->layout.World();
    auto isGiven = [this](const char* name) {
        return m_cmd && m_cmd->Given(name);
    };
    if (topology == "colossus")
    {
        if (isGiven("hostsPerLeaf"))
        {
            return "--hostsPerLeaf does not apply with --topology=colossus (512-GPU "
                   "rail-optimized arrays)";
        }
        uint32_t fabricGpus = gpus ? gpus : (jobGpus + 511) / 512 * 512;
        if (fabricGpus % 512 != 0)
        {
            return "--gpus=" + std::to_string(fabricGpus)
                 + " does not match the colossus topology (a multiple of 512)";
        }
        *spec = TopologySpec::Colossus(fabricGpus / 512, arraysPerPod);
        *shape = "colossus, " + std::to_string(fabricGpus / 512) + " arrays";
    }
    else if (topology == "leaf-spine")
    {
        if (isGiven("arraysPerPod"))
        {
            return "--arraysPerPod does not apply with --topology=leaf-spine";
        }
        *spec = TopologySpec::LeafSpine(gpus ? gpus : jobGpus, hostsPerLeaf, 0);
        spec->gpusPerServer = gpusPerServer;
        *shape = "leaf-spine";
    }
    else
    {
        return "--topology must be colossus or leaf-spine; got '" + topology + "'";
    }
    auto topoErrors = spec->Validate();
    if (!topoErrors.empty())
    {
        return "the fabric does not fit: " + topoErrors.front();
    }
    if (jobGpus > spec->gpus)
    {
        return "the job needs " + std::to_string(jobGpus) + " GPUs, --gpus gives "
             + std::to_string(spec->gpus);
    }
    return "";
}

} // namespace fabric
} // namespace ns3
