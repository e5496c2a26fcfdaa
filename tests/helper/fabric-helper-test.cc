/*
 * FabricHelper: every runner builds the same fabric for the same inputs (base RTT, simulator
 * core); profiles whose congestion control lacks its switch support are rejected; the
 * retransmission timer fires only on loss.
 */
#include "config/collective-config.h"
#include "config/yaml-sweep.h"
#include "experiment/collective-runner.h"
#include "experiment/experiment-runner.h"
#include "experiment/scenario.h"
#include "experiment/training-runner.h"
#include "experiment/workload-runners.h"
#include "fabric-test-util.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"
#include "model/nic/rdma-nic.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

class FabricHelperTest : public SimulatorTest
{
};

/// Idle RTT of a 3-tier Clos with the default cables (100 ns, 500 ns, 1 us), 600 ns switches
/// and 400 Gb/s links, computed by hand: a 4178-byte data frame (4096 B payload + 82 B of
/// headers, ICRC, FCS, preamble and gap) takes 83.56 ns per link, an 86-byte ACK 1.72 ns;
/// the longest path has 6 links and 5 switches each way.
constexpr double RTT_3_TIERS_NS = 2 * (100 + 83.56) + 2 * (500 + 83.56) + 2 * (1000 + 83.56)
                                + 5 * 600 + 2 * (100 + 1.72) + 2 * (500 + 1.72) + 2 * (1000 + 1.72)
                                + 5 * 600;

} // namespace

TEST_F(FabricHelperTest, IdleRttOfThreeTiersMatchesTheHandCount)
{
    TopologySpec spec = TopologySpec::FatTree(4);
    ASSERT_EQ(spec.tiers, 3u);
    Time rtt = FabricHelper::IdleRtt(spec, NanoSeconds(600), 4096);
    EXPECT_NEAR(rtt.GetSeconds() * 1e9, RTT_3_TIERS_NS, 0.01);
    EXPECT_NEAR(RTT_3_TIERS_NS, 12911.68, 0.01); // the figure of a 3-tier Colossus fabric
}

TEST_F(FabricHelperTest, EveryRunnerBuildsTheSameFabric)
{
    // Permutation, collective, training and a sweep point on one 3-tier topology: the same
    // base RTT (the topology's, not RdmaNic's 8 us default) and fabric's simulator core.
    TopologySpec spec = TopologySpec::FatTree(4);
    FabricProfile sx = *FabricProfile::FromName("spectrum-x");
    const std::string core = "ns3::fabric::FabricSimulatorImpl";

    TrafficSpec traffic;
    traffic.bytes = 64 * 1024;
    ResultRow perm = RunScenario(spec, sx, traffic);
    EXPECT_NEAR(perm.GetNumber("base_rtt_us") * 1e3, RTT_3_TIERS_NS, 0.01);
    EXPECT_EQ(perm.GetText("simulator_core"), core);

    {
        CollectiveRunner run(spec, sx, 1);
        EXPECT_NEAR(run.GetFabric().baseRtt.GetSeconds() * 1e9, RTT_3_TIERS_NS, 0.01);
        EXPECT_EQ(run.GetFabric().simulatorCore, core);
        TimeValue nicRtt;
        run.GetFabric().nics.back()->GetAttribute("BaseRtt", nicRtt);
        EXPECT_EQ(nicRtt.Get(), run.GetFabric().baseRtt);
    }
    {
        TrainingRunner run(spec, sx, 1);
        EXPECT_NEAR(run.GetFabric().baseRtt.GetSeconds() * 1e9, RTT_3_TIERS_NS, 0.01);
        EXPECT_EQ(run.GetFabric().simulatorCore, core);
    }
    RegisterCollectiveWorkloads();
    ExperimentSpec e;
    e.topology.spec = spec;
    e.profile = "spectrum-x";
    e.workload.type = "collective";
    e.workload.op = "all-reduce";
    e.workload.algo = "ring";
    e.workload.sizes = {256 * 1024};
    ResultRow point = RunExperiment(e, RunOutputs()).at(0);
    EXPECT_NEAR(point.GetNumber("base_rtt_us") * 1e3, RTT_3_TIERS_NS, 0.01);
    EXPECT_EQ(point.GetText("simulator_core"), core);
}

