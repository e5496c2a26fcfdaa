/*
 * Link failures, flaps and degradations: frames on a dead cable are lost and counted, ECMP
 * stops hashing onto a dead port after its failover delay and adaptive routing at once,
 * routes converge around a failure elsewhere, an unreachable GPU is reported and a
 * collective waiting on it ends at its time limit, conservation holds throughout.
 */
#include "config/collective-config.h"
#include "experiment/collective-runner.h"
#include "fabric-test-util.h"
#include "helper/fabric-failures.h"
#include "helper/fabric-helper.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

#include <set>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

class FailuresTest : public SimulatorTest
{
protected:
    /// 32 GPUs on 4 leaves of 8, 8 spines, one cable per leaf-spine pair.
    std::unique_ptr<Fabric> Build(const std::string& profile)
    {
        return FabricHelper(TopologySpec::LeafSpine(32, 8, 8), FabricProfile::Named(profile), 1)
            .Build();
    }

    /// Every GPU of leaf 0 sends @p bytes to the same GPU of leaf 1.
    static void CrossLeafFlows(FlowRunner& runner, uint64_t bytes)
    {
        for (uint32_t g = 0; g < 8; ++g)
        {
            runner.AddFlow({g, 8 + g, bytes, Time(0), 0});
        }
    }
};

/// Port of @p sw whose cable goes to switch @p peer.
uint16_t
PortToward(const Ptr<FabricSwitch>& sw, const Ptr<FabricSwitch>& peer)
{
    for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
    {
        Ptr<FabricNetDevice> far = sw->GetPort(p)->GetPeer();
        if (far && far->GetNode() == peer)
        {
            return p;
        }
    }
    ADD_FAILURE() << "no cable between the switches";
    return 0;
}

} // namespace

TEST_F(FailuresTest, EcmpHashesOntoADeadPortOnlyUntilItsFailoverDelay)
{
    const Time failover = MicroSeconds(20);
    const Time failAt = MicroSeconds(10);
    Config::SetDefault("ns3::fabric::EcmpRouting::FailoverDelay", TimeValue(failover));
    auto f = Build("standard");
    Ptr<FabricSwitch> leaf0 = f->switches[0];
    // Leaf 0's uplink to spine 0 fails.
    uint16_t dead = PortToward(leaf0, f->switches[f->numLeaves]);
    std::vector<Time> forwardedOnDead;
    leaf0->TraceConnectWithoutContext("Forward",
                                      MakeCallback(+[](std::vector<Time>* out,
                                                       uint16_t dead,
                                                       Ptr<const Packet>,
                                                       uint16_t,
                                                       uint16_t e) {
                                          if (e == dead)
                                          {
                                              out->push_back(Simulator::Now());
                                          }
                                      }).Bind(&forwardedOnDead, dead));
    FabricFailures failures(*f, 1);
    FailureSpec spec;
    spec.links = "leaf0:" + std::to_string(dead);
    spec.at = failAt;
    failures.Add(spec);
    FlowRunner runner(*f);
    // 64 flows, so that some hash onto every one of the 8 uplinks.
    for (uint32_t g = 0; g < 8; ++g)
    {
        for (uint32_t k = 0; k < 8; ++k)
        {
            runner.AddFlow({g, 8 + (g + k) % 8 + 8 * (k % 3), 256 * 1024, Time(0), 0});
        }
    }
    Simulator::Run();
    uint32_t afterFailover = 0;
    uint32_t duringBlackhole = 0;
    for (Time t : forwardedOnDead)
    {
        afterFailover += t >= failAt + failover;
        duringBlackhole += t >= failAt && t < failAt + failover;
    }
    EXPECT_GT(duringBlackhole, 0u) << "no frame hashed onto the port while it was dead";
    EXPECT_EQ(afterFailover, 0u) << "frames sent into the dead port after the failover delay";
    FabricStats s = f->CollectStats();
    EXPECT_GT(s.linkDownDrops, 0u);
    EXPECT_EQ(s.dropsByReason["link-down"], s.linkDownDrops);
    for (const FlowRecord& r : runner.GetRecords())
    {
        EXPECT_FALSE(r.finish.IsNegative()) << "a flow never completed after the failure";
    }
    ExpectConserved(*f);
}

TEST_F(FailuresTest, AdaptiveRoutingNeverChoosesADeadPort)
{
    const Time failAt = MicroSeconds(5);
    auto f = Build("spectrum-x");
    Ptr<FabricSwitch> leaf0 = f->switches[0];
    uint16_t dead = PortToward(leaf0, f->switches[f->numLeaves + 3]);
    uint32_t after = 0;
    uint32_t before = 0;
    leaf0->TraceConnectWithoutContext("Forward",
                                      MakeCallback(+[](uint32_t* before,
                                                       uint32_t* after,
                                                       uint16_t dead,
                                                       Time at,
                                                       Ptr<const Packet>,
                                                       uint16_t,
                                                       uint16_t e) {
                                          if (e == dead)
                                          {
                                              (Simulator::Now() >= at ? *after : *before)++;
                                          }
                                      }).Bind(&before, &after, dead, failAt));
    FabricFailures failures(*f, 1);
    FailureSpec spec;
    spec.links = "leaf0-spine3";
    spec.at = failAt;
    failures.Add(spec);
    FlowRunner runner(*f);
    CrossLeafFlows(runner, 1 << 20);
    Simulator::Run();
    EXPECT_GT(before, 0u) << "the port carried nothing before it failed";
    EXPECT_EQ(after, 0u) << "adaptive routing chose the dead port";
    for (const FlowRecord& r : runner.GetRecords())
    {
        EXPECT_FALSE(r.finish.IsNegative());
    }
    ExpectConserved(*f);
}

