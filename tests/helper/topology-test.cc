/*
 * Topology builder: counts, validation, addresses, and all-pairs reachability through the
 * forwarding tables over every equal-cost path.
 */
#include "fabric-test-util.h"
#include "model/link/fabric-channel.h"

#include <functional>
#include <set>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

/// Every GPU reaches every other, on every equal-cost path; returns paths per pair by leaf
/// relation.
void
CheckAllPairs(const Fabric& f,
              uint32_t maxHops,
              uint64_t pathsSameLeaf,
              uint64_t pathsSamePod,
              uint64_t pathsOther,
              uint32_t leavesPerPod)
{
    for (uint32_t s = 0; s < f.NumGpus(); ++s)
    {
        Ptr<FabricSwitch> leaf = f.switches[f.gpuLeaf[s]];
        for (uint32_t d = 0; d < f.NumGpus(); ++d)
        {
            if (s == d)
            {
                continue;
            }
            uint64_t paths = CountPaths(leaf, f.GetAddress(d), f.nics[d], 1, maxHops);
            uint32_t ls = f.gpuLeaf[s];
            uint32_t ld = f.gpuLeaf[d];
            uint64_t expected = ls == ld                               ? pathsSameLeaf
                              : ls / leavesPerPod == ld / leavesPerPod ? pathsSamePod
                                                                       : pathsOther;
            ASSERT_EQ(paths, expected) << "GPU " << s << " -> GPU " << d;
        }
    }
}

} // namespace

class TopologyTest : public SimulatorTest
{
};

TEST_F(TopologyTest, LeafSpineHasTheExpectedCountsAndAllPairsReachability)
{
    // 64 GPUs, 8 per leaf -> 8 leaves; 4 spines with 2 parallel links from every leaf.
    TopologySpec spec = TopologySpec::LeafSpine(64, 8, 4);
    FabricBuilder b;
    auto f = b.Build(spec);
    EXPECT_EQ(f->NumGpus(), 64u);
    EXPECT_EQ(f->numLeaves, 8u);
    EXPECT_EQ(f->switches.size(), 8u + 4u);
    EXPECT_EQ(f->links.size(), 64u + 8u * 8u);
    // Same leaf: one path. Other leaf: 8 uplinks, each spine has 2 links down -> 8 * 2 = 16.
    CheckAllPairs(*f, 3, 1, 16, 16, 8);
}

TEST_F(TopologyTest, FatTreeK4HasTheExpectedCountsAndAllPairsReachability)
{
    TopologySpec spec = TopologySpec::FatTree(4);
    FabricBuilder b;
    auto f = b.Build(spec);
    // k = 4: 16 GPUs, 8 leaves, 8 pod spines, 4 cores; 16 + 16 + 16 cables.
    EXPECT_EQ(f->NumGpus(), 16u);
    EXPECT_EQ(f->switches.size(), 8u + 8u + 4u);
    EXPECT_EQ(f->links.size(), 48u);
    // Same pod: k/2 = 2 paths; other pod: (k/2)^2 = 4 paths (one per core).
    CheckAllPairs(*f, 5, 1, 2, 4, 2);
}

TEST_F(TopologyTest, RailWiringPutsGpuIOfEveryServerOnRailLeafI)
{
    // 2 groups of 4 servers x 8 GPUs: 16 rail leaves of 4 hosts each.
    TopologySpec spec = TopologySpec::LeafSpine(64, 4, 4);
    spec.wiring = Wiring::RAIL;
    FabricBuilder b;
    auto f = b.Build(spec);
    for (uint32_t g = 0; g < 64; ++g)
    {
        uint32_t server = g / 8;
        EXPECT_EQ(f->gpuLeaf[g], (server / 4) * 8 + g % 8) << "GPU " << g;
    }
    CheckAllPairs(*f, 3, 1, 4, 4, 16);
}

TEST_F(TopologyTest, ThreeTierWithOversubscriptionReachesAllPairs)
{
    // 4 pods x 4 leaves x 8 GPUs; 4 uplinks per leaf (2:1), 4 spines per pod, 2 uplinks each,
    // 4 cores (2 per plane).
    TopologySpec spec;
    spec.tiers = 3;
    spec.gpus = 128;
    spec.hostsPerLeaf = 8;
    spec.leafUplinks = 4;
    spec.spines = 4;
    spec.leavesPerPod = 4;
    spec.spineUplinks = 2;
    spec.cores = 8;
    FabricBuilder b;
    auto f = b.Build(spec);
    EXPECT_EQ(f->switches.size(), 16u + 16u + 8u);
    EXPECT_EQ(f->links.size(), 128u + 64u + 32u);
    // Other pod: 4 spines x 2 cores x 1 link = 8 paths; same pod: 4 spines.
    CheckAllPairs(*f, 5, 1, 4, 8, 4);
}

TEST_F(TopologyTest, AddressesAreUniqueAndLeafBlocksAligned)
{
    TopologySpec spec = TopologySpec::LeafSpine(96, 12, 4);
    spec.gpusPerServer = 4;
    FabricBuilder b;
    auto f = b.Build(spec);
    std::set<uint32_t> seen;
    for (uint32_t g = 0; g < f->NumGpus(); ++g)
    {
        uint32_t a = f->GetAddress(g).Get();
        EXPECT_TRUE(seen.insert(a).second);
        // 12 hosts per leaf -> blocks of 16 addresses.
        EXPECT_EQ((a - 0x0a000000) >> 4, f->gpuLeaf[g]);
    }
    // An unassigned address inside a leaf's block is discarded, not bounced between tiers.
    Ipv4Address unused(0x0a000000 + 13);
    EXPECT_EQ(f->switches[0]->GetForwardingTable().Lookup(unused).size, 0u);
}

TEST_F(TopologyTest, ForwardingTablesStayLinearInLinks)
{
    // No switch holds a route per remote host: entries = down-neighbours (+ own hosts).
    TopologySpec spec = TopologySpec::FatTree(8);
    FabricBuilder b;
    auto f = b.Build(spec);
    for (const auto& sw : f->switches)
    {
        EXPECT_LE(sw->GetForwardingTable().GetNRoutes(), sw->GetNPorts() + 1u);
    }
}

TEST(TopologySpec, RejectsImpossibleShapesWithClearMessages)
{
    auto firstError = [](const TopologySpec& s) {
        auto e = s.Validate();
        return e.empty() ? std::string() : e.front();
    };
    TopologySpec s = TopologySpec::LeafSpine(100, 16, 16);
    EXPECT_NE(firstError(s).find("multiple of hostsPerLeaf"), std::string::npos);
    s = TopologySpec::LeafSpine(16, 16, 16);
    EXPECT_NE(firstError(s).find("at least 2 leaves"), std::string::npos);
    s = TopologySpec::LeafSpine(64, 16, 5);
    EXPECT_NE(firstError(s).find("multiple of spines"), std::string::npos);
    s = TopologySpec::LeafSpine(64, 16, 16);
    s.hostLink.rate = DataRate(0);
    EXPECT_NE(firstError(s).find("rate must be > 0"), std::string::npos);
    s = TopologySpec::LeafSpine(64, 16, 16);
    s.switchRadix = 24;
    EXPECT_NE(firstError(s).find("radix"), std::string::npos);
    s = TopologySpec::LeafSpine(96, 12, 12);
    EXPECT_NE(firstError(s).find("whole servers"), std::string::npos);
    EXPECT_TRUE(TopologySpec::FatTree(16).Validate().empty());

    FabricBuilder b;
    EXPECT_THROW(b.Build(TopologySpec::LeafSpine(100, 16, 16)), TopologyError);
}
