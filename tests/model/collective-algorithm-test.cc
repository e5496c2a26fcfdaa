/*
 * Collective schedules without simulation: NCCL's double binary tree is a pair of trees,
 * every send of every algorithm meets exactly one receive, each rank moves the bytes theory
 * says, rings on multi-GPU servers cross servers on one rail, communicator groups.
 */
#include "config/collective-config.h"
#include "model/collective/algorithms/send-recv.h"
#include "model/collective/algorithms/tree-all-reduce.h"
#include "model/collective/communicator.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

/// Create an algorithm by operation and name, failing the test when unknown.
Ptr<CollectiveAlgorithm>
Make(const std::string& op, const std::string& algo, uint32_t channels = 1)
{
    std::string error;
    Ptr<CollectiveAlgorithm> a = CreateCollectiveAlgorithm(op, algo, channels, 4096, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

/// Bytes each rank sends (summed over lanes and steps), and a check that sends meet receives.
struct Walk
{
    std::vector<uint64_t> sent;     //!< per rank
    std::vector<uint64_t> received; //!< per rank
    uint32_t unmatched {0};         //!< sends without a receive or receives without a send
};

Walk
WalkSchedule(Ptr<CollectiveAlgorithm> a, CommShape shape, uint64_t bytes)
{
    shape.bytes = bytes;
    Walk w;
    w.sent.assign(shape.ranks, 0);
    w.received.assign(shape.ranks, 0);
    // (lane, receiver, receiver step, sender) -> bytes still expected, from the receive side.
    std::map<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>, std::multiset<uint64_t>> expect;
    std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint64_t>> sends;
    StepPlan plan;
    for (uint32_t lane = 0; lane < a->NumLanes(); ++lane)
    {
        // As the engine runs it: a lane of 0 bytes has no step.
        uint64_t laneBytes = a->LaneBytes(shape, lane);
        for (uint32_t r = 0; r < shape.ranks; ++r)
        {
            for (uint32_t s = 0; laneBytes > 0 && s < a->NumSteps(shape, r, lane); ++s)
            {
                plan.Clear();
                a->GetStep(shape, r, lane, s, laneBytes, plan);
                for (const auto& t : plan.sends)
                {
                    uint32_t ps = t.peerStep == StepTransfer::SAME_STEP ? s : t.peerStep;
                    sends.emplace_back(lane, t.peer, ps, r, t.bytes);
                    w.sent[r] += t.bytes;
                }
                for (const auto& t : plan.recvs)
                {
                    expect[{lane, r, s, t.peer}].insert(t.bytes);
                    w.received[r] += t.bytes;
                }
            }
        }
    }
    for (const auto& [lane, to, step, from, b] : sends)
    {
        auto it = expect.find({lane, to, step, from});
        if (it == expect.end() || it->second.find(b) == it->second.end())
        {
            w.unmatched++;
            continue;
        }
        it->second.erase(it->second.find(b));
    }
    for (const auto& [key, left] : expect)
    {
        w.unmatched += static_cast<uint32_t>(left.size());
    }
    return w;
}

} // namespace

TEST(CollectiveAlgorithm, DoubleBinaryTreesAreTwoSpanningTrees)
{
    for (uint32_t n = 1; n <= 70; ++n)
    {
        for (uint32_t tree = 0; tree < 2; ++tree)
        {
            uint32_t roots = 0;
            std::vector<std::vector<uint32_t>> children(n);
            for (uint32_t r = 0; r < n; ++r)
            {
                auto t = TreeAllReduce::GetTreeNode(n, r, tree);
                for (int32_t c : {t.child0, t.child1})
                {
                    if (c >= 0)
                    {
                        children[r].push_back(static_cast<uint32_t>(c));
                        EXPECT_EQ(TreeAllReduce::GetTreeNode(n, c, tree).parent,
                                  static_cast<int32_t>(r));
                    }
                }
                if (t.parent < 0)
                {
                    roots++;
                    continue;
                }
                auto p = TreeAllReduce::GetTreeNode(n, static_cast<uint32_t>(t.parent), tree);
                EXPECT_TRUE(p.child0 == static_cast<int32_t>(r)
                            || p.child1 == static_cast<int32_t>(r))
                    << "n " << n << " tree " << tree << " rank " << r
                    << " not a child of its parent";
            }
            EXPECT_EQ(roots, 1u) << "n " << n << " tree " << tree;
            // Every rank is reachable from the root, within depth ceil(log2 n) + 1.
            uint32_t root = 0;
            while (TreeAllReduce::GetTreeNode(n, root, tree).parent >= 0)
            {
                root++;
            }
            std::vector<uint32_t> level {root};
            std::set<uint32_t> seen {root};
            uint32_t depth = 0;
            while (!level.empty())
            {
                std::vector<uint32_t> next;
                for (uint32_t r : level)
                {
                    for (uint32_t c : children[r])
                    {
                        EXPECT_TRUE(seen.insert(c).second);
                        next.push_back(c);
                    }
                }
                level = next;
                depth += next.empty() ? 0 : 1;
            }
            EXPECT_EQ(seen.size(), n);
            uint32_t log2 = 0;
            while ((1u << log2) < n)
            {
                log2++;
            }
            EXPECT_LE(depth, log2 + 1) << "n " << n;
        }
    }
}

TEST(CollectiveAlgorithm, DoubleBinaryTreeSpreadsInnerNodes)
{
    // NCCL's point of the second tree: a rank that is an inner node (2 children) in one tree
    // is a leaf in the other, so no rank forwards more than about 2 S. For even n the mirror
    // gives exactly that.
    for (uint32_t n : {4u, 8u, 16u, 64u, 12u, 100u})
    {
        for (uint32_t r = 0; r < n; ++r)
        {
            auto a = TreeAllReduce::GetTreeNode(n, r, 0);
            auto b = TreeAllReduce::GetTreeNode(n, r, 1);
            bool innerA = a.child0 >= 0 && a.child1 >= 0;
            bool innerB = b.child0 >= 0 && b.child1 >= 0;
            EXPECT_FALSE(innerA && innerB) << "n " << n << " rank " << r;
        }
    }
}

TEST(CollectiveAlgorithm, EverySendMeetsOneReceive)
{
    struct Case
    {
        const char* op;
        const char* algo;
        uint32_t ranksPerServer;
    };

    const Case cases[] = {{"all-reduce", "ring", 1},
                          {"all-reduce", "ring", 4},
                          {"all-reduce", "tree", 1},
                          {"all-reduce", "hierarchical", 4},
                          {"all-reduce", "hierarchical", 2},
                          {"all-reduce", "hierarchical-tree", 4},
                          {"all-reduce", "hierarchical-tree", 1},
                          {"all-gather", "ring", 1},
                          {"reduce-scatter", "ring", 1},
                          {"all-to-all", "direct", 1},
                          {"all-to-all", "pairwise", 1},
                          {"all-to-all", "pxn", 4},
                          {"broadcast", "ring", 1},
                          {"sendrecv", "p2p", 1},
                          {"sendrecv", "permutation", 1}};
    for (const auto& c : cases)
    {
        for (uint32_t servers : {1u, 2u, 3u, 5u, 7u, 8u, 13u})
        {
            CommShape shape {servers * c.ranksPerServer, c.ranksPerServer, 0};
            if (shape.ranks < 2 && c.ranksPerServer > 1)
            {
                continue;
            }
            for (uint32_t channels : {1u, 3u})
            {
                Ptr<CollectiveAlgorithm> a = Make(c.op, c.algo, channels);
                ASSERT_EQ(a->Validate(shape), "");
                // An awkward size: not divisible by ranks, lanes or chunks.
                Walk w = WalkSchedule(a, shape, 1000003);
                EXPECT_EQ(w.unmatched, 0u)
                    << c.op << " " << c.algo << " n " << shape.ranks << " channels " << channels;
            }
        }
    }
}

TEST(CollectiveAlgorithm, PermutationIsOneCycleThroughEveryRank)
{
    // Sattolo's shuffle gives a single cycle: following the send peers from rank 0 visits
    // every rank once before coming back, so no rank sends to itself; the receive peer is
    // the inverse; each rank sends and receives S; the same seed draws the same cycle.
    for (uint32_t n : {2u, 3u, 16u, 1000u})
    {
        Ptr<CollectiveAlgorithm> a = Make("sendrecv", "permutation");
        auto sr = DynamicCast<SendRecv>(a);
        ASSERT_TRUE(sr);
        EXPECT_EQ(sr->GetName(), "permutation");
        std::set<uint32_t> seen;
        uint32_t r = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            EXPECT_TRUE(seen.insert(r).second) << "rank " << r << " visited twice, n " << n;
            uint32_t next = sr->SendPeer(r, n);
            EXPECT_NE(next, r);
            EXPECT_EQ(sr->RecvPeer(next, n), r);
            r = next;
        }
        EXPECT_EQ(r, 0u) << "the cycle closes after n steps";
        CommShape shape {n, 1, 0};
        Walk w = WalkSchedule(a, shape, 4096);
        EXPECT_EQ(w.unmatched, 0u);
        for (uint32_t k = 0; k < n; ++k)
        {
            EXPECT_EQ(w.sent[k], 4096u);
            EXPECT_EQ(w.received[k], 4096u);
        }
    }
    Ptr<SendRecv> a = DynamicCast<SendRecv>(Make("sendrecv", "permutation"));
    Ptr<SendRecv> b = DynamicCast<SendRecv>(Make("sendrecv", "permutation"));
    Ptr<SendRecv> c = DynamicCast<SendRecv>(Make("sendrecv", "permutation"));
    c->SetAttribute("PermutationSeed", UintegerValue(2));
    uint32_t same = 0;
    uint32_t differ = 0;
    for (uint32_t r = 0; r < 64; ++r)
    {
        same += a->SendPeer(r, 64) == b->SendPeer(r, 64);
        differ += a->SendPeer(r, 64) != c->SendPeer(r, 64);
    }
    EXPECT_EQ(same, 64u);
    EXPECT_GT(differ, 32u);
}