TEST_F(FabricHelperTest, AnExplicitBaseRttDefaultIsKept)
{
    Config::SetDefault("ns3::fabric::RdmaNic::BaseRtt", TimeValue(MicroSeconds(20)));
    auto f = FabricHelper(TopologySpec::FatTree(4), *FabricProfile::FromName("spectrum-x")).Build();
    Config::SetDefault("ns3::fabric::RdmaNic::BaseRtt", TimeValue(MicroSeconds(8)));
    EXPECT_EQ(f->baseRtt, MicroSeconds(20));
}

TEST_F(FabricHelperTest, CongestionControlWithoutItsSwitchSupportIsRejected)
{
    // DCQCN on a fabric whose switches do not mark ECN never slows down: rejected, naming it.
    FabricProfile p = *FabricProfile::FromName("spectrum-x");
    p.congestionControl = "dcqcn";
    auto errors = p.Validate();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("ECN"), std::string::npos) << errors[0];
    EXPECT_THROW(FabricHelper(TopologySpec::FatTree(4), p).Build(), std::invalid_argument);
    p.ecn = true;
    EXPECT_TRUE(p.Validate().empty());

    // The telemetry CC on switches that stamp nothing.
    FabricProfile q = *FabricProfile::FromName("standard");
    q.congestionControl = "telemetry";
    errors = q.Validate();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("telemetry"), std::string::npos) << errors[0];

    for (const auto& name : FabricProfile::Names())
    {
        EXPECT_TRUE(FabricProfile::FromName(name)->Validate().empty()) << name;
    }
}

TEST_F(FabricHelperTest, EveryPointOfTheAblationSweepHasItsCongestionControlsSupport)
{
    SweepSpec sweep
        = ReadSweepFile(std::string(FABRIC_SOURCE_DIR) + "/topologies/sweeps/ablation.yaml");
    ASSERT_EQ(sweep.points.size(), 8u);
    for (const auto& point : sweep.points)
    {
        auto profile = point.spec.Profile();
        ASSERT_TRUE(profile);
        EXPECT_TRUE(profile->Validate().empty()) << profile->Describe();
    }
}

TEST_F(FabricHelperTest, TheDefaultTimeoutIsTheInfinibandLocalAckTimeout)
{
    // IB spec: 4.096 us x 2^n; the default n = 14.
    Ptr<RdmaNic> nic = CreateObject<RdmaNic>();
    EXPECT_EQ(nic->GetRetransmitTimeout(), NanoSeconds(4096LL << 14));
    nic->SetAttribute("LocalAckTimeout", UintegerValue(20)); // NCCL_IB_TIMEOUT default
    EXPECT_NEAR(nic->GetRetransmitTimeout().GetSeconds(), 4.294967296, 1e-12);
    nic->SetAttribute("RetransmitTimeout", TimeValue(MicroSeconds(200)));
    EXPECT_EQ(nic->GetRetransmitTimeout(), MicroSeconds(200));
}

namespace
{

/// A 15:1 incast of 1 MiB each with no congestion control, and a 16th sender that starts at
/// 25 us, when the receiver's port holds about 15 MiB - 25 us x 49 GB/s = 14.5 MiB: its first
/// packet waits ~300 us behind them with no ACK in between. @return the fabric's totals
FabricStats
LateIncast(const std::string& profile, const std::string& routing, Time rto, uint32_t* done)
{
    FabricProfile p = *FabricProfile::FromName(profile);
    p.routing = routing;
    if (rto.IsStrictlyPositive())
    {
        Config::SetDefault("ns3::fabric::RdmaNic::RetransmitTimeout", TimeValue(rto));
    }
    auto f = FabricHelper(TopologySpec::LeafSpine(32, 16, 16), p).Build();
    Config::SetDefault("ns3::fabric::RdmaNic::RetransmitTimeout", TimeValue(Time(0)));
    FlowRunner runner(*f);
    for (uint32_t s = 16; s < 31; ++s)
    {
        runner.AddFlow({s, 0, 1u << 20, Time(0), 0});
    }
    runner.AddFlow({31, 0, 1u << 20, MicroSeconds(25), 0});
    Simulator::Run();
    *done = runner.Summarize().completed;
    FabricStats st = f->CollectStats();
    EXPECT_TRUE(st.Conserved()) << profile << " " << routing;
    Simulator::Destroy();
    return st;
}

} // namespace

