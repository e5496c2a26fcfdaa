/*
 * The optional host NIC per server (TopologySpec::hostNic) and its front-end network: counts,
 * addresses, reachability, isolation from the GPU fabric, single-flow goodput, packet
 * conservation over both networks, the 3-tier front end beyond the switch radix (Colossus
 * phase 1), and bad input.
 */
#include "config/yaml-error.h"
#include "config/yaml-experiment.h"
#include "config/yaml-topology.h"
#include "fabric-test-util.h"

#include <chrono>
#include <set>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

/// A 2-tier, ToR-wired fabric of @p gpus GPUs (8-GPU servers, 8 per leaf, 8 spines) with a
/// host NIC per server under front-end leaves of @p serversPerLeaf.
TopologySpec
WithHostNics(uint32_t gpus, uint32_t serversPerLeaf, uint32_t frontEndSpines = 0)
{
    TopologySpec s = TopologySpec::LeafSpine(gpus, 8, 8);
    s.hostNic = true;
    s.frontEndServersPerLeaf = serversPerLeaf;
    s.frontEndSpines = frontEndSpines;
    return s;
}

/// A k = 8 fat tree (radix 8: 128 GPUs, 32 leaves, 32 spines, 16 cores) of
/// @p gpusPerServer-GPU servers, with a host NIC per server under front-end leaves of
/// @p serversPerLeaf and @p frontEndSpines spines (0: serversPerLeaf), all within radix 8.
TopologySpec
RadixEight(uint32_t gpusPerServer, uint32_t serversPerLeaf, uint32_t frontEndSpines = 0)
{
    TopologySpec s = TopologySpec::FatTree(8);
    s.gpusPerServer = gpusPerServer;
    s.switchRadix = 8;
    s.hostNic = true;
    s.frontEndServersPerLeaf = serversPerLeaf;
    s.frontEndSpines = frontEndSpines;
    return s;
}

/// @return the front-end switches of @p tier (0: leaves, 1: spines, 2: cores)
std::vector<Ptr<FabricSwitch>>
FrontEndTier(const Fabric& f, uint8_t tier)
{
    std::vector<Ptr<FabricSwitch>> out;
    for (const auto& sw : f.frontEndSwitches)
    {
        if (sw->GetTier() == tier)
        {
            out.push_back(sw);
        }
    }
    return out;
}

/// @return sum over the switches' ports of the frames they received
uint64_t
ReceivedFrames(const std::vector<Ptr<FabricSwitch>>& switches)
{
    uint64_t n = 0;
    for (const auto& sw : switches)
    {
        for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
        {
            n += sw->GetPort(p)->GetCounters().rxPackets;
        }
    }
    return n;
}

/// @return sum of the switches' forwarded frames
uint64_t
ForwardedFrames(const std::vector<Ptr<FabricSwitch>>& switches)
{
    uint64_t n = 0;
    for (const auto& sw : switches)
    {
        n += sw->GetCounters().forwarded;
    }
    return n;
}

/// @return sum of the NICs' created frames
uint64_t
CreatedFrames(const std::vector<Ptr<RdmaNic>>& nics)
{
    uint64_t n = 0;
    for (const auto& nic : nics)
    {
        n += nic->GetCounters().framesCreated;
    }
    return n;
}

} // namespace

class HostNicTest : public SimulatorTest
{
};