TEST(CollectiveAlgorithm, BytesPerRankMatchTheory)
{
    // S divisible by ranks x lanes, so every block is S/n exactly.
    const uint32_t n = 12; // not a power of two
    const uint64_t s = 12ull * 2 * 3 * 4096;
    CommShape flat {n, 1, 0};
    auto perRank = [&](const char* op, const char* algo, CommShape shape) {
        return WalkSchedule(Make(op, algo, 2), shape, s);
    };
    // Ring all-reduce: 2(n-1)/n S per rank (reference.md, "Collectives").
    for (uint64_t b : perRank("all-reduce", "ring", flat).sent)
    {
        EXPECT_EQ(b, 2 * (n - 1) * s / n);
    }
    // Reduce-scatter, all-gather, all-to-all (direct, pairwise): (n-1)/n S.
    for (const char* op : {"reduce-scatter", "all-gather"})
    {
        for (uint64_t b : perRank(op, "ring", flat).sent)
        {
            EXPECT_EQ(b, (n - 1) * s / n) << op;
        }
    }
    for (const char* algo : {"direct", "pairwise"})
    {
        Walk w = perRank("all-to-all", algo, flat);
        for (uint32_t r = 0; r < n; ++r)
        {
            EXPECT_EQ(w.sent[r], (n - 1) * s / n) << algo;
            EXPECT_EQ(w.received[r], (n - 1) * s / n) << algo;
        }
    }
    // Broadcast: every rank but the last of the chain forwards S.
    Walk bc = perRank("broadcast", "ring", flat);
    uint64_t total = 0;
    for (uint64_t b : bc.sent)
    {
        EXPECT_TRUE(b == s || b == 0);
        total += b;
    }
    EXPECT_EQ(total, (n - 1) * s);
    // Double binary tree: each of the n - 1 edges of each tree carries its half of S up and
    // down: 2 trees x (n - 1) x 2 x S/2 = 2 (n - 1) S in all, the same as the ring.
    Walk tree = perRank("all-reduce", "tree", flat);
    total = 0;
    for (uint64_t b : tree.sent)
    {
        total += b;
        EXPECT_LE(b, 2 * s + s / 2); // at most inner (3 x S/2) + leaf (S/2), root 2 x S/2
    }
    EXPECT_EQ(total, 2ull * (n - 1) * s);
}

