/*
 * NIC planes: every plane is a full copy of the fabric at its share of the rate, a collective
 * spreads its queue pairs evenly over the planes, and failures name every plane's cables.
 */
#include "config/collective-config.h"
#include "experiment/collective-runner.h"
#include "fabric-test-util.h"
#include "helper/fabric-failures.h"
#include "helper/fabric-helper.h"

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

class PlanesTest : public SimulatorTest
{
};

/// 32 GPUs, 4 leaves of 8, 8 spines, in @p planes NIC planes.
TopologySpec
Spec(uint32_t planes)
{
    TopologySpec s = TopologySpec::LeafSpine(32, 8, 8);
    s.planes = planes;
    return s;
}

} // namespace

TEST_F(PlanesTest, EveryPlaneIsAFullFabricAtItsShareOfTheRate)
{
    auto one = FabricHelper(Spec(1), FabricProfile::Named("standard"), 1).Build();
    Simulator::Destroy();
    auto two = FabricHelper(Spec(2), FabricProfile::Named("standard"), 1).Build();
    ASSERT_EQ(two->NumPlanes(), 2u);
    EXPECT_EQ(two->switches.size(), 2 * one->switches.size());
    EXPECT_EQ(two->links.size(), 2 * one->links.size());
    EXPECT_EQ(two->switchesPerPlane, one->switches.size());
    for (const auto& link : two->links)
    {
        EXPECT_EQ(link.lower->GetRateBps(), 200000000000ULL);
        EXPECT_EQ(link.upper->GetRateBps(), 200000000000ULL);
    }
    for (uint32_t g = 0; g < 32; ++g)
    {
        Ptr<RdmaNic> a = two->planeNics[0][g];
        Ptr<RdmaNic> b = two->planeNics[1][g];
        EXPECT_EQ(a->GetNode(), b->GetNode()) << "both ports belong to GPU " << g;
        EXPECT_EQ(b->GetIpv4Address().Get() - a->GetIpv4Address().Get(), 1u << 24);
    }
    // Plane 1's leaf 0 reaches a GPU of leaf 1 over each of plane 1's 8 spines, and only
    // through plane 1's switches.
    Ptr<FabricSwitch> leaf0 = two->switches[two->switchesPerPlane];
    EXPECT_EQ(CountPaths(leaf0, two->planeNics[1][8]->GetIpv4Address(), two->planeNics[1][8], 1, 3),
              8u);
    // The idle RTT at 200 Gb/s per plane: what a single fabric of 200 Gb/s cables has.
    TopologySpec slow = Spec(1);
    slow.hostLink.rate = slow.leafLink.rate = slow.spineLink.rate = DataRate("200Gbps");
    EXPECT_EQ(FabricHelper::IdleRtt(Spec(2), NanoSeconds(600), 4096),
              FabricHelper::IdleRtt(slow, NanoSeconds(600), 4096));
    EXPECT_EQ(two->baseRtt, FabricHelper::IdleRtt(slow, NanoSeconds(600), 4096));
    // A rate that does not split evenly is refused.
    TopologySpec odd = Spec(3);
    auto errors = odd.Validate();
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors.front().find("not divisible by planes (3)"), std::string::npos);
}

TEST_F(PlanesTest, ACollectiveSpreadsItsPeersEvenlyOverThePlanes)
{
    // 2 servers of 8 GPUs: each GPU sends one message to each of the other server's 8 GPUs
    // and receives one from each: 4 of each on each plane, so each plane port sends and
    // receives exactly half of its GPU's data packets.
    TopologySpec s = TopologySpec::LeafSpine(16, 8, 8);
    s.planes = 2;
    CollectiveRunner runner(s, FabricProfile::Named("spectrum-x"), 1);
    std::string error;
    auto algo = CreateCollectiveAlgorithm("all-to-all", "direct", 1, 0, &error);
    ASSERT_TRUE(algo) << error;
    auto comms = runner.Groups("world", &error);
    CollectiveResult r = runner.Run(algo, comms, 16 << 20);
    ASSERT_TRUE(r.completed);
    const Fabric& f = runner.GetFabric();
    for (uint32_t g = 0; g < 16; ++g)
    {
        uint64_t a = f.planeNics[0][g]->GetCounters().dataPacketsSent;
        uint64_t b = f.planeNics[1][g]->GetCounters().dataPacketsSent;
        EXPECT_GT(a, 0u);
        EXPECT_EQ(a, b) << "GPU " << g;
        // What a port receives is what its leaf port sends it.
        uint64_t ra = f.planeNics[0][g]->GetPeer()->GetCounters().txBytes;
        uint64_t rb = f.planeNics[1][g]->GetPeer()->GetCounters().txBytes;
        EXPECT_NEAR(double(ra), double(rb), 0.01 * double(ra)) << "GPU " << g;
        EXPECT_GT(ra, 4u << 20) << "each port receives its 4 MiB";
    }
    // 8 x 1 MiB per GPU over two 200 Gb/s ports: the ceiling of one 400 Gb/s NIC.
    double ceilingUs = 8.0 * (1 << 20) * 8 / (400e9 * 4096 / 4178) * 1e6;
    EXPECT_NEAR(r.ceilingUs, ceilingUs, 1e-6 * ceilingUs);
    EXPECT_GT(r.CeilingPct(), 0.0);
    EXPECT_TRUE(f.CollectStats().Conserved());
}