TEST_F(HostNicTest, CountsFollowTheSpecAndLeaveTheGpuFabricUnchanged)
{
    struct Case
    {
        const char* name;
        TopologySpec spec;
        uint32_t servers;    //!< gpus / gpusPerServer
        uint32_t feLeaves;   //!< ceil(servers / serversPerLeaf)
        uint32_t feSpines;   //!< frontEndSpines, or serversPerLeaf; 0 with one leaf
        uint32_t hostsFirst; //!< host NICs on front-end leaf 0
    };

    std::vector<Case> cases = {
        // 8 servers fit under one front-end leaf of 8: no spines.
        {"one leaf", WithHostNics(64, 8), 8, 1, 0, 8},
        // 16 servers, 4 per leaf: 4 leaves, 4 spines (1:1).
        {"1:1", WithHostNics(128, 4), 16, 4, 4, 4},
        // 10 servers, 4 per leaf: ceil(10 / 4) = 3 leaves (the last holds 2), 4 spines.
        {"partial last leaf", WithHostNics(80, 4), 10, 3, 4, 4},
        // 16 servers, 8 per leaf, 2 spines (4:1 oversubscribed).
        {"2 spines", WithHostNics(128, 8, 2), 16, 2, 2, 8},
        // 64 servers under one leaf that could hold 100: the leaf has 64 host ports.
        {"big leaf", WithHostNics(512, 100), 64, 1, 0, 64},
        // Colossus(1): 64 servers, one front-end leaf per 8-server rack, 8 spines.
        {"Colossus(1)", TopologySpec::Colossus(1, 8, 1, 1, true), 64, 8, 8, 8},
        // Colossus(2): 128 servers, 16 front-end leaves, 8 spines.
        {"Colossus(2)", TopologySpec::Colossus(2, 8, 1, 1, true), 128, 16, 8, 8},
    };
    cases[1].spec.frontEndLink.rate = DataRate("200Gbps"); // the host NIC takes this rate
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.name);
        TopologySpec off = c.spec;
        off.hostNic = false;
        FabricBuilder builder;
        auto without = builder.Build(off);
        auto with = builder.Build(c.spec);

        EXPECT_TRUE(without->hostNics.empty());
        EXPECT_TRUE(without->frontEndSwitches.empty());
        EXPECT_TRUE(without->frontEndLinks.empty());
        EXPECT_EQ(with->NumHostNics(), c.servers);
        EXPECT_EQ(with->hostNodes.GetN(), c.servers);
        EXPECT_EQ(with->numFrontEndLeaves, c.feLeaves);
        EXPECT_EQ(with->frontEndSwitches.size(), c.feLeaves + c.feSpines);
        // A cable per host NIC, and one from every front-end leaf to every front-end spine.
        EXPECT_EQ(with->frontEndLinks.size(), c.servers + c.feLeaves * c.feSpines);
        EXPECT_EQ(with->frontEndSwitches[0]->GetNPorts(), c.hostsFirst + c.feSpines);

        // The GPU fabric is the same: counts, and every GPU NIC's address.
        EXPECT_EQ(with->NumGpus(), without->NumGpus());
        EXPECT_EQ(with->switches.size(), without->switches.size());
        EXPECT_EQ(with->links.size(), without->links.size());
        EXPECT_EQ(with->numLeaves, without->numLeaves);
        std::set<uint32_t> addresses;
        for (uint32_t g = 0; g < with->NumGpus(); ++g)
        {
            EXPECT_EQ(with->GetAddress(g), without->GetAddress(g));
            addresses.insert(with->GetAddress(g).Get());
        }
        // Host NICs: distinct addresses outside the GPU range, at the front-end link's rate.
        for (uint32_t s = 0; s < c.servers; ++s)
        {
            Ptr<RdmaNic> nic = with->GetHostNic(s);
            EXPECT_TRUE(addresses.insert(nic->GetIpv4Address().Get()).second)
                << "server " << s << " address " << nic->GetIpv4Address();
            EXPECT_EQ(nic->GetDataRate(), c.spec.frontEndLink.rate);
        }
        if (c.spec.switchRadix > 0)
        {
            for (const auto& sw : with->frontEndSwitches)
            {
                EXPECT_LE(sw->GetNPorts(), c.spec.switchRadix);
            }
        }
        without.reset();
        with.reset();
        Simulator::Destroy();
    }
}

TEST_F(HostNicTest, Array512FileBuildsItsFrontEndWhenSwitchedOn)
{
    // topologies/array-512.yaml carries the front-end keys switched off; switched on, the 64
    // servers get 64 host NICs under 64 / 8 = 8 front-end leaves and 8 front-end spines.
    TopologyConfig t
        = ReadTopologyFile(std::string(FABRIC_SOURCE_DIR) + "/topologies/array-512.yaml");
    EXPECT_FALSE(t.spec.hostNic);
    EXPECT_EQ(WriteTopologyYaml(t).find("hostNic"), std::string::npos)
        << "default values are not written: experiment ids do not change";
    t.spec.hostNic = true;
    auto f = FabricBuilder().Build(t.spec);
    EXPECT_EQ(f->NumHostNics(), 64u);
    EXPECT_EQ(f->numFrontEndLeaves, 8u);
    EXPECT_EQ(f->frontEndSwitches.size(), 16u);
    EXPECT_EQ(f->switches.size(), 8u + 64u);
}

