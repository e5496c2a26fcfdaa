/*
 * NCCL-faithful traffic and the metrics a synchronous job feels: all-to-all in NCCL's peer
 * order, queue pairs per connection, FCT at the sender beside the receiver's, job completion
 * and throughput as a share of the physical ceiling.
 */
#include "config/collective-config.h"
#include "experiment/collective-runner.h"
#include "experiment/scenario.h"
#include "fabric-test-util.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

#include <set>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

class TrafficMetricsTest : public SimulatorTest
{
};

} // namespace

TEST_F(TrafficMetricsTest, AllToAllPostsInNcclPeerOrder)
{
    // Sender s connects to s+1, s+2, ... (mod n), so at any moment the senders address
    // different receivers; in destination order 0..n-1 they would all hit one receiver.
    const uint32_t n = 16;
    TrafficSpec traffic;
    traffic.pattern = "all-to-all";
    traffic.bytes = 4096;
    ScenarioOptions options;
    bool checked = false;
    options.onBuilt = [&](Fabric& f) {
        for (uint32_t s = 0; s < n; ++s)
        {
            ASSERT_EQ(f.nics[s]->GetNQueuePairs(), 2 * (n - 1)); // n-1 sending, n-1 receiving
            std::set<uint32_t> firstPeers;
            for (uint32_t i = 1; i < n; ++i)
            {
                // The i-th QP this NIC created as requester (requester and responder QPs of
                // other NICs interleave, so find it by the peer address).
                Ipv4Address want = f.GetAddress((s + i) % n);
                bool found = false;
                for (uint32_t q = 0; q < f.nics[s]->GetNQueuePairs() && !found; ++q)
                {
                    const RdmaNic& nic = *f.nics[s];
                    uint32_t qpn = RdmaNic::FIRST_QPN + q;
                    found = nic.IsRequester(qpn)
                         && Ipv4Address(nic.GetRequester(qpn).remoteIp.Get()) == want;
                    if (found && i == 1)
                    {
                        // The first QP it made as a requester goes to s + 1.
                        for (uint32_t e = 0; e < q; ++e)
                        {
                            EXPECT_FALSE(nic.IsRequester(RdmaNic::FIRST_QPN + e))
                                << "sender " << s << " posted to another peer before "
                                << (s + 1) % n;
                        }
                    }
                }
                EXPECT_TRUE(found) << "sender " << s << " peer " << (s + i) % n;
            }
        }
        checked = true;
    };
    ResultRow r = RunScenario(
        TopologySpec::LeafSpine(n, 8, 8), *FabricProfile::FromName("ideal"), traffic, options);
    EXPECT_TRUE(checked);
    EXPECT_EQ(r.GetNumber("completed"), n * (n - 1));
}

TEST_F(TrafficMetricsTest, SenderFctJobCompletionAndCeiling)
{
    // One 8 MiB flow on an idle fabric: goodput = line rate x payload share, so the job's
    // share of the ceiling is ~100% (less the one-RTT start and the last ACK's return); the
    // sender sees the last ACK after the receiver saw the last byte.
    auto f = FabricHelper(TopologySpec::LeafSpine(16, 8, 8), *FabricProfile::FromName("ideal"))
                 .Build();
    FlowRunner runner(*f);
    runner.AddFlow({0, 9, 8u << 20, Time(0), 0});
    runner.AddFlow({1, 10, 8u << 20, MicroSeconds(5), 0});
    Simulator::Run();
    FlowSummary s = runner.Summarize();
    ASSERT_EQ(s.completed, 2u);
    for (const auto& r : runner.GetRecords())
    {
        EXPECT_GT(r.acked, r.finish);
    }
    EXPECT_GE(s.senderFctMaxUs, s.fctMaxUs);
    EXPECT_GE(s.jobCompletionUs, s.completionUs);
    double last = std::max(runner.GetRecords()[0].acked, runner.GetRecords()[1].acked).GetSeconds();
    EXPECT_NEAR(s.jobCompletionUs, last * 1e6, 1e-3);
    EXPECT_NEAR(s.aggregateCeilingPct, s.aggregatePct / MAX_GOODPUT, 1e-9);
    // 8 MiB at 392 Gb/s of payload takes 171 us; the start, the 5 us offset and an RTT cost
    // a few us: between 94% and 100% of the ceiling.
    EXPECT_GT(s.aggregateCeilingPct, 94.0);
    EXPECT_LE(s.aggregateCeilingPct, 100.0);
}

TEST_F(TrafficMetricsTest, QueuePairsPerConnectionCarryTheMessagesRoundRobin)
{
    // 4 QPs per connection: a ring all-reduce makes 4x the QPs, each QP carries a quarter of
    // the messages, and the result on an idle fabric is the same time as with one QP.
    const uint32_t n = 8;
    Ptr<CollectiveAlgorithm> algo;
    std::string error;
    algo = CreateCollectiveAlgorithm("all-reduce", "ring", 1, 64 << 10, &error);
    ASSERT_TRUE(algo) << error;
    TopologySpec t = TopologySpec::LeafSpine(16, 8, 8);
    t.gpusPerServer = 1;
    double times[2] = {0, 0};
    for (uint32_t qps : {1u, 4u})
    {
        Config::SetDefault("ns3::fabric::CollectiveEngine::QpsPerConnection", UintegerValue(qps));
        CollectiveRunner run(t, *FabricProfile::FromName("ideal"));
        auto r = run.Run(algo, {Communicator::Range(0, n)}, 4u << 20);
        ASSERT_TRUE(r.completed);
        EXPECT_EQ(run.GetEngine()->GetNConnections(), n * qps);
        times[qps == 4] = r.timeUs;
        if (qps == 4)
        {
            // Rank 0 sends 2(n-1) steps x 8 chunks of 64 KiB to rank 1: 112 messages, 28 per QP.
            uint64_t perQp[4] = {0, 0, 0, 0};
            for (uint32_t q = 0; q < 4; ++q)
            {
                perQp[q] = run.GetFabric().nics[0]->GetRequester(RdmaNic::FIRST_QPN + q).nextMsgId;
            }
            for (uint32_t q = 0; q < 4; ++q)
            {
                EXPECT_EQ(perQp[q], perQp[0]) << "QP " << q;
                EXPECT_GT(perQp[q], 0u);
            }
        }
        ExpectConserved(run.GetFabric());
        Simulator::Destroy();
    }
    Config::SetDefault("ns3::fabric::CollectiveEngine::QpsPerConnection", UintegerValue(1));
    EXPECT_NEAR(times[1], times[0], 0.02 * times[0]);
}
