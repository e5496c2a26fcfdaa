/*
 * Trace readers: our format ("fabric-trace 1") and the ASTRA-sim / SimAI workload text.
 * Sample files parse into the expected task graphs; bad files are rejected with
 * file:line and what is wrong.
 */
#include "config/trace-reader.h"
#include "config/trace-simai-reader.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

TrainingWorkload
Parse(const std::string& text)
{
    std::istringstream in(text);
    return ParseTrainingTrace(in, "t.trace", 8);
}

/// @return the TraceError message of parsing @p text ("" when it parses)
std::string
ErrorOf(const std::string& text)
{
    try
    {
        Parse(text);
    }
    catch (const TraceError& e)
    {
        return e.what();
    }
    return "";
}

std::string
SimAiErrorOf(const std::string& text)
{
    std::istringstream in(text);
    try
    {
        ParseSimAiWorkload(in, "w.txt");
    }
    catch (const TraceError& e)
    {
        return e.what();
    }
    return "";
}

uint32_t
Count(const TrainingWorkload& w, TrainingTask::Kind kind)
{
    uint32_t n = 0;
    for (const auto& t : w.tasks)
    {
        n += t.kind == kind ? 1 : 0;
    }
    return n;
}

const std::string HEAD = "fabric-trace 1\nparallel tp=8 dp=4 pp=2\n";

} // namespace

TEST(TraceReader, TheSampleTracesParse)
{
    TrainingWorkload w
        = ReadTrainingTrace(std::string(FABRIC_SOURCE_DIR) + "/examples/traces/dp-tp-step.trace");
    EXPECT_EQ(w.layout.World(), 64u);
    EXPECT_EQ(w.layout.tp, 8u);
    EXPECT_EQ(w.layout.dp, 8u);
    EXPECT_EQ(w.iterations, 2u);
    EXPECT_EQ(Count(w, TrainingTask::COMPUTE), 9u);
    EXPECT_EQ(Count(w, TrainingTask::COLLECTIVE), 12u);
    const TrainingTask& opt = w.tasks.back();
    EXPECT_EQ(opt.id, "optimizer");
    EXPECT_EQ(opt.after.size(), 4u);
    EXPECT_EQ(opt.computeTime, MicroSeconds(100));

    TrainingWorkload p = ReadTrainingTrace(std::string(FABRIC_SOURCE_DIR)
                                           + "/examples/traces/pipeline-2stage.trace");
    EXPECT_EQ(p.layout.pp, 2u);
    EXPECT_EQ(Count(p, TrainingTask::SEND), 2u);
}

TEST(TraceReader, FieldsAreReadWithTheirUnits)
{
    TrainingWorkload w = Parse(HEAD
                               + "iterations 4\n"
                                 "compute c ranks=pp1 time=1.5ms\n"
                                 "collective g ranks=pp1 group=dp op=allreduce size=32MiB "
                                 "algo=tree channels=4 chunk=128KiB after=c\n"
                                 "send s ranks=pp1 to=prev size=1M after=g\n");
    ASSERT_EQ(w.tasks.size(), 3u);
    EXPECT_EQ(w.iterations, 4u);
    EXPECT_EQ(w.tasks[0].computeTime, MicroSeconds(1500));
    EXPECT_EQ(w.tasks[0].ranks.kind, RankSelector::PP_INDEX);
    EXPECT_EQ(w.tasks[0].ranks.first, 1u);
    const TrainingTask& g = w.tasks[1];
    EXPECT_EQ(g.op, CollectiveOp::ALL_REDUCE);
    EXPECT_EQ(g.group, GroupKind::DP);
    EXPECT_EQ(g.bytes, 32ull << 20);
    EXPECT_EQ(g.algorithm->GetName(), "tree");
    EXPECT_EQ(g.algorithm->GetChannels(), 4u);
    EXPECT_EQ(g.algorithm->GetChunkBytes(), 128u << 10);
    EXPECT_EQ(g.after, std::vector<uint32_t> {0});
    EXPECT_EQ(w.tasks[2].stageOffset, -1);
    EXPECT_EQ(w.tasks[2].bytes, 1u << 20);     // nccl-tests style 1M
    EXPECT_EQ(w.SendPeer(w.tasks[2], 37), 5u); // stage 1 -> stage 0, same tp/dp position
}