TEST_F(HostNicTest, FrontEndIsCabledOnlyToItself)
{
    auto f = FabricBuilder().Build(WithHostNics(64, 2)); // 8 servers, 4 leaves, 2 spines
    std::set<uint32_t> frontEnd;
    for (const auto& sw : f->frontEndSwitches)
    {
        frontEnd.insert(sw->GetId());
    }
    for (uint32_t s = 0; s < f->NumHostNics(); ++s)
    {
        frontEnd.insert(f->hostNodes.Get(s)->GetId());
    }
    for (const auto& sw : f->frontEndSwitches)
    {
        for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
        {
            Ptr<FabricNetDevice> peer = sw->GetPort(p)->GetPeer();
            ASSERT_TRUE(peer) << "every front-end port is cabled";
            EXPECT_EQ(frontEnd.count(peer->GetNode()->GetId()), 1u);
        }
    }
    for (const auto& sw : f->switches)
    {
        for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
        {
            Ptr<FabricNetDevice> peer = sw->GetPort(p)->GetPeer();
            ASSERT_TRUE(peer);
            EXPECT_EQ(frontEnd.count(peer->GetNode()->GetId()), 0u);
        }
    }
}

TEST_F(HostNicTest, EveryHostNicReachesEveryOtherAndGpusStayOff)
{
    // 64 GPUs = 8 servers; front-end leaves of 2 servers: 4 leaves, 2 spines. Every ordered
    // pair of host NICs exchanges a message (48 of the 56 pairs cross front-end leaves).
    auto f = FabricBuilder().Build(WithHostNics(64, 2));
    FlowRunner runner(*f);
    const uint32_t servers = f->NumHostNics();
    ASSERT_EQ(servers, 8u);
    for (uint32_t s = 0; s < servers; ++s)
    {
        for (uint32_t d = 0; d < servers; ++d)
        {
            if (s != d)
            {
                runner.AddHostFlow({s, d, 64 * 1024, Time(0), 0});
            }
        }
    }
    Simulator::Run();
    for (const auto& r : runner.GetRecords())
    {
        EXPECT_TRUE(r.hostNic);
        EXPECT_FALSE(r.finish.IsNegative()) << r.flow.src << " -> " << r.flow.dst;
        EXPECT_FALSE(r.acked.IsNegative()) << r.flow.src << " -> " << r.flow.dst;
    }
    EXPECT_EQ(runner.Summarize().completed, servers * (servers - 1));

    // Isolation: the GPU fabric saw nothing, the front end carried it all.
    EXPECT_EQ(ForwardedFrames(f->switches), 0u);
    EXPECT_EQ(ReceivedFrames(f->switches), 0u);
    EXPECT_EQ(CreatedFrames(f->nics), 0u);
    EXPECT_GT(ForwardedFrames(f->frontEndSwitches), 0u);
    // Cross-leaf flows went through the front-end spines.
    std::vector<Ptr<FabricSwitch>> feSpines(f->frontEndSwitches.begin() + f->numFrontEndLeaves,
                                            f->frontEndSwitches.end());
    EXPECT_GT(ForwardedFrames(feSpines), 0u);
    FabricStats st = f->CollectStats();
    EXPECT_EQ(st.switchDrops, 0u);
    EXPECT_EQ(st.framesCreated, CreatedFrames(f->hostNics));
    ExpectConserved(*f);
}

TEST_F(HostNicTest, GpuTrafficLeavesTheFrontEndIdle)
{
    // A cross-leaf permutation of the GPUs (every GPU sends to a GPU on another leaf).
    auto f = FabricBuilder().Build(WithHostNics(64, 2));
    FlowRunner runner(*f);
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    std::vector<uint32_t> dst = FlowRunner::CrossLeafPermutation(*f, rng);
    for (uint32_t g = 0; g < f->NumGpus(); ++g)
    {
        runner.AddFlow({g, dst[g], 64 * 1024, Time(0), 0});
    }
    Simulator::Run();
    EXPECT_EQ(runner.Summarize().completed, f->NumGpus());
    EXPECT_GT(ForwardedFrames(f->switches), 0u);
    EXPECT_EQ(ForwardedFrames(f->frontEndSwitches), 0u);
    EXPECT_EQ(ReceivedFrames(f->frontEndSwitches), 0u);
    EXPECT_EQ(CreatedFrames(f->hostNics), 0u);
    ExpectConserved(*f);
}