TEST_F(FailuresTest, RoutesConvergeAroundACableThatFailedBeforeTheRun)
{
    // spine2's cable to leaf1 is down: every other leaf has 8 - 1 = 7 live paths to a GPU of
    // leaf 1 (one per spine but spine2), and no frame is lost.
    auto f = Build("standard");
    FabricFailures failures(*f, 1);
    FailureSpec spec;
    spec.links = "leaf1-spine2";
    failures.Add(spec);
    EXPECT_EQ(failures.GetNLinksDown(), 1u);
    for (uint32_t leaf : {0u, 2u, 3u})
    {
        EXPECT_EQ(CountPaths(f->switches[leaf], f->GetAddress(8), f->nics[8], 1, 3), 7u)
            << "leaf " << leaf;
        uint32_t other = leaf == 3 ? 16 : 24; // a GPU of leaf 2 or 3, whose cables are all up
        EXPECT_EQ(CountPaths(f->switches[leaf], f->GetAddress(other), f->nics[other], 1, 3), 8u)
            << "leaf " << leaf;
    }
    EXPECT_TRUE(failures.Unreachable().empty());
    FlowRunner runner(*f);
    CrossLeafFlows(runner, 1 << 20);
    Simulator::Run();
    FabricStats s = f->CollectStats();
    EXPECT_EQ(s.TotalDrops(), 0u);
    for (const FlowRecord& r : runner.GetRecords())
    {
        EXPECT_FALSE(r.finish.IsNegative());
    }
    ExpectConserved(*f);
}

TEST_F(FailuresTest, AFlappingCableLosesFramesOnlyWhileDownAndConservationHolds)
{
    Config::SetDefault("ns3::fabric::EcmpRouting::FailoverDelay", TimeValue(MicroSeconds(5)));
    Config::SetDefault("ns3::fabric::EcmpRouting::ConvergenceDelay", TimeValue(MicroSeconds(8)));
    auto f = Build("standard");
    FabricFailures failures(*f, 7);
    FailureSpec flap;
    flap.links = "leaf-spine:25%"; // 8 of the 32 cables
    flap.at = MicroSeconds(10);
    flap.until = MicroSeconds(40);
    failures.Add(flap);
    EXPECT_EQ(failures.Select("leaf-spine:25%").size(), 8u);
    uint32_t downDuring = 0;
    uint32_t downAfter = 0;
    std::size_t overridesDuring = 0;
    std::size_t overridesAfter = 0;
    Simulator::Schedule(MicroSeconds(30), [&]() {
        downDuring = failures.GetNLinksDown();
        overridesDuring = failures.GetNOverrides();
    });
    Simulator::Schedule(MicroSeconds(60), [&]() {
        downAfter = failures.GetNLinksDown();
        overridesAfter = failures.GetNOverrides();
    });
    FlowRunner runner(*f);
    for (uint32_t g = 0; g < 32; ++g)
    {
        runner.AddFlow({g, (g + 8) % 32, 512 * 1024, Time(0), 0});
    }
    Simulator::Run();
    EXPECT_EQ(downDuring, 8u);
    EXPECT_GT(overridesDuring, 0u) << "no route was withdrawn after the convergence delay";
    EXPECT_EQ(downAfter, 0u);
    EXPECT_EQ(overridesAfter, 0u) << "routes were not restored after the cables came back";
    FabricStats s = f->CollectStats();
    EXPECT_GT(s.linkDownDrops, 0u);
    for (const FlowRecord& r : runner.GetRecords())
    {
        EXPECT_FALSE(r.finish.IsNegative());
    }
    ExpectConserved(*f);
}

TEST_F(FailuresTest, AHalvedCableHalvesTheGoodputOfTheFlowOnIt)
{
    // GPU 0's cable at 200 Gb/s: one 8 MiB flow takes the wire time of its frames at 200 Gb/s,
    // (bytes / 4096) x 4178 B x 8 / 200e9, plus the path latency (a few us).
    auto f = Build("standard");
    FabricFailures failures(*f, 1);
    FailureSpec spec;
    spec.links = "gpu0";
    spec.rateBps = 200000000000ULL;
    failures.Add(spec);
    FlowRunner runner(*f);
    const uint64_t bytes = 8ull << 20;
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    Simulator::Run();
    const FlowRecord& r = runner.GetRecords()[0];
    ASSERT_FALSE(r.finish.IsNegative());
    double ideal = (bytes / 4096.0) * 4178 * 8 / 200e9;
    EXPECT_NEAR(r.Fct().GetSeconds(), ideal, 5e-6);
    EXPECT_EQ(f->nics[0]->GetRateBps(), 200000000000ULL);
    ExpectConserved(*f);
}