TEST(CollectiveAlgorithm, RingAllReduceMovesExactlyTwoNMinusOneTimesS)
{
    // Any size: each of the n blocks is sent n - 1 times in each half.
    for (uint32_t n : {2u, 3u, 7u, 12u, 13u})
    {
        for (uint64_t s : {1ull, 7ull, 4095ull, 1000003ull})
        {
            Walk w = WalkSchedule(Make("all-reduce", "ring", 2), CommShape {n, 1, 0}, s);
            uint64_t total = 0;
            for (uint64_t b : w.sent)
            {
                total += b;
            }
            EXPECT_EQ(total, 2ull * (n - 1) * s) << "n " << n << " S " << s;
        }
    }
}

TEST(CollectiveAlgorithm, HierarchicalAndPxnSplitNvLinkAndNetworkBytes)
{
    // N = 3 servers of m = 4 ranks; S divisible by everything.
    const uint32_t m = 4;
    const uint32_t servers = 3;
    const uint32_t n = m * servers;
    const uint64_t s = 4096ull * n * m;
    CommShape shape {n, m, 0, s};
    auto split = [&](const char* op, const char* algo) {
        Ptr<CollectiveAlgorithm> a = Make(op, algo, 1);
        std::vector<uint64_t> nvlink(n, 0);
        std::vector<uint64_t> net(n, 0);
        StepPlan plan;
        for (uint32_t lane = 0; lane < a->NumLanes(); ++lane)
        {
            uint64_t laneBytes = a->LaneBytes(shape, lane);
            for (uint32_t r = 0; r < n; ++r)
            {
                for (uint32_t st = 0; laneBytes > 0 && st < a->NumSteps(shape, r, lane); ++st)
                {
                    plan.Clear();
                    a->GetStep(shape, r, lane, st, laneBytes, plan);
                    for (const auto& t : plan.sends)
                    {
                        (t.peer / m == r / m ? nvlink : net)[r] += t.bytes;
                    }
                }
            }
        }
        return std::make_pair(nvlink, net);
    };
    // Hierarchical all-reduce: NVLink 2(m-1)/m S, network 2(N-1)/N x S/m per rank.
    auto [hn, hw] = split("all-reduce", "hierarchical");
    for (uint32_t r = 0; r < n; ++r)
    {
        EXPECT_EQ(hn[r], 2 * (m - 1) * s / m);
        EXPECT_EQ(hw[r], 2 * (servers - 1) * (s / m) / servers);
    }
    // PXN all-to-all: NVLink (m-1)/m S (everything for the other local ranks' rails), network
    // (N-1)/N S (everything for other servers on my rail, from all m local ranks).
    auto [pn, pw] = split("all-to-all", "pxn");
    for (uint32_t r = 0; r < n; ++r)
    {
        EXPECT_EQ(pn[r], (m - 1) * s / m);
        EXPECT_EQ(pw[r], (servers - 1) * s / servers);
    }
}