TEST_F(HostNicTest, OneHostFlowOnAnIdlePathReachesTheGoodputCeiling)
{
    // Mirrors TransportTest.OneFlowOnAnIdlePathReachesTheGoodputCeiling on the front end:
    // 16 GPUs = 2 servers, one server per front-end leaf, so the flow crosses
    // leaf -> spine -> leaf.
    auto f = FabricBuilder().Build(WithHostNics(16, 1));
    ASSERT_EQ(f->numFrontEndLeaves, 2u);
    ASSERT_EQ(f->frontEndSwitches.size(), 3u);
    FlowRunner runner(*f);
    const uint64_t bytes = 64ull << 20; // long enough that path latency is < 0.2% of the FCT
    runner.AddHostFlow({0, 1, bytes, Time(0), 0});
    Simulator::Run();
    const FlowRecord& r = runner.GetRecords()[0];
    ASSERT_FALSE(r.finish.IsNegative());
    double goodput = bytes * 8.0 / r.Fct().GetSeconds() / LINE_RATE_BPS;
    RecordProperty("goodput_pct", std::to_string(100.0 * goodput));
    // Theory: 4096 / 4178 = 98.04% at best; the path latency costs a little.
    EXPECT_GE(goodput, 0.975);
    EXPECT_LE(goodput, MAX_GOODPUT);
    double ideal = (bytes / 4096.0) * 4178 * 8 / LINE_RATE_BPS;
    EXPECT_NEAR(r.Fct().GetSeconds(), ideal, 10e-6);
    // The summary measures host flows against the front-end link rate.
    EXPECT_NEAR(runner.Summarize().meanFlowGoodputPct, 100.0 * goodput, 1e-9);
    EXPECT_EQ(f->CollectStats().retransmittedPackets, 0u);
    EXPECT_EQ(ForwardedFrames(f->switches), 0u);
    ExpectConserved(*f);
}

TEST_F(HostNicTest, ConservationCountsFrontEndDropsWithBothNetworksBusy)
{
    // Small switch buffers and no PFC: a 6-to-1 incast of host NICs overflows the front-end
    // leaf above the receiver while the GPUs run a permutation on the back end. In-order NICs
    // recover by go-back-N. Every frame ends delivered or dropped with a reason.
    FabricBuilder b;
    b.SetSwitchAttribute("BufferSize", QueueSizeValue(QueueSize("64KiB")));
    auto f = b.Build(WithHostNics(64, 2));
    FlowRunner runner(*f);
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    std::vector<uint32_t> dst = FlowRunner::CrossLeafPermutation(*f, rng);
    for (uint32_t g = 0; g < f->NumGpus(); ++g)
    {
        runner.AddFlow({g, dst[g], 32 * 1024, Time(0), 0});
    }
    for (uint32_t s = 2; s < f->NumHostNics(); ++s)
    {
        runner.AddHostFlow({s, 0, 512 * 1024, Time(0), 0});
    }
    Simulator::Run();
    EXPECT_EQ(runner.Summarize().completed, runner.GetRecords().size());

    FabricStats st = f->CollectStats();
    uint64_t frontEndDrops = 0;
    for (const auto& sw : f->frontEndSwitches)
    {
        for (uint64_t d : sw->GetCounters().drops)
        {
            frontEndDrops += d;
        }
    }
    EXPECT_GT(frontEndDrops, 0u) << "the incast overflows a 64 KiB buffer";
    uint64_t byReason = 0;
    for (const auto& [reason, n] : st.dropsByReason)
    {
        byReason += n;
    }
    EXPECT_EQ(byReason, st.TotalDrops());
    EXPECT_GE(st.switchDrops, frontEndDrops);
    EXPECT_GT(CreatedFrames(f->hostNics), 0u);
    EXPECT_GT(CreatedFrames(f->nics), 0u);
    EXPECT_EQ(st.framesCreated, CreatedFrames(f->nics) + CreatedFrames(f->hostNics))
        << "no PFC frames: every frame came from a NIC";
    ExpectConserved(*f);
}

