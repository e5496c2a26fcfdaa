/*
 * Collectives simulated on the fabric: completion times against the alpha-beta model,
 * bytes moved per rank, rank counts that are not powers of two, NVLink inside a server, and
 * a stuck collective reported with its waiting ranks.
 *
 * Model used throughout (idle, non-blocking path, store-and-forward switches):
 *   a message of P full packets takes P x t_frame at the sender's NIC, then alpha:
 *   alpha = propagation of every link + per switch (Latency + one frame's serialization),
 *   t_frame = 4178 B x 8 / 400 Gb/s = 83.56 ns (4096 B payload + 82 B of headers, FCS,
 *   preamble and gap), i.e. the effective rate is 400 Gb/s x 4096/4178 = 392.15 Gb/s.
 * Ring all-reduce with one chunk per step (no pipelining inside a step) is then exactly the
 * alpha-beta model T = 2(n-1) (S/n / B_eff + alpha). ACKs (one 86-byte frame per 4 data
 * frames) share the links with data in the other direction and cost 86/(4 x 4178) = 0.5%.
 */
#include "config/collective-config.h"
#include "experiment/collective-runner.h"
#include "fabric-test-util.h"
#include "helper/fabric-profile.h"

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

constexpr double B_EFF = LINE_RATE_BPS / 8 * MAX_GOODPUT; //!< bytes per second
constexpr double T_FRAME = 4178.0 * 8 / LINE_RATE_BPS;    //!< one full frame, s
constexpr double SWITCH = 600e-9 + T_FRAME;               //!< per switch hop, s
/// NIC - leaf - NIC: two 100 ns host links, one switch.
constexpr double ALPHA_LEAF = 2 * 100e-9 + SWITCH;
/// NIC - leaf - spine - leaf - NIC: 100 + 500 + 500 + 100 ns, three switches.
constexpr double ALPHA_SPINE = 1200e-9 + 3 * SWITCH;

