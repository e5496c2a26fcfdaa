/*
 * Training-step replay: compute phases and speed factors, exposed vs hidden communication,
 * one stream per communicator, pipeline sends, and a mixed H100/H200 cluster whose slowest
 * GPUs gate every data-parallel all-reduce.
 */
#include "config/trace-reader.h"
#include "experiment/training-runner.h"
#include "fabric-test-util.h"

#include <sstream>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

/// Parse a trace given inline.
TrainingWorkload
Trace(const std::string& text)
{
    std::istringstream in(text);
    return ParseTrainingTrace(in, "test.trace", 8);
}

const char* HEADER = "fabric-trace 1\nparallel tp=8 dp=2 pp=1\n";

} // namespace

class TrainingReplayTest : public SimulatorTest
{
};

TEST_F(TrainingReplayTest, ComputeOnlyStepsAddUpAndScaleWithGpuSpeed)
{
    std::string t = std::string(HEADER) + "iterations 3\n"
                  + "compute a ranks=all time=100us\ncompute b ranks=all time=200us after=a\n";
    {
        TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
        TrainingReport r = run.Run(Trace(t));
        ASSERT_TRUE(r.completed);
        ASSERT_EQ(r.stepTimesUs.size(), 3u);
        for (double s : r.stepTimesUs)
        {
            EXPECT_NEAR(s, 300.0, 1e-6); // 100 + 200 us on an H100
        }
        EXPECT_NEAR(r.all.utilization, 1.0, 1e-9);
        EXPECT_EQ(r.all.commUs, 0.0);
    }
    Simulator::Destroy();
    {
        TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
        ASSERT_EQ(run.SetGpuMix("H200"), "");
        TrainingReport r = run.Run(Trace(t));
        ASSERT_TRUE(r.completed);
        EXPECT_NEAR(r.stepUs, 300.0 / 1.2, 1e-3); // H200: compute speed 1.2
    }
}

TEST_F(TrainingReplayTest, BlockingCollectiveIsFullyExposed)
{
    // compute -> data-parallel all-reduce -> compute: nothing overlaps the collective, so the
    // step is compute + communication and all communication is exposed.
    std::string t = std::string(HEADER)
                  + "compute a ranks=all time=100us\n"
                    "collective ar ranks=all group=dp op=all-reduce size=4MiB after=a\n"
                    "compute b ranks=all time=100us after=ar\n";
    TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
    TrainingReport r = run.Run(Trace(t));
    ASSERT_TRUE(r.completed);
    EXPECT_GT(r.all.commUs, 10.0);
    EXPECT_NEAR(r.all.exposedUs, r.all.commUs, 1e-6);
    EXPECT_NEAR(r.stepUs, 200.0 + r.all.commUs, 0.01 * r.stepUs);
    EXPECT_NEAR(r.all.utilization, 200.0 / r.stepUs, 1e-6);
    ExpectConserved(run.GetFabric());
}

TEST_F(TrainingReplayTest, OverlappedCollectiveIsHidden)
{
    // The all-reduce runs beside a 2 ms compute phase that is longer than it: no exposed
    // communication, step = 100 + 2000 + 50 us.
    std::string t = std::string(HEADER)
                  + "compute a ranks=all time=100us\n"
                    "collective ar ranks=all group=dp op=all-reduce size=4MiB after=a\n"
                    "compute b ranks=all time=2ms after=a\n"
                    "compute c ranks=all time=50us after=b,ar\n";
    TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
    TrainingReport r = run.Run(Trace(t));
    ASSERT_TRUE(r.completed);
    EXPECT_GT(r.all.commUs, 10.0);
    EXPECT_NEAR(r.all.exposedUs, 0.0, 1e-6);
    EXPECT_NEAR(r.stepUs, 2150.0, 1e-3);
    EXPECT_NEAR(r.all.utilization, 1.0, 1e-6);
    ExpectConserved(run.GetFabric());
}

TEST_F(TrainingReplayTest, CollectivesOnOneCommunicatorRunInOrder)
{
    // Two all-reduces on the dp group, both ready at once: the second starts when the first
    // finished (one NCCL stream), so the communication time is the sum of the two.
    std::string t = std::string(HEADER)
                  + "compute a ranks=all time=10us\n"
                    "collective x ranks=all group=dp op=all-reduce size=4MiB after=a\n"
                    "collective y ranks=all group=dp op=all-reduce size=4MiB after=a\n";
    TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
    TrainingReport r = run.Run(Trace(t));
    ASSERT_TRUE(r.completed);
    auto engine = run.GetEngine();
    ASSERT_GE(engine->GetNCollectives(), 2u);
    // For each dp group, y (the second collective) joins when x ends on that GPU.
    for (uint32_t yi = 0; yi < engine->GetNCollectives(); ++yi)
    {
        const auto& y = engine->GetRecord(yi);
        if (y.label != "y")
        {
            continue;
        }
        for (uint32_t xi = 0; xi < engine->GetNCollectives(); ++xi)
        {
            const auto& x = engine->GetRecord(xi);
            if (x.label == "x" && x.ranks == y.ranks && x.rankFinish[0] <= y.rankJoin[0]
                && y.rankJoin[0] - x.rankFinish[0] < MicroSeconds(1))
            {
                for (uint32_t r = 0; r < y.ranks; ++r)
                {
                    EXPECT_GE(y.rankJoin[r], x.rankFinish[r]);
                }
            }
        }
    }
    double single = 0;
    for (uint32_t id = 0; id < engine->GetNCollectives(); ++id)
    {
        single = std::max(single, engine->GetRecord(id).Duration().GetSeconds() * 1e6);
    }
    EXPECT_NEAR(r.all.commUs, 2 * single, 0.05 * 2 * single);
}