TEST_F(HostNicTest, ThreeTierFrontEndCountsFollowTheRadix)
{
    // Radix 8: a 2-tier front-end spine holds 8 front-end leaves; beyond that, pods of
    // 8 / 2 = 4 leaves under their own spines, each spine 4 down and 4 up (1:1), and one
    // plane of 4 cores per spine of a pod, every core one port per pod.
    struct Case
    {
        const char* name;
        TopologySpec spec;
        uint32_t servers;       //!< 128 GPUs / gpusPerServer
        uint32_t tiers;         //!< 3 when the front-end leaves exceed the radix 8
        uint32_t leaves;        //!< ceil(servers / serversPerLeaf)
        uint32_t pods;          //!< ceil(leaves / 4) with 3 tiers, else 1
        uint32_t spinesPerPod;  //!< frontEndSpines, or serversPerLeaf
        uint32_t cores;         //!< spinesPerPod * 4 with 3 tiers, else 0
        uint32_t lastPodLeaves; //!< front-end leaves in the last pod
    };

    const std::vector<Case> cases = {
        // 32 servers / 4 = 8 leaves = the radix: still 2 tiers, 4 spines of 8 ports.
        {"8 leaves", RadixEight(4, 4), 32, 2, 8, 1, 4, 0, 8},
        // 64 servers / 4 = 16 leaves: 4 pods of 4, 4 x 4 = 16 spines, 4 x 4 = 16 cores.
        {"16 leaves", RadixEight(2, 4), 64, 3, 16, 4, 4, 16, 4},
        // 128 servers / 4 = 32 leaves: 8 pods (cores full: 8 ports), 32 spines, 16 cores.
        {"32 leaves", RadixEight(1, 4), 128, 3, 32, 8, 4, 16, 4},
        // 128 servers / 5 = 26 leaves (the last holds 3), 3 spines each: 7 pods (the last
        // holds 26 - 24 = 2 leaves), 21 spines, 3 x 4 = 12 cores of 7 ports.
        {"partial pod", RadixEight(1, 5, 3), 128, 3, 26, 7, 3, 12, 2},
    };
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.name);
        const uint32_t spineUp = c.tiers == 3 ? 4 : 0;
        EXPECT_TRUE(c.spec.Validate().empty());
        EXPECT_EQ(c.spec.FrontEndTiers(), c.tiers);
        EXPECT_EQ(c.spec.NumFrontEndPods(), c.pods);
        EXPECT_EQ(c.spec.NumFrontEndSpinesTotal(), c.pods * c.spinesPerPod);
        EXPECT_EQ(c.spec.NumFrontEndCores(), c.cores);
        TopologySpec off = c.spec;
        off.hostNic = false;
        FabricBuilder builder;
        auto without = builder.Build(off);
        auto f = builder.Build(c.spec);

        EXPECT_EQ(f->NumHostNics(), c.servers);
        EXPECT_EQ(f->numFrontEndLeaves, c.leaves);
        EXPECT_EQ(FrontEndTier(*f, 0).size(), c.leaves);
        EXPECT_EQ(FrontEndTier(*f, 1).size(), c.pods * c.spinesPerPod);
        EXPECT_EQ(FrontEndTier(*f, 2).size(), c.cores);
        EXPECT_EQ(f->frontEndSwitches.size(), c.leaves + c.pods * c.spinesPerPod + c.cores);
        // A cable per host NIC, per front-end leaf and spine of its pod, per pod spine and core
        // of its plane.
        EXPECT_EQ(f->frontEndLinks.size(),
                  c.servers + c.leaves * c.spinesPerPod + c.pods * c.spinesPerPod * spineUp);
        // Ports: every switch within the radix, every spine and core port cabled (only a
        // partial last leaf has free host ports); cores one port per pod.
        uint64_t cabled = 0;
        for (const auto& sw : f->frontEndSwitches)
        {
            EXPECT_LE(sw->GetNPorts(), 8u);
            for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
            {
                if (sw->GetPort(p)->GetPeer())
                {
                    cabled++;
                }
                else
                {
                    EXPECT_EQ(sw->GetTier(), 0u) << "switch " << sw->GetId() << " port " << p;
                }
            }
            // Leaves hold a route per host NIC, the others one per down-neighbour.
            EXPECT_LE(sw->GetForwardingTable().GetNRoutes(), sw->GetNPorts() + 1u);
        }
        EXPECT_EQ(cabled, 2 * f->frontEndLinks.size() - c.servers); // a host NIC is no switch
        for (const auto& core : FrontEndTier(*f, 2))
        {
            EXPECT_EQ(core->GetNPorts(), c.pods);
        }
        EXPECT_EQ(FrontEndTier(*f, 1).back()->GetNPorts(), c.lastPodLeaves + spineUp);

        // Every host NIC reaches every other on every equal-cost path: 1 under the same leaf,
        // one per pod spine in the same pod, one per pod spine and core of its plane across
        // pods.
        const uint32_t perPod = c.tiers == 3 ? 4 : c.leaves;
        const uint32_t perLeaf = c.spec.FrontEndHostsPerLeaf();
        for (uint32_t s = 0; s < c.servers; ++s)
        {
            Ptr<FabricSwitch> leaf = f->frontEndSwitches[s / perLeaf];
            for (uint32_t d = 0; d < c.servers; ++d)
            {
                if (s == d)
                {
                    continue;
                }
                uint32_t ls = s / perLeaf;
                uint32_t ld = d / perLeaf;
                uint64_t expected = ls == ld                   ? 1
                                  : ls / perPod == ld / perPod ? c.spinesPerPod
                                                               : c.spinesPerPod * spineUp;
                Ptr<RdmaNic> dst = f->GetHostNic(d);
                ASSERT_EQ(CountPaths(leaf, dst->GetIpv4Address(), dst, 1, 2 * c.tiers - 1),
                          expected)
                    << "server " << s << " -> server " << d;
            }
        }

        // The GPU fabric is the same with or without the front end.
        EXPECT_EQ(f->switches.size(), without->switches.size());
        EXPECT_EQ(f->links.size(), without->links.size());
        for (uint32_t g = 0; g < f->NumGpus(); ++g)
        {
            EXPECT_EQ(f->GetAddress(g), without->GetAddress(g));
        }
        without.reset();
        f.reset();
        Simulator::Destroy();
    }
}