TEST_F(FailuresTest, AnUnreachableGpuIsReportedAndItsCollectiveEndsAtTheTimeLimit)
{
    CollectiveRunner runner(
        TopologySpec::LeafSpine(16, 8, 8), FabricProfile::Named("spectrum-x"), 1);
    runner.SetTimeLimit(MilliSeconds(2));
    FabricFailures failures(runner.GetFabric(), 1);
    FailureSpec spec;
    spec.links = "gpu3";
    failures.Add(spec);
    auto lines = failures.Unreachable();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "gpu3 (its cable is down)");
    std::string error;
    auto comms = runner.Groups("world", &error);
    ASSERT_TRUE(error.empty()) << error;
    auto algo = CreateCollectiveAlgorithm("all-to-all", "", 0, 0, &error);
    ASSERT_TRUE(algo) << error;
    CollectiveResult res = runner.Run(algo, comms, 1 << 20);
    EXPECT_FALSE(res.completed);
    EXPECT_FALSE(res.waiting.empty());
    EXPECT_TRUE(runner.GetFabric().CollectStats().Balanced());
}

TEST_F(FailuresTest, SelectorsResolveOrFailWithWhatWasExpected)
{
    auto f = Build("standard");
    FabricFailures failures(*f, 3);
    // 4 leaves x 8 spines: 32 leaf-spine cables, 32 GPU cables, no core.
    EXPECT_EQ(failures.Select("leaf-spine:10%").size(), 3u); // round(3.2)
    EXPECT_EQ(failures.Select("leaf-spine:10%"), failures.Select("leaf-spine:10%"));
    FabricFailures other(*f, 4);
    EXPECT_NE(failures.Select("leaf-spine:50%"), other.Select("leaf-spine:50%"));
    EXPECT_EQ(failures.Select("gpu-leaf:5").size(), 5u);
    EXPECT_EQ(failures.Select("spine0").size(), 4u); // one cable per leaf
    EXPECT_EQ(failures.Select("leaf0").size(), 16u); // 8 GPUs + 8 spines
    EXPECT_EQ(failures.Select("leaf0-spine1, leaf0:0").size(), 2u);
    EXPECT_EQ(failures.Select("spine-core:10%").size(), 0u); // a 2-tier fabric has none
    for (const char* bad : {"leaf9",
                            "leaf0-spine99",
                            "leaf0:99",
                            "leaf-spine:150%",
                            "leaf-spine:x",
                            "gpu32",
                            "router1",
                            "",
                            "leaf0,,leaf1"})
    {
        EXPECT_THROW(failures.Select(bad), std::invalid_argument) << bad;
    }
    FailureSpec late;
    late.links = "leaf0";
    late.at = MicroSeconds(5);
    late.until = MicroSeconds(5);
    late.where = "test.yaml:3";
    try
    {
        failures.Add(late);
        ADD_FAILURE() << "until == at accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("test.yaml:3: 'until'"), std::string::npos)
            << e.what();
    }
}

TEST_F(FailuresTest, QueuePairsToADeadGpuGiveUpAfterTheirRetryCount)
{
    // gpu3's cable is down; with a 20 us retransmission timeout and RetryCount 3, every queue
    // pair toward it gives up after exactly 4 timeouts in a row and sends nothing more, while
    // the collective is reported as not finished at its time limit, with who waits for what.
    Config::SetDefault("ns3::fabric::RdmaNic::RetransmitTimeout", TimeValue(MicroSeconds(20)));
    Config::SetDefault("ns3::fabric::RdmaNic::RetryCount", UintegerValue(3));
    CollectiveRunner runner(TopologySpec::LeafSpine(16, 8, 8), FabricProfile::Named("standard"), 1);
    runner.SetTimeLimit(MilliSeconds(5));
    FabricFailures failures(runner.GetFabric(), 1);
    FailureSpec spec;
    spec.links = "gpu3";
    failures.Add(spec);
    std::string error;
    auto algo = CreateCollectiveAlgorithm("all-to-all", "", 0, 0, &error);
    ASSERT_TRUE(algo) << error;
    CollectiveResult res = runner.Run(algo, runner.Groups("world", &error), 1 << 20);
    EXPECT_FALSE(res.completed);
    EXPECT_FALSE(res.waiting.empty());
    FabricStats s = runner.GetFabric().CollectStats();
    EXPECT_GT(s.qpErrors, 0u);
    EXPECT_EQ(s.timeouts, 4 * s.qpErrors) << "a queue pair retried after its retry count";
    EXPECT_TRUE(s.Balanced());
}
