/*
 * libFuzzer target for the training-trace readers (fabric-trace 1 and SimAI): any input must
 * give a workload that passes its own checks or a TraceError naming the file, never a crash, a
 * hang, an uncaught exception, or an ASan/UBSan report.
 *   fuzz-traces -max_total_time=20 CORPUS_DIR tests/malformed/traces examples/traces
 */
#include "config/trace-reader.h"
#include "config/trace-simai-reader.h"

#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
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

/// A reader's error starts with the name it was given.
void
CheckError(const TraceError& e, const std::string& name)
{
    if (std::string(e.what()).rfind(name, 0) != 0)
    {
        std::abort();
    }
}

/// A workload that was read holds a job within the limits and passes its own checks.
void
CheckWorkload(const TrainingWorkload& w)
{
    if (!w.layout.Check().empty() || !w.Validate(8).empty() || w.tasks.empty())
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
        std::istringstream in(text);
        CheckWorkload(ParseTrainingTrace(in, "fuzz.trace", 8));
    }
    catch (const TraceError& e)
    {
        CheckError(e, "fuzz.trace");
    }
    try
    {
        std::istringstream in(text);
        SimAiOptions o;
        o.gpus = 16;
        CheckWorkload(ParseSimAiWorkload(in, "fuzz.txt", o, 8));
    }
    catch (const TraceError& e)
    {
        CheckError(e, "fuzz.txt");
    }
    return 0;
}