TEST_F(HostNicTest, HostNicsReachAcrossFrontEndPodsAndGpusStayOff)
{
    // 128 servers, 4 per front-end leaf, radix 8: 8 pods of 4 leaves (16 servers each).
    // Server 0 sends to a server under its own leaf, to one under another leaf of pod 0, and
    // to the first server of every other pod; the last server (pod 7) answers server 0, and
    // pod 1 sends to pod 2.
    auto f = FabricBuilder().Build(RadixEight(1, 4));
    ASSERT_EQ(f->spec.FrontEndTiers(), 3u);
    ASSERT_EQ(f->spec.NumFrontEndPods(), 8u);
    FlowRunner runner(*f);
    std::vector<std::pair<uint32_t, uint32_t>> pairs = {{0, 1}, {0, 15}, {127, 0}, {16, 47}};
    for (uint32_t pod = 1; pod < 8; ++pod)
    {
        pairs.push_back({0, 16 * pod});
    }
    for (const auto& [src, dst] : pairs)
    {
        runner.AddHostFlow({src, dst, 64 * 1024, Time(0), 0});
    }
    Simulator::Run();
    for (const auto& r : runner.GetRecords())
    {
        EXPECT_TRUE(r.hostNic);
        EXPECT_FALSE(r.finish.IsNegative()) << r.flow.src << " -> " << r.flow.dst;
    }
    EXPECT_EQ(runner.Summarize().completed, pairs.size());
    // Cross-pod flows crossed the cores; the back end saw nothing.
    EXPECT_GT(ForwardedFrames(FrontEndTier(*f, 2)), 0u);
    EXPECT_EQ(ForwardedFrames(f->switches), 0u);
    EXPECT_EQ(ReceivedFrames(f->switches), 0u);
    EXPECT_EQ(CreatedFrames(f->nics), 0u);
    FabricStats st = f->CollectStats();
    EXPECT_EQ(st.switchDrops, 0u);
    EXPECT_EQ(st.framesCreated, CreatedFrames(f->hostNics));
    ExpectConserved(*f);
}