TEST(CollectiveAlgorithm, RailRingsCrossServersOnOneRail)
{
    // 4 servers of 8 GPUs, 8 channels: each channel's ring leaves and enters every server on
    // the same local index, and over the 8 channels every NIC sends exactly once per direction.
    const uint32_t m = 8;
    const uint32_t servers = 4;
    CommShape shape {m * servers, m, 0};
    Ptr<CollectiveAlgorithm> a = Make("all-reduce", "ring", 8);
    std::map<uint32_t, uint32_t> sendsPerNic;
    for (uint32_t lane = 0; lane < 8; ++lane)
    {
        std::set<uint32_t> visited;
        for (uint32_t pos = 0; pos < shape.ranks; ++pos)
        {
            uint32_t r = a->RingRankAt(shape, lane, pos);
            EXPECT_EQ(a->RingPosOf(shape, lane, r), pos);
            visited.insert(r);
            uint32_t next = a->RingRankAt(shape, lane, (pos + 1) % shape.ranks);
            if (next / m != r / m)
            {
                EXPECT_EQ(next % m, r % m) << "lane " << lane << " crosses rails at " << r;
                sendsPerNic[r]++;
            }
        }
        EXPECT_EQ(visited.size(), shape.ranks); // a permutation
    }
    EXPECT_EQ(sendsPerNic.size(), shape.ranks);
    for (const auto& [nic, count] : sendsPerNic)
    {
        EXPECT_EQ(count, 1u) << "GPU " << nic;
    }
}

