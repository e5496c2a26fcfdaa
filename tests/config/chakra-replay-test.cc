/*
 * Chakra execution traces: rank files written here with protobuf (the delimited encoding of
 * google/protobuf/util, not the reader's code) are replayed by the training engine.
 *
 * Collectives on 8 and 16 ranks (one GPU per server, 8 per leaf; the ideal profile) against
 * the alpha-beta model (see collective-engine-test.cc): B_eff = 400 Gb/s x 4096/4178, alpha =
 * the idle path's propagation plus per switch its latency and one frame. A replayed
 * collective takes at least its bandwidth bound (ring all-reduce 2(n-1)/n S/B_eff, all-gather
 * (n-1)/n S/B_eff, all-to-all (n-1)/n S/B_eff at each NIC) and at most the unpipelined model
 * (2(n-1) resp. (n-1) steps of S/n/B_eff + alpha; all-to-all: the bound + alpha per peer).
 * Chains of compute and communication add up. Malformed traces: one clear error each.
 */
#include "config/trace-chakra-reader.h"
#include "et_def.pb.h"
#include "experiment/training-runner.h"
#include "fabric-test-util.h"
#include "helper/fabric-profile.h"
#include "yaml-test-util.h"

#include <google/protobuf/util/delimited_message_util.h>

#include <fstream>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;
using namespace fabric_test;
namespace pb = ChakraProtoMsg;

namespace
{

constexpr double B_EFF = LINE_RATE_BPS / 8 * MAX_GOODPUT; //!< bytes per second
constexpr double T_FRAME = 4178.0 * 8 / LINE_RATE_BPS;    //!< one full frame, s
constexpr double SWITCH = 600e-9 + T_FRAME;               //!< per switch hop, s
/// NIC - leaf - spine - leaf - NIC (the longer of the two paths): 1200 ns, three switches.
constexpr double ALPHA = 1200e-9 + 3 * SWITCH;

/// One rank's nodes, built with the generated classes.
struct Rank
{
    std::vector<pb::Node> nodes;

    pb::Node& Add(uint64_t id, pb::NodeType type, std::vector<uint64_t> deps = {})
    {
        nodes.emplace_back();
        pb::Node& n = nodes.back();
        n.set_id(id);
        n.set_name("node" + std::to_string(id));
        n.set_type(type);
        for (uint64_t d : deps)
        {
            n.add_data_deps(d);
        }
        return n;
    }

    Rank& Compute(uint64_t id, uint64_t micros, std::vector<uint64_t> deps = {})
    {
        Add(id, pb::COMP_NODE, deps).set_duration_micros(micros);
        return *this;
    }

    Rank& Collective(uint64_t id,
                     pb::CollectiveCommType type,
                     int64_t bytes,
                     std::vector<uint64_t> deps = {})
    {
        pb::Node& n = Add(id, pb::COMM_COLL_NODE, deps);
        Attr(n, "comm_type")->set_int64_val(type);
        Attr(n, "comm_size")->set_int64_val(bytes);
        return *this;
    }

    Rank& Send(uint64_t id,
               pb::NodeType type,
               int64_t peer,
               int64_t bytes,
               std::vector<uint64_t> deps = {})
    {
        pb::Node& n = Add(id, type, deps);
        Attr(n, type == pb::COMM_SEND_NODE ? "comm_dst" : "comm_src")->set_int64_val(peer);
        Attr(n, "comm_size")->set_uint64_val(static_cast<uint64_t>(bytes));
        Attr(n, "comm_tag")->set_int32_val(7);
        return *this;
    }

    static pb::AttributeProto* Attr(pb::Node& n, const std::string& name)
    {
        pb::AttributeProto* a = n.add_attr();
        a->set_name(name);
        return a;
    }
};

/// Write @p ranks as PREFIX.K.et, Chakra's encoding: varint length + message, metadata first.
void
WriteTrace(const std::string& prefix, const std::vector<Rank>& ranks)
{
    for (size_t r = 0; r < ranks.size(); ++r)
    {
        std::ofstream out(prefix + "." + std::to_string(r) + ".et", std::ios::binary);
        pb::GlobalMetadata meta;
        meta.set_version("0.0.4");
        ASSERT_TRUE(google::protobuf::util::SerializeDelimitedToOstream(meta, &out));
        for (const auto& n : ranks[r].nodes)
        {
            ASSERT_TRUE(google::protobuf::util::SerializeDelimitedToOstream(n, &out));
        }
    }
}

/// 16 GPUs, 8 per leaf, one per server (every transfer crosses a NIC), 8 spines.
TopologySpec
Flat()
{
    TopologySpec t = TopologySpec::LeafSpine(16, 8, 8);
    t.gpusPerServer = 1;
    return t;
}

TrainingReport
Replay(const std::string& prefix)
{
    TrainingWorkload w = ReadChakraWorkload(prefix, ChakraOptions(), 1);
    TrainingRunner runner(Flat(), *FabricProfile::FromName("ideal"));
    TrainingReport rep = runner.Run(w);
    EXPECT_TRUE(rep.completed);
    EXPECT_TRUE(runner.GetFabric().CollectStats().Conserved());
    return rep;
}

} // namespace