TEST_F(HostNicTest, HostTrafficWithinAFrontEndPodStaysBelowTheCores)
{
    // Up-down routing goes no higher than needed: pod 0's servers (0 .. 15) exchange messages
    // across its 4 leaves; the pod spines carry them, the cores and other pods see nothing.
    auto f = FabricBuilder().Build(RadixEight(1, 4));
    FlowRunner runner(*f);
    for (uint32_t s = 0; s < 16; ++s)
    {
        runner.AddHostFlow({s, (s + 5) % 16, 64 * 1024, Time(0), 0});
    }
    Simulator::Run();
    EXPECT_EQ(runner.Summarize().completed, 16u);
    EXPECT_GT(ForwardedFrames(FrontEndTier(*f, 1)), 0u);
    EXPECT_EQ(ReceivedFrames(FrontEndTier(*f, 2)), 0u);
    std::vector<Ptr<FabricSwitch>> otherPods(f->frontEndSwitches.begin() + 4,
                                             f->frontEndSwitches.begin() + f->numFrontEndLeaves);
    EXPECT_EQ(ReceivedFrames(otherPods), 0u);
    ExpectConserved(*f);
}

TEST_F(HostNicTest, ColossusPhaseOneBuildsWithAThreeTierFrontEnd)
{
    // Colossus(192): 192 arrays x 64 servers = 12,288 servers, one front-end leaf per 8-server
    // rack = 1,536 leaves > radix 128: pods of 64 leaves -> 24 pods, 8 spines each (192), each
    // spine 64 down + 64 up, 8 planes x 64 = 512 cores of 24 ports.
    TopologySpec spec = TopologySpec::Colossus(192, 8, 1, 1, true);
    ASSERT_TRUE(spec.Validate().empty());
    EXPECT_EQ(spec.FrontEndTiers(), 3u);
    EXPECT_EQ(spec.NumFrontEndLeaves(), 1536u);
    EXPECT_EQ(spec.FrontEndLeavesPerPod(), 64u);
    EXPECT_EQ(spec.NumFrontEndPods(), 24u);
    EXPECT_EQ(spec.NumFrontEndSpinesTotal(), 192u);
    EXPECT_EQ(spec.NumFrontEndCores(), 512u);

    auto start = std::chrono::steady_clock::now();
    auto f = FabricBuilder().Build(spec);
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    RecordProperty("build_s", std::to_string(seconds));
    RecordProperty("front_end_switches", std::to_string(f->frontEndSwitches.size()));
    EXPECT_EQ(f->NumGpus(), 98304u);
    // The back end as without the front end: 1,536 leaves, 24 x 64 spines, 64 x 64 cores.
    EXPECT_EQ(f->switches.size(), 1536u + 1536u + 4096u);
    EXPECT_EQ(f->NumHostNics(), 12288u);
    EXPECT_EQ(f->frontEndSwitches.size(), 1536u + 192u + 512u);
    EXPECT_EQ(FrontEndTier(*f, 2).size(), 512u);
    // 12,288 host cables, 1,536 x 8 leaf-spine, 192 x 64 spine-core.
    EXPECT_EQ(f->frontEndLinks.size(), 3u * 12288u);
    for (const auto& sw : f->frontEndSwitches)
    {
        ASSERT_LE(sw->GetNPorts(), 128u);
    }
    // A message from the first server's host NIC to the last one's, across pods 0 and 23.
    FlowRunner runner(*f);
    runner.AddHostFlow({0, 12287, 64 * 1024, Time(0), 0});
    Simulator::Run();
    EXPECT_EQ(runner.Summarize().completed, 1u);
    EXPECT_GT(ForwardedFrames(FrontEndTier(*f, 2)), 0u);
    ExpectConserved(*f);
}

