/*
 * libFuzzer target for the YAML readers: any input must give a spec or a SpecError (with a
 * location), never a crash, a hang, an uncaught exception, or an ASan/UBSan report.
 *   fuzz-readers -max_total_time=25 CORPUS_DIR tests/malformed topologies topologies/sweeps
 */
#include "config/experiment-spec.h"
#include "config/yaml-error.h"
#include "config/yaml-experiment.h"
#include "config/yaml-sweep.h"
#include "config/yaml-topology.h"

#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace ns3;
using namespace ns3::fabric;

extern "C" int
LLVMFuzzerInitialize(int* /* argc */, char*** /* argv */)
{
    Time::SetResolution(Time::PS);
    return 0;
}

namespace
{

/// A reader's error must name the file and say what is wrong.
void
CheckError(const SpecError& e)
{
    if (e.File().empty() || e.Message().empty() || e.Line() < 0 || e.Column() < 0)
    {
        std::abort();
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    try
    {
        TopologyConfig t = ReadTopologyText(text, "fuzz.yaml");
        // What was read writes back and reads again to the same values.
        if (!SameTopology(t, ReadTopologyText(WriteTopologyYaml(t), "again.yaml")))
        {
            std::abort();
        }
    }
    catch (const SpecError& e)
    {
        CheckError(e);
    }
    try
    {
        ExperimentSpec e = ReadExperimentText(text, "fuzz.yaml");
        if (!SameExperiment(e, ReadExperimentText(WriteExperimentYaml(e), "again.yaml")))
        {
            std::abort();
        }
    }
    catch (const SpecError& e)
    {
        CheckError(e);
    }
    try
    {
        SweepSpec s = ReadSweepText(text, "fuzz.yaml");
        if (s.points.empty())
        {
            std::abort();
        }
    }
    catch (const SpecError& e)
    {
        CheckError(e);
    }
    return 0;
}