TEST_F(PlanesTest, AGpuCableSelectorFailsItsCableOnEveryPlane)
{
    auto f = FabricHelper(Spec(2), FabricProfile::Named("standard"), 1).Build();
    FabricFailures failures(*f, 1);
    EXPECT_EQ(failures.Select("gpu3").size(), 2u);
    EXPECT_EQ(failures.Select("leaf4").size(), 16u); // plane 1's leaf 0: 8 GPUs, 8 spines
    EXPECT_EQ(FabricFailures::CheckSelectors("leaf7", Spec(2)), "");
    EXPECT_NE(FabricFailures::CheckSelectors("leaf8", Spec(2)), "");
    FailureSpec spec;
    spec.links = "gpu3";
    failures.Add(spec);
    auto lines = failures.Unreachable();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1], "gpu3 (its cable is down on plane 1)");
}

TEST_F(PlanesTest, TwoHalfRatePlanesMatchOneFullRateNicWhenThePeersSpreadEvenly)
{
    // Adaptive routing, no congestion control: the 2-server all-to-all is bound by the NICs,
    // and two 200 Gb/s ports with half of the peers each carry it as fast as one 400 Gb/s
    // port (the same ceiling), within 2%.
    FabricProfile profile;
    ASSERT_EQ(FabricProfile::FromVariant("spectrum-x/cc=none", &profile), "");
    std::string error;
    auto algo = CreateCollectiveAlgorithm("all-to-all", "direct", 1, 0, &error);
    ASSERT_TRUE(algo) << error;
    double timeUs[2] = {0, 0};
    for (uint32_t planes : {1u, 2u})
    {
        Simulator::Destroy();
        TopologySpec s = TopologySpec::LeafSpine(16, 8, 8);
        s.planes = planes;
        CollectiveRunner runner(s, profile, 1);
        CollectiveResult r = runner.Run(algo, runner.Groups("world", &error), 16 << 20);
        ASSERT_TRUE(r.completed) << planes << " planes";
        timeUs[planes - 1] = r.timeUs;
        EXPECT_GT(r.CeilingPct(), 90.0) << planes << " planes";
    }
    EXPECT_NEAR(timeUs[1], timeUs[0], 0.02 * timeUs[0]);
}

TEST_F(PlanesTest, SprayingGivesOneConnectionEveryPlane)
{
    // GPU 0 and GPU 8 (two servers) exchange 16 MiB: one connection each way. On its own a
    // queue pair stays on one 200 Gb/s plane, so the exchange takes the wire time at
    // 200 Gb/s; sprayed, each chunk goes half over each plane and it takes the time at
    // 400 Gb/s (the chunk pipeline and the path add a few us either way).
    FabricProfile profile;
    ASSERT_EQ(FabricProfile::FromVariant("spectrum-x/cc=none", &profile), "");
    std::string error;
    auto algo = CreateCollectiveAlgorithm("sendrecv", "", 1, 0, &error);
    ASSERT_TRUE(algo) << error;
    const uint64_t bytes = (16 << 20) + 3; // the last chunk is 3 bytes: parts of 2 and 1
    auto wireUs = [&](double rateBps) {
        return bytes / 4096.0 * 4178 * 8 / rateBps * 1e6;
    };

    struct ResetSpraying
    {
        ~ResetSpraying()
        {
            Config::SetDefault("ns3::fabric::CollectiveEngine::PlaneSpraying", BooleanValue(false));
        }
    } reset;

    double timeUs[2] = {0, 0};
    for (bool spray : {false, true})
    {
        Simulator::Destroy();
        Config::SetDefault("ns3::fabric::CollectiveEngine::PlaneSpraying", BooleanValue(spray));
        TopologySpec s = TopologySpec::LeafSpine(16, 8, 8);
        s.planes = 2;
        CollectiveRunner runner(s, profile, 1);
        CollectiveResult r = runner.Run(algo, {Communicator({0, 8})}, bytes);
        ASSERT_TRUE(r.completed) << "spraying " << spray;
        timeUs[spray] = r.timeUs;
        const Fabric& f = runner.GetFabric();
        uint64_t a = f.planeNics[0][0]->GetCounters().payloadBytesAccepted;
        uint64_t b = f.planeNics[1][0]->GetCounters().payloadBytesAccepted;
        EXPECT_EQ(a + b, bytes);
        if (spray)
        {
            // Every chunk in two halves; the odd byte of the last one goes to plane 0.
            EXPECT_EQ(a, b + 1);
        }
        else
        {
            EXPECT_TRUE(a == 0 || b == 0) << "the queue pair stays on its plane";
        }
        EXPECT_TRUE(f.CollectStats().Conserved());
    }
    EXPECT_NEAR(timeUs[0], wireUs(200e9), 10.0);
    EXPECT_NEAR(timeUs[1], wireUs(400e9), 10.0);
}
