/*
 * Profiles and their parts: PFC keeps an incast lossless, adaptive routing balances uplinks,
 * and mixing parts shows why each exists.
 */
#include "experiment/scenario.h"
#include "fabric-test-util.h"
#include "helper/fabric-profile.h"
#include "helper/strategy-names.h"
#include "model/routing/routing-policy.h"

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

/// A routing policy of this test program, not of the library: every packet takes the first
/// port of its group.
class FirstPortRouting : public RoutingPolicy
{
public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::fabric::test::FirstPortRouting")
                                .SetParent<RoutingPolicy>()
                                .AddConstructor<FirstPortRouting>();
        return tid;
    }

    const char* GetName() const override { return "first-port"; }

protected:
    uint16_t DoSelectEgress(const RoceFields&, const EcmpGroup& group, const PortView&) override
    {
        return group.ports[0];
    }
};

NS_OBJECT_ENSURE_REGISTERED(FirstPortRouting);

} // namespace

class FabricProfileTest : public SimulatorTest
{
protected:
    /// 64 senders on other leaves send @p bytes each to GPU 0; switches have a small buffer.
    FabricStats RunIncast64(bool pfc, uint64_t bytes, uint32_t* completed)
    {
        FabricProfile p = *FabricProfile::FromName("ideal");
        p.pfc = pfc;
        FabricBuilder b;
        p.ApplyTo(b);
        b.SetSwitchAttribute("BufferSize", QueueSizeValue(QueueSize("2MiB")));
        auto f = b.Build(TopologySpec::LeafSpine(128, 16, 16));
        FlowRunner runner(*f);
        for (uint32_t i = 0; i < 64; ++i)
        {
            runner.AddFlow({16 + i, 0, bytes, Time(0), 0});
        }
        Simulator::Stop(MilliSeconds(50));
        Simulator::Run();
        *completed = runner.Summarize().completed;
        FabricStats s = f->CollectStats();
        ExpectConserved(*f);
        return s;
    }
};

TEST_F(FabricProfileTest, PfcKeepsA64To1IncastLossless)
{
    uint32_t completed = 0;
    // Without PFC the 2 MiB buffer overflows: the test scenario really is lossy.
    FabricStats lossy = RunIncast64(false, 256 * 1024, &completed);
    EXPECT_GT(lossy.switchDrops, 0u);
    EXPECT_GT(lossy.dropsByReason["buffer-full"], 0u);
    Simulator::Destroy();

    FabricStats s = RunIncast64(true, 256 * 1024, &completed);
    EXPECT_EQ(completed, 64u);
    EXPECT_EQ(s.switchDrops, 0u);
    EXPECT_EQ(s.retransmittedPackets, 0u);
    EXPECT_GT(s.pauseFramesSent, 0u);
    EXPECT_GT(s.pausesReceived, 0u);
    EXPECT_GT(s.pausedSeconds, 0.0);
    EXPECT_GT(s.resumeFramesSent, 0u);
}

TEST_F(FabricProfileTest, AdaptiveRoutingKeepsUplinkLoadsWithinTenPercent)
{
    // Per-packet adaptive routing on a permutation: every leaf uplink carries nearly the same
    // bytes; ECMP leaves some uplinks idle and others with several flows.
    TopologySpec spec = TopologySpec::LeafSpine(256, 32, 32);
    TrafficSpec traffic;
    traffic.bytes = 2 * 1024 * 1024;
    ResultRow ar = RunScenario(spec, *FabricProfile::FromName("spectrum-x"), traffic);
    EXPECT_LE(ar.GetNumber("uplink_load_max_over_min"), 1.10);
    EXPECT_EQ(ar.GetNumber("flow_collisions"), 0);
    EXPECT_EQ(ar.GetNumber("conserved"), 1);
    ResultRow ecmp = RunScenario(spec, *FabricProfile::FromName("standard"), traffic);
    // Balls into bins: with 256 flows over 256 uplinks, the fuller uplinks carry several
    // flows (expected maximum 4-5) while 1/e of them carry none.
    EXPECT_GE(ecmp.GetNumber("uplink_load_max_over_mean"), 3.0);
    EXPECT_GT(ecmp.GetNumber("flow_collisions"), 0);
    EXPECT_EQ(ecmp.GetNumber("conserved"), 1);
}

TEST_F(FabricProfileTest, AdaptiveRoutingWithAnInOrderNicRetransmits)
{
    // Spraying reorders packets; an in-order NIC discards and goes back N, an out-of-order NIC
    // places them.
    TopologySpec spec = TopologySpec::LeafSpine(128, 32, 32);
    TrafficSpec traffic;
    traffic.bytes = 1024 * 1024;
    FabricProfile ooo = *FabricProfile::FromName("spectrum-x");
    FabricProfile inOrder = ooo;
    inOrder.receiveMode = "InOrder";
    ResultRow a = RunScenario(spec, ooo, traffic);
    ResultRow b = RunScenario(spec, inOrder, traffic);
    EXPECT_EQ(a.GetNumber("retransmitted_packets"), 0);
    EXPECT_EQ(a.GetNumber("naks"), 0);
    EXPECT_GT(b.GetNumber("naks"), 0);
    EXPECT_GT(b.GetNumber("retransmitted_packets"), 0);
    EXPECT_LT(b.GetNumber("effective_throughput_pct"), a.GetNumber("effective_throughput_pct"));
    EXPECT_EQ(b.GetNumber("completed"), b.GetNumber("flows"));
    EXPECT_EQ(b.GetNumber("conserved"), 1);
}

