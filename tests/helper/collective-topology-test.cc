/*
 * The Colossus-shaped topology: 8-GPU servers, 64-GPU racks, 512-GPU rail-optimized arrays,
 * spines joining arrays, cores joining pods; counts from one array to the 100k-GPU layout.
 */
#include "fabric-test-util.h"

#include <chrono>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

class ColossusTopologyTest : public SimulatorTest
{
};

TEST_F(ColossusTopologyTest, OneArrayIsEightRailLeavesUnderOneSpineTier)
{
    TopologySpec s = TopologySpec::Colossus(1);
    EXPECT_TRUE(s.Validate().empty());
    EXPECT_EQ(s.gpus, 512u);
    EXPECT_EQ(s.tiers, 2u);
    EXPECT_EQ(s.wiring, Wiring::RAIL);
    EXPECT_EQ(s.NumLeaves(), 8u); // one rail leaf per GPU index
    EXPECT_EQ(s.Spines(), 64u);   // every leaf: 64 down, 64 up (non-blocking, radix 128)
    EXPECT_EQ(s.switchRadix, 128u);
    auto f = FabricBuilder().Build(s);
    EXPECT_EQ(f->NumGpus(), 512u);
    EXPECT_EQ(f->switches.size(), 8u + 64u);
    // GPU i of server k sits on rail leaf i; a rack (8 servers) spans all 8 rail leaves.
    for (uint32_t g = 0; g < 512; ++g)
    {
        EXPECT_EQ(f->gpuLeaf[g], g % 8) << "GPU " << g;
    }
}

TEST_F(ColossusTopologyTest, EightArraysInTwoPodsUseThreeTiers)
{
    // The 4096-GPU benchmark fabric: pods of 4 arrays (32 rail leaves, 64 spines each), the
    // core tier joins the 2 pods.
    TopologySpec s = TopologySpec::Colossus(8, 4);
    ASSERT_TRUE(s.Validate().empty());
    EXPECT_EQ(s.gpus, 4096u);
    EXPECT_EQ(s.tiers, 3u);
    EXPECT_EQ(s.NumLeaves(), 64u);
    EXPECT_EQ(s.NumPods(), 2u);
    EXPECT_EQ(s.Spines(), 64u);
    EXPECT_EQ(s.SpineDownlinks(), 32u);
    EXPECT_EQ(s.SpineUplinks(), 32u); // 1:1
    EXPECT_EQ(s.Cores(), 64u * 32u);
    auto f = FabricBuilder().Build(s);
    EXPECT_EQ(f->switches.size(), 64u + 128u + 2048u);
    // Links: 4096 GPU links + 64 leaves x 64 uplinks + 128 spines x 32 uplinks.
    EXPECT_EQ(f->links.size(), 4096u + 4096u + 4096u);
    // Array a, server k, GPU i: rail leaf 8a + i.
    for (uint32_t g = 0; g < 4096; g += 37)
    {
        uint32_t server = g / 8;
        EXPECT_EQ(f->gpuLeaf[g], (server / 64) * 8 + g % 8);
    }
}

TEST_F(ColossusTopologyTest, TheFullLayoutFitsRadix128)
{
    // ~100k GPUs: 196 arrays (1,568 racks) in 28 pods of 7 arrays; and 200 arrays in 25 pods
    // of 8 (every radix-128 spine full: 64 leaves below, 64 cores above).
    TopologySpec a = TopologySpec::Colossus(196, 7);
    EXPECT_TRUE(a.Validate().empty());
    EXPECT_EQ(a.gpus, 100352u);
    EXPECT_EQ(a.NumLeaves(), 1568u);
    EXPECT_EQ(a.NumPods(), 28u);
    EXPECT_EQ(a.NumSpinesTotal(), 64u * 28u);
    EXPECT_EQ(a.Cores(), 64u * 56u);
    TopologySpec b = TopologySpec::Colossus(200, 8);
    EXPECT_TRUE(b.Validate().empty());
    EXPECT_EQ(b.gpus, 102400u);
    EXPECT_EQ(b.SpineDownlinks() + b.SpineUplinks(), 128u);
    EXPECT_EQ(b.Cores(), 4096u);
    // Arrays must fill whole pods.
    EXPECT_FALSE(TopologySpec::Colossus(196, 8).Validate().empty());
}

TEST_F(ColossusTopologyTest, OversubscriptionRemovesUplinks)
{
    TopologySpec s = TopologySpec::Colossus(4, 2, 2, 2);
    ASSERT_TRUE(s.Validate().empty());
    EXPECT_EQ(s.LeafUplinks(), 32u); // 64 down : 32 up
    EXPECT_EQ(s.Spines(), 32u);
    EXPECT_EQ(s.SpineUplinks(), 8u);                  // 16 down : 8 up
    TopologySpec r = TopologySpec::Colossus(2, 1, 3); // 64 / 3 rounds down: 21 uplinks
    EXPECT_TRUE(r.Validate().empty());
    EXPECT_EQ(r.LeafUplinks(), 21u);
}

TEST_F(ColossusTopologyTest, BuildTimeGrowsLinearlyWithArrays)
{
    // Build 2 and 8 arrays (3 tiers); 4x the GPUs must cost well under 16x the time (a
    // quadratic builder would); generous bounds keep the test robust on a shared machine.
    auto build = [](uint32_t arrays) {
        Simulator::Destroy();
        auto start = std::chrono::steady_clock::now();
        auto f = FabricBuilder().Build(TopologySpec::Colossus(arrays, 1));
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_EQ(f->NumGpus(), arrays * 512);
        return s;
    };
    double small = build(2);
    double large = build(8);
    EXPECT_LT(large, 10 * small + 0.5) << "2 arrays " << small << " s, 8 arrays " << large << " s";
}