TEST_F(FabricHelperTest, TimersFireOnlyOnLoss)
{
    // The scenario does exercise the timer: with the former 100 us default, the late sender
    // times out and sends its data twice although nothing is lost.
    uint32_t done = 0;
    FabricStats old = LateIncast("ideal", "ecmp", MicroSeconds(100), &done);
    EXPECT_EQ(old.switchDrops, 0u);
    EXPECT_GE(old.timeouts, 1u);
    // With every profile and both routings, no frame is dropped, so no timer may fire. (An
    // in-order NIC behind adaptive routing still goes back N on reordering: NAKs, not timers.)
    for (const char* name : {"ideal", "standard", "spectrum-x"})
    {
        for (const char* routing : {"ecmp", "adaptive"})
        {
            FabricStats st = LateIncast(name, routing, Time(0), &done);
            EXPECT_EQ(done, 16u) << name << " " << routing;
            EXPECT_EQ(st.TotalDrops(), 0u) << name << " " << routing;
            EXPECT_EQ(st.timeouts, 0u) << name << " " << routing;
            if (std::string(routing) == "ecmp" || std::string(name) == "spectrum-x")
            {
                EXPECT_EQ(st.retransmittedPackets, 0u) << name << " " << routing;
            }
        }
    }
}

TEST(Conservation, ARunStoppedMidwayAccountsForEveryFrameInFlight)
{
    for (const char* profile : {"standard", "spectrum-x", "ideal"})
    {
        // A 31:1 incast of 256 KiB each beside a shift permutation: queues build at the
        // receiver's leaf (PFC pauses in standard, drops without PFC in ideal).
        auto f = FabricHelper(TopologySpec::LeafSpine(64, 16, 4), *FabricProfile::FromName(profile))
                     .Build();
        FlowRunner runner(*f);
        for (uint32_t s = 1; s < 32; ++s)
        {
            runner.AddFlow({s, 0, 256u << 10, Time(0), 0});
        }
        for (uint32_t s = 32; s < 64; ++s)
        {
            runner.AddFlow({s, (s + 17) % 32 + 32, 256u << 10, Time(0), 0});
        }
        Simulator::Stop(MicroSeconds(12));
        Simulator::Run();
        FabricStats mid = f->CollectStats();
        // In flight is counted where the frames are (queues, cables), not as a difference.
        EXPECT_GT(mid.inFlight, 0u) << profile;
        EXPECT_TRUE(mid.Balanced())
            << profile << ": created " << mid.framesCreated << ", consumed " << mid.framesConsumed
            << ", dropped " << mid.switchDrops << ", in flight " << mid.inFlight;
        EXPECT_FALSE(mid.Conserved()) << profile;
        EXPECT_EQ(mid.Verdict(),
                  "ok, " + std::to_string(mid.inFlight) + " frames in flight at the stop");
        // Run on to the end: everything drains and the books still balance.
        Simulator::Run();
        FabricStats end = f->CollectStats();
        EXPECT_EQ(end.inFlight, 0u) << profile;
        EXPECT_TRUE(end.Conserved()) << profile;
        EXPECT_EQ(end.Verdict(), "ok");
        EXPECT_GT(end.framesCreated, mid.framesCreated);
        Simulator::Destroy();
    }
    // A frame that is nowhere is a violation, whatever the run did.
    FabricStats lost;
    lost.framesCreated = 10;
    lost.framesConsumed = 6;
    lost.inFlight = 3;
    EXPECT_FALSE(lost.Balanced());
    EXPECT_EQ(lost.Verdict(), "VIOLATED");
}