class ChakraReplayTest : public SimulatorTest
{
};

struct CollectiveCase
{
    pb::CollectiveCommType type;
    uint32_t ranks;
};

class ChakraCollectiveTest
    : public ChakraReplayTest
    , public ::testing::WithParamInterface<CollectiveCase>
{
};

TEST_P(ChakraCollectiveTest, OneCollectiveMatchesTheAlphaBetaModel)
{
    const auto [type, n] = GetParam();
    const uint64_t s = 8ull << 20;
    ScratchDir dir("chakra");
    std::vector<Rank> ranks(n);
    for (auto& r : ranks)
    {
        r.Collective(1, type, static_cast<int64_t>(s));
    }
    WriteTrace(dir / "step", ranks);
    TrainingReport rep = Replay(dir / "step");
    const double t = rep.stepUs * 1e-6;
    double bound = 0;
    double model = 0;
    switch (type)
    {
        case pb::ALL_REDUCE:
            bound = 2.0 * (n - 1) / n * s / B_EFF;
            model = 2 * (n - 1) * (double(s) / n / B_EFF + ALPHA);
            break;
        case pb::ALL_GATHER:
            bound = double(n - 1) / n * s / B_EFF;
            model = (n - 1) * (double(s) / n / B_EFF + ALPHA);
            break;
        default: // all-to-all: every NIC sends (n-1)/n S; each peer's message pays alpha once
            bound = double(n - 1) / n * s / B_EFF;
            model = bound + (n - 1) * ALPHA;
            break;
    }
    std::printf("%s on %u ranks, %llu B: %.2f us (bandwidth bound %.2f, alpha-beta %.2f)\n",
                pb::CollectiveCommType_Name(type).c_str(),
                n,
                static_cast<unsigned long long>(s),
                t * 1e6,
                bound * 1e6,
                model * 1e6);
    EXPECT_GE(t, bound);
    EXPECT_LE(t, model * 1.01); // ACKs share the links: 0.5%
    EXPECT_EQ(rep.gpus, n);
}

INSTANTIATE_TEST_SUITE_P(Collectives,
                         ChakraCollectiveTest,
                         ::testing::Values(CollectiveCase {pb::ALL_REDUCE, 8},
                                           CollectiveCase {pb::ALL_REDUCE, 16},
                                           CollectiveCase {pb::ALL_GATHER, 8},
                                           CollectiveCase {pb::ALL_GATHER, 16},
                                           CollectiveCase {pb::ALL_TO_ALL, 8},
                                           CollectiveCase {pb::ALL_TO_ALL, 16}),
                         [](const ::testing::TestParamInfo<CollectiveCase>& i) {
                             return pb::CollectiveCommType_Name(i.param.type) + "_"
                                  + std::to_string(i.param.ranks);
                         });

TEST_F(ChakraReplayTest, ComputeAndCommunicationChainsAddUp)
{
    // Every rank: 100 us compute -> all-reduce 8 MiB -> 50 us compute; rank 0 then sends
    // 4 MiB to rank 1, whose 30 us compute waits for it.
    const uint32_t n = 8;
    const uint64_t s = 8ull << 20;
    const uint64_t p2p = 4ull << 20;
    ScratchDir dir("chakra-chain");
    std::vector<Rank> ranks(n);
    for (uint32_t r = 0; r < n; ++r)
    {
        ranks[r].Compute(1, 100).Collective(2, pb::ALL_REDUCE, s, {1}).Compute(3, 50, {2});
    }
    ranks[0].Send(4, pb::COMM_SEND_NODE, 1, p2p, {3});
    ranks[1].Send(4, pb::COMM_RECV_NODE, 0, p2p).Compute(5, 30, {4});
    WriteTrace(dir / "chain", ranks);
    TrainingReport rep = Replay(dir / "chain");
    const double bound = 2.0 * (n - 1) / n * s / B_EFF;
    const double model = 2 * (n - 1) * (double(s) / n / B_EFF + ALPHA);
    const double sendBound = double(p2p) / B_EFF;
    const double sendModel = sendBound + ALPHA;
    const double t = rep.stepUs * 1e-6;
    std::printf("chain: %.2f us (bounds %.2f - %.2f)\n",
                t * 1e6,
                (180e-6 + bound + sendBound) * 1e6,
                (180e-6 + model + sendModel) * 1e6);
    EXPECT_GE(t, 180e-6 + bound + sendBound);
    EXPECT_LE(t, (180e-6 + model + sendModel) * 1.01);
    // Rank 1 computed 180 us, the others 150 us.
    EXPECT_NEAR(rep.all.computeUs, (7 * 150.0 + 180.0) / 8, 0.01);
}