TEST_F(FabricProfileTest, AnOutOfOrderNicGainsNothingUnderEcmp)
{
    // ECMP keeps each flow on one path, so packets arrive in order and placement has nothing
    // to do: the same completion times either way.
    TopologySpec spec = TopologySpec::LeafSpine(128, 32, 32);
    TrafficSpec traffic;
    traffic.bytes = 1024 * 1024;
    FabricProfile standard = *FabricProfile::FromName("standard");
    FabricProfile ooo = standard;
    ooo.receiveMode = "OutOfOrder";
    ResultRow a = RunScenario(spec, standard, traffic);
    ResultRow b = RunScenario(spec, ooo, traffic);
    EXPECT_NEAR(
        b.GetNumber("effective_throughput_pct"), a.GetNumber("effective_throughput_pct"), 1.0);
    EXPECT_EQ(a.GetNumber("retransmitted_packets"), 0);
    EXPECT_EQ(b.GetNumber("retransmitted_packets"), 0);
}

TEST_F(FabricProfileTest, StrategiesAreFoundByTheirOwnNamesWithNoTableToExtend)
{
    // The built-in ones, by the names they give themselves, and one this program registers.
    EXPECT_EQ(FabricBuilder::RoutingTypeIdFromName("adaptive"), "ns3::fabric::AdaptiveRouting");
    EXPECT_EQ(FabricProfile::CongestionControlTypeId("telemetry"),
              "ns3::fabric::TelemetryCongestionControl");
    EXPECT_EQ(FabricBuilder::RoutingTypeIdFromName("first-port"),
              "ns3::fabric::test::FirstPortRouting");
    EXPECT_EQ(FabricBuilder::RoutingTypeIdFromName("no-such-routing"), "");
    EXPECT_EQ(StrategyNameList<RoutingPolicy>(), "adaptive, ecmp, first-port, flowlet");
    EXPECT_EQ(StrategyNameList<CongestionControl>(), "dcqcn, none, telemetry");

    // A profile runs with it: a permutation whose every flow takes the first up-link of its
    // leaf shares one cable per leaf, so it is no faster than all of a leaf's flows in a row.
    FabricProfile p;
    ASSERT_EQ(FabricProfile::FromVariant("ideal/routing=first-port", &p), "");
    EXPECT_TRUE(p.Validate().empty());
    FabricBuilder b;
    p.ApplyTo(b);
    auto f = b.Build(TopologySpec::LeafSpine(32, 8, 8));
    FlowRunner runner(*f);
    const uint64_t bytes = 256 * 4096;
    for (uint32_t i = 0; i < 8; ++i)
    {
        runner.AddFlow({i, 8 + i, bytes, Time(0), 0}); // leaf 0 -> leaf 1, 8 flows
    }
    Simulator::Run();
    ASSERT_EQ(runner.Summarize().completed, 8u);
    // 8 x 256 packets of 4178 wire bytes through one 400 Gb/s up-link.
    double serial = 8 * 256 * 4178 * 8 / 400e9;
    EXPECT_GE(runner.Summarize().completionUs * 1e-6, serial);
    ExpectConserved(*f);
}

TEST_F(FabricProfileTest, RunsAreReproducible)
{
    TopologySpec spec = TopologySpec::LeafSpine(64, 16, 16);
    TrafficSpec traffic;
    traffic.bytes = 256 * 1024;
    traffic.seed = 5;
    for (const char* name : {"standard", "spectrum-x"})
    {
        ResultRow a = RunScenario(spec, *FabricProfile::FromName(name), traffic);
        ResultRow b = RunScenario(spec, *FabricProfile::FromName(name), traffic);
        for (const char* key : {"completion_us", "fct_p99_us", "packet_hops", "ecn_marks"})
        {
            EXPECT_EQ(a.GetNumber(key), b.GetNumber(key)) << name << " " << key;
        }
    }
}

TEST(FabricProfileNames, NamedThrowsForAnUnknownProfileInsteadOfAnEmptyOptional)
{
    EXPECT_EQ(FabricProfile::Named("standard").congestionControl, "dcqcn");
    EXPECT_EQ(FabricProfile::Named("spectrum-x").routing, "adaptive");
    try
    {
        FabricProfile::Named("spectrumx");
        ADD_FAILURE() << "an unknown profile was returned";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("unknown profile 'spectrumx'"), std::string::npos);
    }
}