TEST(TraceReader, BadTracesNameTheLine)
{
    struct Case
    {
        std::string text;
        std::string expect;
    };

    const Case cases[] = {
        {"parallel tp=8 dp=1\n", "t.trace:1: expected 'fabric-trace 1'"},
        {HEAD + "compute c ranks=all time=10\n", "t.trace:3: time= must be a duration"},
        {HEAD + "compute c ranks=all time=1ms\ncompute c ranks=all time=1ms\n",
         "t.trace:4: task 'c' defined twice"},
        {HEAD + "compute c ranks=all time=1ms after=x\n", "t.trace:3: after=x: no task 'x'"},
        {HEAD + "collective g ranks=all group=dp op=all-scatter size=1MiB\n",
         "t.trace:3: op= must be"},
        {HEAD + "collective g ranks=all group=dp op=all-gather algo=tree size=1MiB\n",
         "t.trace:3: unknown algorithm 'tree' for all-gather"},
        {HEAD + "collective g ranks=all group=dp op=all-reduce size=0B\n",
         "t.trace:3: size= must be a positive size"},
        {HEAD + "collective g ranks=pp0 group=pp op=all-reduce size=1MiB\n",
         "t.trace:3: task 'g': group pp of GPU 0 contains GPU 32"},
        {HEAD + "send s ranks=pp1 to=next size=1MiB\n", "t.trace:3: task 's': GPU 32 in stage 1"},
        {HEAD + "compute c ranks=pp7 time=1ms\n", "t.trace:3: ranks=pp7: pp index 7 is outside"},
        {HEAD + "compute c ranks=all time=1ms colour=red\n", "t.trace:3: unknown field 'colour'"},
        {HEAD + "barrier b\n", "t.trace:3: unknown statement 'barrier'"},
        {"fabric-trace 1\ncompute c ranks=all time=1ms\n", "t.trace:2: 'parallel tp=.."},
        {"fabric-trace 1\nparallel tp=4 dp=3\ncompute c time=1ms\n",
         "t.trace:2: the job's 12 GPUs must fill whole servers of 8"},
    };
    for (const auto& c : cases)
    {
        std::string e = ErrorOf(c.text);
        EXPECT_EQ(e.rfind(c.expect, 0), 0u) << "got: " << e << "\nexpected: " << c.expect;
    }
    EXPECT_THROW(ReadTrainingTrace("/nonexistent/x.trace"), TraceError);
}

TEST(SimAiReader, TheSampleWorkloadBecomesAStepGraph)
{
    SimAiOptions o;
    TrainingWorkload w = ReadSimAiWorkload(
        std::string(FABRIC_SOURCE_DIR) + "/examples/traces/simai-gpt-64.txt", o);
    EXPECT_EQ(w.layout.tp, 8u); // model_parallel_NPU_group
    EXPECT_EQ(w.layout.dp, 8u); // all_gpus / (tp x pp)
    EXPECT_EQ(w.layout.pp, 1u);
    // 6 layers x (forward, input-gradient, weight-gradient) compute + the update.
    EXPECT_EQ(Count(w, TrainingTask::COMPUTE), 6u * 3 + 1);
    // Forward comm on all 6 layers; input-gradient comm on 4 (embedding NONE, final 0 B);
    // weight-gradient all-reduce on 3.
    EXPECT_EQ(Count(w, TrainingTask::COLLECTIVE), 6u + 4 + 3);
    const TrainingTask& first = w.tasks[0];
    EXPECT_EQ(first.kind, TrainingTask::COMPUTE);
    EXPECT_EQ(first.computeTime, NanoSeconds(62273)); // 1 tick = 1 ns
    const TrainingTask& fwdComm = w.tasks[1];
    EXPECT_EQ(fwdComm.op, CollectiveOp::ALL_REDUCE);
    EXPECT_EQ(fwdComm.group, GroupKind::TP);
    EXPECT_EQ(fwdComm.bytes, 4194304u);
    uint32_t dpAllReduces = 0;
    for (const auto& t : w.tasks)
    {
        if (t.kind == TrainingTask::COLLECTIVE && t.group == GroupKind::DP)
        {
            EXPECT_EQ(t.op, CollectiveOp::ALL_REDUCE);
            dpAllReduces++;
        }
    }
    EXPECT_EQ(dpAllReduces, 3u);
    EXPECT_EQ(w.tasks.back().id, "update.s0");
    EXPECT_EQ(w.tasks.back().computeTime, NanoSeconds(600)); // 6 layers x 100 ticks
}