Ptr<CollectiveAlgorithm>
Algo(const std::string& op, const std::string& algo, uint32_t channels, uint64_t chunk)
{
    std::string error;
    Ptr<CollectiveAlgorithm> a = CreateCollectiveAlgorithm(op, algo, channels, chunk, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

/// A 2-tier leaf-spine of @p gpus GPUs, 8 per leaf, 8 spines, one GPU per server.
TopologySpec
Flat(uint32_t gpus)
{
    TopologySpec t = TopologySpec::LeafSpine(gpus, 8, 8);
    t.gpusPerServer = 1;
    return t;
}

FabricProfile
Ideal()
{
    return *FabricProfile::FromName("ideal");
}

} // namespace

class CollectiveEngineTest : public SimulatorTest
{
};

TEST_F(CollectiveEngineTest, RingAllReduceMatchesTheAlphaBetaModel)
{
    // 8 ranks on one leaf; one chunk per step so each step is one store-and-forward message.
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    CollectiveRunner run(Flat(16), Ideal());
    auto res = run.Run(Algo("all-reduce", "ring", 1, s / n), {Communicator::Range(0, n)}, s);
    ASSERT_TRUE(res.completed);
    double model = 2 * (n - 1) * (double(s) / n / B_EFF + ALPHA_LEAF);
    double t = res.timeUs * 1e-6;
    EXPECT_NEAR(t, model, 0.05 * model);
    EXPECT_GE(t, model * 0.999); // nothing beats the wire
    EXPECT_LE(t, model * 1.01);  // ACK overhead 0.5%
    EXPECT_EQ(res.nicBytes, 2 * (n - 1) * s);
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, RingAllReduceAcrossSpinesMatchesTheAlphaBetaModel)
{
    // One rank per leaf (GPUs 0, 8, ..., 56): every ring hop crosses a spine, and each leaf
    // sends and receives one flow, so ECMP cannot collide two flows on a link.
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    std::vector<uint32_t> gpus;
    for (uint32_t i = 0; i < n; ++i)
    {
        gpus.push_back(8 * i);
    }
    CollectiveRunner run(Flat(64), Ideal());
    auto res = run.Run(Algo("all-reduce", "ring", 1, s / n), {Communicator(gpus)}, s);
    ASSERT_TRUE(res.completed);
    double model = 2 * (n - 1) * (double(s) / n / B_EFF + ALPHA_SPINE);
    EXPECT_NEAR(res.timeUs * 1e-6, model, 0.05 * model);
    EXPECT_GE(res.timeUs * 1e-6, model * 0.999);
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, PipelinedChunksHideTheLatencyTerm)
{
    // 64 KiB chunks: step s+1 forwards chunk k as soon as chunk k of step s arrived. The time
    // lies between the bandwidth bound 2(n-1)/n S / B_eff and the unpipelined alpha-beta model.
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    CollectiveRunner run(Flat(16), Ideal());
    auto res = run.Run(Algo("all-reduce", "ring", 1, 64 << 10), {Communicator::Range(0, n)}, s);
    ASSERT_TRUE(res.completed);
    double bound = 2.0 * (n - 1) / n * s / B_EFF;
    double model = 2 * (n - 1) * (double(s) / n / B_EFF + ALPHA_LEAF);
    double t = res.timeUs * 1e-6;
    EXPECT_GE(t, bound);
    EXPECT_LT(t, model);
    // Pipelined: one step's latency plus one chunk's serialization, not 2(n-1) of them.
    double pipelined = bound + ALPHA_LEAF + (64 << 10) / B_EFF;
    EXPECT_NEAR(t, pipelined, 0.05 * pipelined);
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, AllGatherAndReduceScatterMatchTheirModels)
{
    // n - 1 steps of S/n each: T = (n-1) (S/n / B_eff + alpha).
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    for (const char* op : {"all-gather", "reduce-scatter"})
    {
        Simulator::Destroy();
        CollectiveRunner run(Flat(16), Ideal());
        auto res = run.Run(Algo(op, "ring", 1, s / n), {Communicator::Range(0, n)}, s);
        ASSERT_TRUE(res.completed) << op;
        double model = (n - 1) * (double(s) / n / B_EFF + ALPHA_LEAF);
        EXPECT_NEAR(res.timeUs * 1e-6, model, 0.05 * model) << op;
        EXPECT_NEAR(res.busbwGBps, double(n - 1) / n * s / model / 1e9, 0.05 * B_EFF / 1e9);
        EXPECT_EQ(res.nicBytes, (n - 1) * s) << op;
        ExpectConserved(run.GetFabric());
    }
}

TEST_F(CollectiveEngineTest, AllToAllMatchesItsModels)
{
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    // Direct: every NIC sends (n-1) S/n round-robin over n-1 QPs and every downlink receives
    // the same amount from n-1 senders at 1/(n-1) of the line rate each: T = (n-1)/n S / B_eff
    // + alpha (the last packet's path).
    {
        CollectiveRunner run(Flat(16), Ideal());
        auto res
            = run.Run(Algo("all-to-all", "direct", 1, 1 << 20), {Communicator::Range(0, n)}, s);
        ASSERT_TRUE(res.completed);
        double model = double(n - 1) / n * s / B_EFF + ALPHA_LEAF;
        EXPECT_NEAR(res.timeUs * 1e-6, model, 0.05 * model);
        EXPECT_EQ(res.nicBytes, (n - 1) * s);
        ExpectConserved(run.GetFabric());
    }
    // Pairwise: n - 1 exchanges of S/n, each after the previous one arrived.
    Simulator::Destroy();
    {
        CollectiveRunner run(Flat(16), Ideal());
        auto res
            = run.Run(Algo("all-to-all", "pairwise", 1, s / n), {Communicator::Range(0, n)}, s);
        ASSERT_TRUE(res.completed);
        double model = (n - 1) * (double(s) / n / B_EFF + ALPHA_LEAF);
        EXPECT_NEAR(res.timeUs * 1e-6, model, 0.05 * model);
        ExpectConserved(run.GetFabric());
    }
}

TEST_F(CollectiveEngineTest, PipelinedBroadcastMatchesItsModel)
{
    // A chain of n - 1 hops, chunks of c bytes: the root streams S, each hop adds one chunk's
    // serialization and alpha: T = S / B_eff + (n-2) c / B_eff + (n-1) alpha.
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    const uint64_t c = 256 << 10;
    CollectiveRunner run(Flat(16), Ideal());
    auto res = run.Run(Algo("broadcast", "ring", 1, c), {Communicator::Range(0, n)}, s, 3);
    ASSERT_TRUE(res.completed);
    double model = double(s) / B_EFF + (n - 2) * double(c) / B_EFF + (n - 1) * ALPHA_LEAF;
    EXPECT_NEAR(res.timeUs * 1e-6, model, 0.05 * model);
    EXPECT_EQ(res.nicBytes, (n - 1) * s);
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, DoubleBinaryTreeIsBandwidthBoundWithLogLatency)
{
    // Every rank sends at most 2S (inner node: 3 x S/2, leaf in the other tree: S/2); the
    // busiest NIC bounds the time from below; above, add the pipeline fill: a chunk climbs
    // and descends the depth (log2 n + 1) of the tree.
    const uint32_t n = 12;
    const uint64_t s = 12ull << 20;
    const uint64_t c = 128 << 10;
    CollectiveRunner run(Flat(16), Ideal());
    auto res = run.Run(Algo("all-reduce", "tree", 1, c), {Communicator::Range(0, n)}, s);
    ASSERT_TRUE(res.completed);
    uint64_t busiest = 0;
    for (uint32_t g = 0; g < n; ++g)
    {
        busiest = std::max(busiest, run.GetEngine()->GetGpuCounters(g).nicBytesSent);
    }
    EXPECT_LE(busiest, 2 * s);
    double bound = busiest / B_EFF;
    double depth = 5; // ceil(log2 12) + 1
    double fill = 2 * depth * (c / B_EFF + ALPHA_LEAF);
    double t = res.timeUs * 1e-6;
    EXPECT_GE(t, bound);
    EXPECT_LE(t, bound + fill);
    EXPECT_EQ(res.nicBytes, 2ull * (n - 1) * s); // 2 trees x (n-1) edges x up and down x S/2
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, EachRankMovesTheBytesTheorySays)
{
    // 12 ranks (not a power of two), S divisible by n x lanes: the NIC counters (payload
    // accepted by the receiving NIC) must show exactly the per-rank theory.
    const uint32_t n = 12;
    const uint64_t s = 12ull * 2 * 64 * 1024;

    struct Case
    {
        const char* op;
        const char* algo;
        uint64_t perRank; //!< bytes each rank receives
    };

    const Case cases[] = {{"all-reduce", "ring", 2 * (n - 1) * s / n},
                          {"all-gather", "ring", (n - 1) * s / n},
                          {"reduce-scatter", "ring", (n - 1) * s / n},
                          {"all-to-all", "direct", (n - 1) * s / n},
                          {"all-to-all", "pairwise", (n - 1) * s / n},
                          {"sendrecv", "p2p", s}};
    for (const auto& c : cases)
    {
        Simulator::Destroy();
        CollectiveRunner run(Flat(16), Ideal());
        auto res = run.Run(Algo(c.op, c.algo, 2, 32 << 10), {Communicator::Range(0, n)}, s);
        ASSERT_TRUE(res.completed) << c.op << " " << c.algo;
        for (uint32_t g = 0; g < n; ++g)
        {
            EXPECT_EQ(run.GetFabric().nics[g]->GetCounters().payloadBytesAccepted, c.perRank)
                << c.op << " " << c.algo << " GPU " << g;
            EXPECT_EQ(run.GetEngine()->GetGpuCounters(g).nicBytesSent, c.perRank)
                << c.op << " " << c.algo << " GPU " << g;
        }
        EXPECT_EQ(run.GetFabric().CollectStats().retransmittedPackets, 0u);
        ExpectConserved(run.GetFabric());
    }
}

TEST_F(CollectiveEngineTest, EveryAlgorithmFinishesOnAwkwardRankCounts)
{
    struct Case
    {
        const char* op;
        const char* algo;
    };

    const Case flat[] = {{"all-reduce", "ring"},
                         {"all-reduce", "tree"},
                         {"all-gather", "ring"},
                         {"reduce-scatter", "ring"},
                         {"all-to-all", "direct"},
                         {"all-to-all", "pairwise"},
                         {"broadcast", "ring"},
                         {"sendrecv", "p2p"}};
    for (const auto& c : flat)
    {
        for (uint32_t n : {2u, 3u, 5u, 6u, 7u, 13u})
        {
            Simulator::Destroy();
            CollectiveRunner run(Flat(16), Ideal());
            // An odd size, chunks that do not divide it, 3 channels.
            auto res = run.Run(Algo(c.op, c.algo, 3, 10000), {Communicator::Range(0, n)}, 300007);
            EXPECT_TRUE(res.completed) << c.op << " " << c.algo << " n " << n;
            for (const auto& w : res.waiting)
            {
                ADD_FAILURE() << w;
            }
            ExpectConserved(run.GetFabric());
        }
    }
    // Hierarchical all-reduce and PXN all-to-all on 3 and 5 servers of 4 GPUs (rail wiring).
    for (uint32_t servers : {3u, 5u})
    {
        for (const Case& c : {Case {"all-reduce", "hierarchical"},
                              Case {"all-reduce", "hierarchical-tree"},
                              Case {"all-to-all", "pxn"}})
        {
            Simulator::Destroy();
            TopologySpec t = TopologySpec::LeafSpine(32, 8, 4);
            t.gpusPerServer = 4;
            t.wiring = Wiring::RAIL;
            CollectiveRunner run(t, Ideal());
            const uint32_t n = 4 * servers;
            const uint64_t s = 4096ull * n * 4;
            auto res = run.Run(Algo(c.op, c.algo, 1, 8192), {Communicator::Range(0, n)}, s);
            ASSERT_TRUE(res.completed) << c.algo << " servers " << servers;
            for (uint32_t g = 0; g < n; ++g)
            {
                const auto& k = run.GetEngine()->GetGpuCounters(g);
                if (std::string(c.algo) == "hierarchical-tree")
                {
                    // NVLink as the ring variant; the network carries each tree's half of the
                    // shard S/m up and down its edges: at most 3 x S/(2m) + S/(2m).
                    EXPECT_EQ(k.nvlinkBytesSent, 2 * 3 * s / 4);
                    EXPECT_LE(k.nicBytesSent, 2 * (s / 4));
                }
                else if (std::string(c.algo) == "hierarchical")
                {
                    EXPECT_EQ(k.nvlinkBytesSent, 2 * 3 * s / 4);                      // 2(m-1)/m S
                    EXPECT_EQ(k.nicBytesSent, 2 * (servers - 1) * (s / 4) / servers); // S/m ring
                }
                else
                {
                    EXPECT_EQ(k.nvlinkBytesSent, 3 * s / 4);                // (m-1)/m S
                    EXPECT_EQ(k.nicBytesSent, (servers - 1) * s / servers); // (N-1)/N S
                }
            }
            ExpectConserved(run.GetFabric());
        }
    }
}

TEST_F(CollectiveEngineTest, AllToAllRunsNcclsBatchesOfRoundsNotEveryPeerAtOnce)
{
    // NCCL packs 8 p2p rounds into a batch and a channel runs its batches in order (a batch
    // ends when its receives have arrived), so a rank of an n-rank all-to-all starts with
    // P2pChannels / Channels batches, not with n - 1 peers. 64 ranks, 1 channel per peer, 2
    // p2p channels: batch 0 (rounds 1-7, round 0 is the rank itself) and batch 1 (rounds
    // 8-15), i.e. 15 QPs with data at the start; 63 when every peer starts at once. Sends of
    // a finished batch may still be on the NIC when the next starts (as NCCL's proxy drains
    // its FIFO), so later the count can pass 15, but never reaches 63. Bytes and the
    // bandwidth bound do not change: T >= (n-1)/n S / B_eff.
    const uint32_t n = 64;
    const uint64_t s = 16ull << 20;

    struct Seen
    {
        uint32_t first {0}; //!< most active QPs of a NIC 1 ns after the start
        uint32_t peak {0};  //!< most active QPs of a NIC at any sample
        double timeUs {0};  //!< completion time
    };

    auto run = [&](uint32_t p2pChannels) {
        CollectiveRunner runner(Flat(n), Ideal());
        Ptr<CollectiveAlgorithm> a = Algo("all-to-all", "direct", 1, 512 * 1024);
        a->SetAttribute("P2pChannels", UintegerValue(p2pChannels));
        Seen seen;
        bool firstSample = true;
        Fabric& f = runner.GetFabric();
        std::function<void()> sample = [&]() {
            for (uint32_t g = 0; g < n; ++g)
            {
                uint32_t active = f.nics[g]->GetNActiveQueuePairs();
                seen.peak = std::max(seen.peak, active);
                if (firstSample)
                {
                    seen.first = std::max(seen.first, active);
                }
            }
            firstSample = false;
            Simulator::Schedule(NanoSeconds(500), sample);
        };
        Simulator::Schedule(NanoSeconds(1), sample);
        auto res = runner.Run(a, {Communicator::Range(0, n)}, s);
        EXPECT_TRUE(res.completed);
        EXPECT_EQ(res.nicBytes, (n - 1) * s);
        seen.timeUs = res.timeUs;
        ExpectConserved(f);
        Simulator::Destroy();
        return seen;
    };
    Seen batched = run(2);
    Seen all = run(64);
    EXPECT_EQ(batched.first, 7u + 8u);
    EXPECT_EQ(all.first, n - 1);
    EXPECT_LT(batched.peak, n - 1);
    double bound = double(n - 1) / n * s / B_EFF * 1e6;
    EXPECT_GT(batched.timeUs, bound);
    EXPECT_GT(all.timeUs, bound);
}

TEST_F(CollectiveEngineTest, NvLinkInsideAServerNeverTouchesTheFabric)
{
    // One 8-GPU server: the ring runs on NVLink (450 GB/s per direction, 1 us latency): each
    // of the 2(m-1) steps moves S/m with no contention: T = 2(m-1) (S/m / R + L).
    TopologySpec t = TopologySpec::LeafSpine(64, 8, 8);
    t.gpusPerServer = 8;
    CollectiveRunner run(t, Ideal());
    const uint32_t m = 8;
    const uint64_t s = 64ull << 20;
    auto res = run.Run(Algo("all-reduce", "ring", 1, s / m), {Communicator::Server(8, 2)}, s);
    ASSERT_TRUE(res.completed);
    double model = 2 * (m - 1) * (double(s) / m / 450e9 + 1e-6);
    EXPECT_NEAR(res.timeUs * 1e-6, model, 0.001 * model);
    EXPECT_EQ(res.nicBytes, 0u);
    EXPECT_EQ(res.nvlinkBytes, 2 * (m - 1) * s);
    EXPECT_EQ(run.GetFabric().CollectStats().packetHops, 0u);
}

TEST_F(CollectiveEngineTest, AStuckCollectiveIsReportedWithItsWaitingRanks)
{
    // Rank 5 never joins: rank 4 holds data for it, the others wait for data that depends on
    // it. The simulator runs out of events; the engine names every waiting rank.
    const uint32_t n = 8;
    CollectiveRunner run(Flat(16), Ideal());
    Ptr<CollectiveEngine> e = run.GetEngine();
    uint32_t id = e->Create(
        Algo("all-reduce", "ring", 1, 1 << 20), Communicator::Range(0, n), 8ull << 20, 0, "stuck");
    for (uint32_t r = 0; r < n; ++r)
    {
        if (r != 5)
        {
            e->Join(id, r);
        }
    }
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_FALSE(e->GetRecord(id).Done());
    EXPECT_EQ(e->GetNPending(), 1u);
    auto waiting = e->GetWaiting();
    ASSERT_EQ(waiting.size(), n);
    std::map<uint32_t, CollectiveEngine::WaitInfo> byRank;
    for (const auto& w : waiting)
    {
        byRank[w.rank] = w;
    }
    EXPECT_EQ(byRank[5].reason, CollectiveEngine::WaitReason::NOT_JOINED);
    EXPECT_EQ(byRank[4].reason, CollectiveEngine::WaitReason::PEER_NOT_JOINED);
    EXPECT_EQ(byRank[4].peer, 5);
    EXPECT_EQ(byRank[6].reason, CollectiveEngine::WaitReason::RECEIVE);
    EXPECT_EQ(byRank[6].peer, 5);
    EXPECT_EQ(byRank[6].step, 0u);
    // Rank 7 got its step-0 block from rank 6 (free to send) and waits in step 1 for rank 6,
    // whose step-1 send needs the step-0 block of the absent rank 5; one step further around
    // the ring, rank 0 waits in step 2 for rank 7.
    EXPECT_EQ(byRank[7].reason, CollectiveEngine::WaitReason::RECEIVE);
    EXPECT_EQ(byRank[7].step, 1u);
    EXPECT_EQ(byRank[7].peer, 6);
    EXPECT_EQ(byRank[0].reason, CollectiveEngine::WaitReason::RECEIVE);
    EXPECT_EQ(byRank[0].step, 2u);
    EXPECT_EQ(byRank[0].peer, 7);
    auto lines = e->DescribeWaiting();
    ASSERT_EQ(lines.size(), n);
    EXPECT_NE(lines[5].find("rank 5 (GPU 5): has not joined"), std::string::npos) << lines[5];
    EXPECT_NE(lines[4].find("waits for rank 5 (GPU 5) to join"), std::string::npos) << lines[4];
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, LateJoinersGateTheCollectiveWithoutBlowingUp)
{
    // Direct all-to-all over 64 ranks that join one by one, 1 us apart: a send waits for its
    // receiver's join (clear-to-send), each blocked send registers once, and the collective
    // ends after the last join plus one all-to-all of the last rank's data.
    const uint32_t n = 64;
    TopologySpec t = TopologySpec::LeafSpine(64, 8, 8);
    t.gpusPerServer = 1;
    CollectiveRunner run(t, Ideal());
    Ptr<CollectiveEngine> e = run.GetEngine();
    const uint64_t s = 64ull * 4096;
    uint32_t id = e->Create(Algo("all-to-all", "direct", 1, 1 << 20), Communicator::Range(0, n), s);
    for (uint32_t r = 0; r < n; ++r)
    {
        Simulator::Schedule(MicroSeconds(r), &CollectiveEngine::Join, e, id, r);
    }
    Simulator::Run();
    const auto& rec = e->GetRecord(id);
    ASSERT_TRUE(rec.Done());
    EXPECT_EQ(rec.start, Time(0));
    EXPECT_GE(rec.finish, MicroSeconds(n - 1));
    // After the last join the last rank still sends (n-1) blocks of S/n: at least that long.
    double lastRank = double(n - 1) / n * s / B_EFF;
    EXPECT_GE((rec.finish - MicroSeconds(n - 1)).GetSeconds(), lastRank);
    EXPECT_EQ(rec.nicBytes, (n - 1) * s);
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, TheRunnerReportsAStuckCollectiveInsteadOfHanging)
{
    // A communicator whose algorithm can never finish is impossible to build by construction,
    // so emulate a lost dependency: a time limit shorter than the collective.
    const uint32_t n = 8;
    CollectiveRunner run(Flat(16), Ideal());
    run.SetTimeLimit(MicroSeconds(20));
    auto res
        = run.Run(Algo("all-reduce", "ring", 1, 1 << 20), {Communicator::Range(0, n)}, 64ull << 20);
    EXPECT_FALSE(res.completed);
    EXPECT_EQ(res.waiting.size(), n);
}

TEST_F(CollectiveEngineTest, RepeatedCollectivesReuseQueuePairs)
{
    const uint32_t n = 8;
    CollectiveRunner run(Flat(16), Ideal());
    auto a = Algo("all-reduce", "ring", 2, 64 << 10);
    auto r1 = run.Run(a, {Communicator::Range(0, n)}, 1 << 20);
    uint64_t connections = run.GetEngine()->GetNConnections();
    EXPECT_EQ(connections, n * 2u); // one per rank and channel to its ring successor
    auto r2 = run.Run(a, {Communicator::Range(0, n)}, 1 << 20);
    ASSERT_TRUE(r1.completed && r2.completed);
    EXPECT_EQ(run.GetEngine()->GetNConnections(), connections);
    EXPECT_NEAR(r2.timeUs, r1.timeUs, 0.01 * r1.timeUs); // same idle fabric, same time
    ExpectConserved(run.GetFabric());
}

TEST_F(CollectiveEngineTest, BusBandwidthApproachesTheGoodputCeilingUnderSpectrumX)
{
    // 16 ranks alternating between two leaves: every ring hop crosses the spine tier, where
    // ECMP may put two flows on one uplink. Per-packet adaptive routing with out-of-order
    // placement spreads them. Theory: the busbw of a large all-reduce reaches the goodput
    // ceiling B_eff = 4096/4178 x 400 Gb/s = 49.02 GB/s less the pipeline fill. The telemetry
    // congestion control holds the most loaded link at its target utilization eta = 0.95
    // (HPCC default, an attribute) counted in wire bytes, as HPCC does: every data frame then
    // carries a 26-byte telemetry stack (3 hops: 2 + 3 x 8 B, 4204 B on the wire) and is
    // acknowledged by a 116-byte ACK echoing it, which shares the link with the ring's data in
    // the other direction. So with it busbw <= eta x 4096 / (4204 + 116) x 50 GB/s (90.1% of
    // the line rate; the window is one idle-path bandwidth-delay product, which FabricHelper
    // derives from the topology).
    auto profile = FabricProfile::FromName("spectrum-x");
    if (!profile || !profile->Validate().empty())
    {
        GTEST_SKIP() << "spectrum-x profile not available in this build";
    }
    std::vector<uint32_t> gpus;
    for (uint32_t i = 0; i < 16; ++i)
    {
        gpus.push_back((i % 2) * 8 + i / 2);
    }
    const uint64_t s = 32ull << 20;
    const double ceiling = B_EFF / 1e9; // GB/s
    const double eta = 0.95;
    for (bool telemetryCc : {false, true})
    {
        Simulator::Destroy();
        FabricProfile p = *profile;
        if (!telemetryCc)
        {
            p.congestionControl = "none"; // adaptive routing + out-of-order NIC only
        }
        CollectiveRunner run(Flat(16), p);
        auto res = run.Run(Algo("all-reduce", "ring", 4, 128 << 10), {Communicator(gpus)}, s);
        ASSERT_TRUE(res.completed);
        const double lineGBps = LINE_RATE_BPS / 8 / 1e9;
        double expected = telemetryCc ? eta * 4096.0 / (4204 + 116) * lineGBps : ceiling;
        EXPECT_GE(res.busbwGBps, 0.95 * expected)
            << p.Describe() << ": busbw " << res.busbwGBps << " GB/s";
        EXPECT_LE(res.busbwGBps, ceiling);
        EXPECT_EQ(run.GetFabric().CollectStats().retransmittedPackets, 0u);
        ExpectConserved(run.GetFabric());
    }
}