TEST(CollectiveAlgorithm, BusBandwidthFactorsAreNcclTests)
{
    EXPECT_DOUBLE_EQ(BusBandwidthFactor(CollectiveOp::ALL_REDUCE, 8), 2.0 * 7 / 8);
    EXPECT_DOUBLE_EQ(BusBandwidthFactor(CollectiveOp::ALL_GATHER, 8), 7.0 / 8);
    EXPECT_DOUBLE_EQ(BusBandwidthFactor(CollectiveOp::REDUCE_SCATTER, 8), 7.0 / 8);
    EXPECT_DOUBLE_EQ(BusBandwidthFactor(CollectiveOp::ALL_TO_ALL, 8), 7.0 / 8);
    EXPECT_DOUBLE_EQ(BusBandwidthFactor(CollectiveOp::BROADCAST, 8), 1.0);
    EXPECT_DOUBLE_EQ(BusBandwidthFactor(CollectiveOp::SEND_RECV, 8), 1.0);
}

TEST(CollectiveAlgorithm, NamesResolveAndUnknownNamesAreRejected)
{
    std::string error;
    EXPECT_TRUE(CreateCollectiveAlgorithm("allreduce", "", 0, 0, &error));
    EXPECT_TRUE(CreateCollectiveAlgorithm("ALL_TO_ALL", "pxn", 4, 1 << 20, &error));
    EXPECT_FALSE(CreateCollectiveAlgorithm("all-scatter", "ring", 1, 0, &error));
    EXPECT_NE(error.find("unknown collective operation"), std::string::npos);
    EXPECT_FALSE(CreateCollectiveAlgorithm("all-gather", "tree", 1, 0, &error));
    EXPECT_NE(error.find("known: ring"), std::string::npos);
}

TEST(Communicator, ParallelGroupsFollowMegatronOrder)
{
    ParallelLayout l;
    l.tp = 8;
    l.dp = 4;
    l.pp = 2;
    EXPECT_EQ(l.World(), 64u);
    // GPU 13: tp index 5, dp index 1, stage 0.
    EXPECT_EQ(Communicator::TensorParallel(l, 13).Gpus(),
              (std::vector<uint32_t> {8, 9, 10, 11, 12, 13, 14, 15}));
    EXPECT_EQ(Communicator::DataParallel(l, 13).Gpus(), (std::vector<uint32_t> {5, 13, 21, 29}));
    EXPECT_EQ(Communicator::Pipeline(l, 13).Gpus(), (std::vector<uint32_t> {13, 45}));
    // With 8-GPU servers a data-parallel group is one rail.
    EXPECT_EQ(Communicator::DataParallel(l, 13).Gpus(),
              std::vector<uint32_t>(Communicator::Rail(32, 8, 5).Gpus()));
    EXPECT_EQ(Communicator::World(64).RanksPerServer(8), 8u);
    EXPECT_EQ(Communicator::Rail(64, 8, 3).RanksPerServer(8), 1u);
    EXPECT_EQ(Communicator({0, 8, 1, 9}).RanksPerServer(8), 1u); // not server-major
    EXPECT_NE(Communicator({1, 2, 1}).Validate(8), "");
}