TEST_F(ChakraReplayTest, RankFilesAreFoundByPrefixDirectoryOrOneFile)
{
    ScratchDir dir("chakra-find");
    std::vector<Rank> ranks(2);
    ranks[0].Compute(1, 10);
    ranks[1].Compute(1, 20);
    std::filesystem::create_directories(dir / "d");
    WriteTrace(dir / "d/job", ranks);
    for (const std::string& path : {dir / "d/job", dir / "d", dir / "d/job.1.et"})
    {
        std::vector<std::string> files = ChakraRankFiles(path);
        ASSERT_EQ(files.size(), 2u) << path;
        EXPECT_EQ(files[1], dir / "d/job.1.et") << path;
        EXPECT_TRUE(IsChakraTrace(path)) << path;
    }
    EXPECT_FALSE(IsChakraTrace(dir / "nothing"));
    // Reports name the ranks, not the pipeline stages the replay uses inside.
    EXPECT_EQ(ReadChakraWorkload(dir / "d/job", ChakraOptions(), 1).layoutText,
              "2 Chakra ranks, no parallel groups");
}

/// Expect reading @p prefix to fail with a message containing every part of @p parts.
void
ExpectError(const std::string& prefix, const std::vector<std::string>& parts)
{
    try
    {
        ReadChakraWorkload(prefix, ChakraOptions(), 1);
        ADD_FAILURE() << prefix << ": no error";
    }
    catch (const TraceError& e)
    {
        for (const auto& part : parts)
        {
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
                << "'" << e.what() << "' lacks '" << part << "'";
        }
    }
}

TEST_F(ChakraReplayTest, MalformedTracesGiveOneLocatedError)
{
    ScratchDir dir("chakra-bad");
    auto write = [&](const std::string& name, std::vector<Rank> ranks) {
        WriteTrace(dir / name, ranks);
        return dir / name;
    };
    {
        std::vector<Rank> r(2);
        r[0].Collective(1, pb::ALL_REDUCE, 1 << 20);
        r[1].Collective(1, pb::ALL_GATHER, 1 << 20);
        ExpectError(write("mismatch", r),
                    {"mismatch.1.et: node 1 (node1): collective #1 is all-gather of 1048576 B",
                     "on rank 0 it is all-reduce"});
    }
    {
        std::vector<Rank> r(2);
        r[0].Collective(1, pb::ALL_REDUCE, 1 << 20);
        r[1].Compute(1, 5);
        ExpectError(write("missing", r), {"missing.1.et: 0 collectives, but rank 0"});
    }
    {
        std::vector<Rank> r(1);
        r[0].Compute(1, 5, {9});
        ExpectError(write("dep", r),
                    {"dep.0.et: node 1 (node1): depends on node 9, which this rank's file lacks"});
    }
    {
        std::vector<Rank> r(1);
        r[0].Collective(1, pb::BARRIER, 8);
        ExpectError(write("barrier", r), {"comm_type 9 (BARRIER) is not replayed"});
    }
    {
        std::vector<Rank> r(2);
        r[0].Collective(1, pb::ALL_REDUCE, 1 << 20).Collective(2, pb::ALL_GATHER, 1 << 20);
        r[1].Collective(1, pb::ALL_REDUCE, 1 << 20).Collective(2, pb::ALL_GATHER, 1 << 20);
        r[1].nodes[0].add_data_deps(2); // rank 1 runs them the other way round: deadlock
        ExpectError(write("cycle", r), {"cycle"});
    }
    {
        std::vector<Rank> r(2);
        r[0].Send(1, pb::COMM_SEND_NODE, 1, 4096);
        r[1].Compute(1, 5);
        ExpectError(write("unmatched", r),
                    {"1 sends from rank 0 to rank 1 with tag 7, but 0 receives"});
    }
    {
        std::vector<Rank> r(1);
        r[0].Add(1, pb::COMM_COLL_NODE);
        ExpectError(write("noattr", r), {"COMM_COLL_NODE has no attribute comm_type"});
    }
    // A gap in the ranks, a truncated file, bytes that are not a Chakra message.
    std::vector<Rank> two(2);
    two[0].Compute(1, 5);
    two[1].Compute(1, 5);
    WriteTrace(dir / "gap", two);
    std::filesystem::rename(dir / "gap.1.et", dir / "gap.2.et");
    ExpectError(dir / "gap", {"gap.2.et"});
    WriteTrace(dir / "cut", two);
    std::string bytes = ReadText(dir / "cut.1.et");
    WriteText(dir / "cut.1.et", bytes.substr(0, bytes.size() - 3));
    ExpectError(dir / "cut", {"cut.1.et: byte", "remain (a truncated file?)"});
    WriteText(dir / "text.0.et", "\x05hello world, not protobuf");
    ExpectError(dir / "text", {"text.0.et: byte 0: the GlobalMetadata is not a valid Chakra"});
    ExpectError(dir / "none", {"none: no Chakra trace here (expected"});
    // The example program: the same message and exit status 2.
    RunResult cli = RunCommand(std::string(FABRIC_BINARY_DIR) + "/examples/training-step --chakra="
                               + Sh(dir / "mismatch") + " --topology=leaf-spine");
    EXPECT_EQ(cli.status, 2) << cli.output;
    EXPECT_NE(cli.output.find("collective #1 is all-gather"), std::string::npos) << cli.output;
}