TEST(SimAiReader, PipelineStagesAndMicroBatches)
{
    std::string text = "HYBRID_TRANSFORMER model_parallel_NPU_group: 8 ep: 2 pp: 2 ga: 2 "
                       "all_gpus: 64 pp_comm 1048576\n"
                       "4\n"
                       "l0 -1 10 ALLGATHER 1024 10 REDUCESCATTER 1024 10 ALLREDUCE 4096 1\n"
                       "l1 -1 10 NONE 0 10 NONE 0 10 ALLTOALL_EP 4096 1\n"
                       "l2 -1 10 NONE 0 10 NONE 0 10 ALLREDUCE_DP_EP 4096 1\n"
                       "l3 -1 10 NONE 0 10 NONE 0 10 ALLREDUCE 4096 1\n";
    std::istringstream in(text);
    SimAiOptions o;
    o.tick = MicroSeconds(1);
    TrainingWorkload w = ParseSimAiWorkload(in, "pp.txt", o);
    EXPECT_EQ(w.layout.pp, 2u);
    EXPECT_EQ(w.layout.dp, 4u);
    EXPECT_EQ(w.layout.ep, 2u);
    // 2 micro-batches x (one activation send forward + one gradient send backward).
    EXPECT_EQ(Count(w, TrainingTask::SEND), 4u);
    bool sawEp = false;
    bool sawDpEp = false;
    for (const auto& t : w.tasks)
    {
        sawEp = sawEp || (t.kind == TrainingTask::COLLECTIVE && t.group == GroupKind::EP);
        sawDpEp = sawDpEp || (t.kind == TrainingTask::COLLECTIVE && t.group == GroupKind::DP_EP);
    }
    EXPECT_TRUE(sawEp);
    EXPECT_TRUE(sawDpEp);
    EXPECT_EQ(w.tasks[0].computeTime, MicroSeconds(10));
    EXPECT_TRUE(w.Validate(8).empty());
}

TEST(TraceReader, JobSizesRanksAndBytesAreChecked)
{
    struct Case
    {
        std::string text;
        std::string expect;
    };

    // 65536^3 is 2^48: in 32 bits it is 0 GPUs; 16 x 268435457 is 16 GPUs in 32 bits.
    const Case cases[] = {
        {"fabric-trace 1\nparallel tp=65536 dp=65536 pp=65536\ncompute c time=1ms\n",
         "t.trace:2: tp x dp x pp = 65536 x 65536 x 65536 GPUs is more than the largest job"},
        {"fabric-trace 1\nparallel tp=16 dp=268435457\ncompute c time=1ms\n",
         "t.trace:2: tp x dp x pp = 16 x 268435457 x 1 GPUs is more than the largest job"},
        {"fabric-trace 1\nparallel tp=1024 dp=1024 pp=2\ncompute c time=1ms\n",
         "t.trace:2: tp x dp x pp = 1024 x 1024 x 2"},
        {HEAD + "compute c ranks=0-99999 time=1ms\n",
         "t.trace:3: ranks=0-99999: GPU 99999 is outside the job"},
        {HEAD + "compute c ranks=64 time=1ms\n", "t.trace:3: ranks=64: GPU 64 is outside"},
        {HEAD + "compute c ranks=tp8 time=1ms\n", "t.trace:3: ranks=tp8: tp index 8 is outside"},
        {HEAD + "compute c ranks=dp4 time=1ms\n", "t.trace:3: ranks=dp4: dp index 4 is outside"},
        {HEAD + "compute c ranks=all time=1ms" + std::string(1, '\0') + "\n",
         "t.trace:3:29: control character 0x00"},
        {HEAD + "compute c\x01 ranks=all time=1ms\n", "t.trace:3:10: control character 0x01"},
    };
    for (const auto& c : cases)
    {
        std::string e = ErrorOf(c.text);
        EXPECT_EQ(e.rfind(c.expect, 0), 0u) << "got: " << e << "\nexpected: " << c.expect;
    }
    // The largest job, 2^20 GPUs, is accepted as a layout.
    ParallelLayout l;
    l.tp = 8, l.dp = 131072, l.pp = 1;
    EXPECT_EQ(l.Check(), "");
    l.pp = 2;
    EXPECT_NE(l.Check(), "");
    // A directory is not "an empty trace".
    try
    {
        ReadTrainingTrace(::testing::TempDir());
        ADD_FAILURE() << "a directory was read as a trace";
    }
    catch (const TraceError& e)
    {
        EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
    }
    try
    {
        ReadSimAiWorkload(::testing::TempDir(), SimAiOptions());
        ADD_FAILURE() << "a directory was read as a workload";
    }
    catch (const TraceError& e)
    {
        EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
    }
}