TEST(HostNicSpec, ValidateRejectsImpossibleFrontEnds)
{
    auto joined = [](const std::vector<std::string>& v) {
        std::string all;
        for (const auto& e : v)
        {
            all += e + "\n";
        }
        return all;
    };
    TopologySpec ok = WithHostNics(64, 8);
    EXPECT_TRUE(ok.Validate().empty()) << joined(ok.Validate());

    TopologySpec zeroRate = ok;
    zeroRate.frontEndLink.rate = DataRate(0);
    EXPECT_NE(joined(zeroRate.Validate()).find("frontEndLink rate"), std::string::npos)
        << joined(zeroRate.Validate());

    TopologySpec zeroLeaf = ok;
    zeroLeaf.frontEndServersPerLeaf = 0;
    EXPECT_NE(joined(zeroLeaf.Validate()).find("frontEndServersPerLeaf must be > 0"),
              std::string::npos)
        << joined(zeroLeaf.Validate());
    EXPECT_THROW(FabricBuilder().Build(zeroLeaf), TopologyError);

    TopologySpec negative = ok;
    negative.frontEndLink.delay = NanoSeconds(-1);
    EXPECT_NE(joined(negative.Validate()).find("frontEndLink delay"), std::string::npos);

    // Without hostNic the front-end fields are not used, so they are not checked.
    TopologySpec unused = zeroLeaf;
    unused.hostNic = false;
    unused.frontEndLink.rate = DataRate(0);
    EXPECT_TRUE(unused.Validate().empty()) << joined(unused.Validate());

    // Beyond the radix the front end has 3 tiers, and a front-end core has a port per pod of
    // radix / 2 front-end leaves: 128 servers one per leaf at radix 8 make 128 / 4 = 32 pods.
    TopologySpec cores = RadixEight(1, 1, 1);
    EXPECT_NE(joined(cores.Validate())
                  .find("a front-end core needs 32 ports (one per front-end pod of 4 front-end "
                        "leaves), more than the switch radix 8"),
              std::string::npos)
        << joined(cores.Validate());
    EXPECT_THROW(FabricBuilder().Build(cores), TopologyError);
    // 100 servers per leaf (+ 100 spines) do not fit a radix-128 front-end leaf.
    TopologySpec wide = TopologySpec::Colossus(2, 8, 1, 1, true);
    wide.frontEndServersPerLeaf = 100;
    EXPECT_NE(joined(wide.Validate()).find("a front-end leaf needs 200 ports"), std::string::npos)
        << joined(wide.Validate());
}

TEST(HostNicYaml, KeysReadWriteAndRoundTrip)
{
    const std::string base = "gpus: 64\nhostsPerLeaf: 8\n";
    TopologyConfig t = ReadTopologyText(base
                                            + "hostNic: true\n"
                                              "frontEndServersPerLeaf: 2\n"
                                              "frontEndSpines: 1\n"
                                              "frontEndLink: {rate: 200Gbps, delay: 300ns}\n",
                                        "fe.yaml");
    EXPECT_TRUE(t.spec.hostNic);
    EXPECT_EQ(t.spec.frontEndServersPerLeaf, 2u);
    EXPECT_EQ(t.spec.frontEndSpines, 1u);
    EXPECT_EQ(t.spec.frontEndLink.rate, DataRate("200Gbps"));
    EXPECT_EQ(t.spec.frontEndLink.delay, NanoSeconds(300));
    std::string written = WriteTopologyYaml(t);
    EXPECT_TRUE(SameTopology(t, ReadTopologyText(written, "again.yaml"))) << written;

    // Off by default, and a file without the keys writes none of them.
    TopologyConfig plain = ReadTopologyText(base, "plain.yaml");
    EXPECT_FALSE(plain.spec.hostNic);
    EXPECT_EQ(WriteTopologyYaml(plain).find("frontEnd"), std::string::npos);
    EXPECT_EQ(WriteTopologyYaml(plain).find("hostNic"), std::string::npos);
}

TEST(HostNicYaml, BadKeysAndValuesAreReported)
{
    const std::string base = "gpus: 64\nhostsPerLeaf: 8\n";
    auto error = [&](const std::string& extra) {
        try
        {
            ReadTopologyText(base + extra, "bad.yaml");
        }
        catch (const SpecError& e)
        {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error("hostNIC: true\n").find("did you mean 'hostNic'?"), std::string::npos)
        << error("hostNIC: true\n");
    std::string typo = error("hostNic: true\nfrontEndServerPerLeaf: 4\n");
    EXPECT_NE(typo.find("bad.yaml:4:1"), std::string::npos) << typo;
    EXPECT_NE(typo.find("did you mean 'frontEndServersPerLeaf'?"), std::string::npos) << typo;
    std::string zero = error("hostNic: true\nfrontEndServersPerLeaf: 0\n");
    EXPECT_NE(zero.find("bad.yaml:4:"), std::string::npos) << zero;
    std::string rate = error("hostNic: true\nfrontEndLink: {rate: 0Gbps}\n");
    EXPECT_NE(rate.find("frontEndLink.rate"), std::string::npos) << rate;
    std::string word = error("hostNic: sometimes\n");
    EXPECT_NE(word.find("bad.yaml:3:"), std::string::npos) << word;
}