TEST_F(TrainingReplayTest, PipelineStagesHandOverActivations)
{
    // Stage 1 cannot start before stage 0 computed and sent: the step is at least the chain
    // 100 (s0) + send + 100 (s1) + send back + 100 (s0).
    std::string t = "fabric-trace 1\nparallel tp=8 dp=2 pp=2\n"
                    "compute f0 ranks=pp0 time=100us\n"
                    "send act ranks=pp0 to=next size=1MiB after=f0\n"
                    "compute f1 ranks=pp1 time=100us after=act\n"
                    "send grad ranks=pp1 to=prev size=1MiB after=f1\n"
                    "compute b0 ranks=pp0 time=100us after=grad\n";
    TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
    TrainingReport r = run.Run(Trace(t));
    ASSERT_TRUE(r.completed);
    // Each send moves 1 MiB over one NIC: >= 1 MiB / B_eff = 21.4 us.
    double send = (1 << 20) / (LINE_RATE_BPS / 8 * MAX_GOODPUT) * 1e6;
    EXPECT_GE(r.stepUs, 300 + 2 * send);
    EXPECT_LE(r.stepUs, 300 + 2 * send + 20);
    ExpectConserved(run.GetFabric());
}

TEST_F(TrainingReplayTest, MixedGpusAreGatedByTheSlowestMember)
{
    // Server 0 (GPUs 0-7) H100, server 1 (8-15) H200; the dp groups pair GPU i of both. The
    // H200 computes its 1 ms (H100 time) phase in 1/1.2 ms and then waits in the all-reduce
    // for its H100 partner: the step time is the all-H100 one, and the H200 utilization is
    // the H100's divided by 1.2.
    std::string t = std::string(HEADER)
                  + "iterations 2\n"
                    "compute a ranks=all time=1ms\n"
                    "collective ar ranks=all group=dp op=all-reduce size=8MiB after=a\n"
                    "compute b ranks=all time=100us after=ar\n";
    TrainingReport mixed;
    TrainingReport base;
    {
        TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
        ASSERT_EQ(run.SetGpuMix("H100:1,H200:1"), "");
        EXPECT_EQ(run.GetGpuType(3).name, "H100");
        EXPECT_EQ(run.GetGpuType(12).name, "H200");
        mixed = run.Run(Trace(t));
        ExpectConserved(run.GetFabric());
    }
    Simulator::Destroy();
    {
        TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
        base = run.Run(Trace(t));
    }
    ASSERT_TRUE(mixed.completed && base.completed);
    EXPECT_NEAR(mixed.stepUs, base.stepUs, 0.01 * base.stepUs);
    ASSERT_EQ(mixed.perType.size(), 2u);
    const auto& h100 = mixed.perType[0];
    const auto& h200 = mixed.perType[1];
    EXPECT_EQ(h100.type, "H100");
    EXPECT_EQ(h200.type, "H200");
    EXPECT_NEAR(h200.utilization, h100.utilization / 1.2, 0.01);
    // The time the H200 saved computing is spent waiting in the collective: in iteration 1
    // the 1 ms phase a (1000 - 1000/1.2 = 166.7 us); from iteration 2 on also the previous
    // 100 us phase b (1100 - 1100/1.2 = 183.3 us); the mean over 2 iterations is 175 us.
    EXPECT_NEAR(h200.exposedUs - h100.exposedUs, (166.667 + 183.333) / 2, 1.0);
    EXPECT_LT(mixed.all.utilization, base.all.utilization);
}

TEST_F(TrainingReplayTest, AnUnfinishedReplayNamesWhatItWaitsFor)
{
    std::string t = std::string(HEADER)
                  + "compute a ranks=all time=10us\n"
                    "collective ar ranks=all group=dp op=all-reduce size=64MiB after=a\n";
    TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
    run.SetTimeLimit(MicroSeconds(50));
    TrainingReport r = run.Run(Trace(t));
    EXPECT_FALSE(r.completed);
    ASSERT_FALSE(r.waiting.empty());
    EXPECT_NE(r.waiting.front().find("in 'ar'"), std::string::npos) << r.waiting.front();
}

TEST_F(TrainingReplayTest, BadGpuMixesAreRejected)
{
    TrainingRunner run(TopologySpec::Colossus(1), *FabricProfile::FromName("ideal"));
    EXPECT_NE(run.SetGpuMix("A100"), "");
    EXPECT_NE(run.SetGpuMix("H100:0"), "");
    EXPECT_NE(run.SetGpuMix("H100,H200"), "");
    EXPECT_EQ(run.SetGpuMix("GB200"), "");
    EXPECT_EQ(run.GetFabric().nics[0]->GetDataRate(), DataRate("800Gbps")); // GB200 NIC
}