TEST(SimAiReader, CountsAreCheckedBeforeTheyAreNarrowed)
{
    // 5,000,000,000 layers would read as 705,032,704 in 32 bits.
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8\n5000000000\n")
                  .rfind("w.txt:2: layer count 5000000000 is above the limit", 0),
              0u);
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 99999999999999999999999\n1\n")
                  .rfind("w.txt:1: all_gpus: 99999999999999999999999 is too large", 0),
              0u);
    // 350555555555555168 ticks of 1 ns overflow 64-bit picoseconds (found by fuzz-traces).
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8\n1\nl0 -1 350555555555555168 NONE 0 1 NONE 0 1 "
                           "ALLREDUCE 8 1\n")
                  .rfind("w.txt:3: layer 'l0': a compute or update time of 350555555555555168 "
                         "ticks is over 10^6 s",
                         0),
              0u);
    // 2^32 + 8 GPUs would read as 8.
    EXPECT_EQ(
        SimAiErrorOf("DATA all_gpus: 4294967304\n1\n").rfind("w.txt:1: all_gpus (4294967304)", 0),
        0u);
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8 ep: 4294967297\n1\n")
                  .rfind("w.txt:1: all_gpus (8) must be", 0),
              0u);
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8\n1\nl0 -1 1 NONE 0 1 NONE 0 1 ALL"
                           + std::string(1, '\0') + "REDUCE 8 1\n")
                  .rfind("w.txt:3:", 0),
              0u);
}

TEST(SimAiReader, BadWorkloadsNameTheLine)
{
    EXPECT_EQ(SimAiErrorOf("PIPELINE all_gpus: 8\n1\n")
                  .rfind("w.txt:1: unsupported parallelism "
                         "'PIPELINE'",
                         0),
              0u);
    EXPECT_EQ(SimAiErrorOf("DATA\n1\n").rfind("w.txt:1: no all_gpus", 0), 0u);
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8\n2\nl0 -1 1 NONE 0 1 NONE 0 1 ALLREDUCE 8 1\nl1 -1 "
                           "1 NONE\n")
                  .rfind("w.txt:4: layer 'l1': expected 12 fields", 0),
              0u);
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8\n1\nl0 -1 1 NONE 0 1 NONE 0 1 ALLSCATTER 8 1\n")
                  .rfind("w.txt:3: unknown communication type 'ALLSCATTER'", 0),
              0u);
    EXPECT_EQ(SimAiErrorOf("DATA all_gpus: 8\n3\nl0 -1 1 NONE 0 1 NONE 0 1 ALLREDUCE 8 1\n")
                  .rfind("w.txt:3: expected 3 layers, found 1", 0),
              0u);
    EXPECT_EQ(SimAiErrorOf("HYBRID_TRANSFORMER model_parallel_NPU_group: 8 pp: 2 all_gpus: 64\n1\n")
                  .rfind("w.txt:1: pp > 1 needs pp_comm", 0),
              0u);
}
