/*
 * RoCEv2 transport over the fabric: goodput on an idle path, fair sharing, go-back-N recovery,
 * out-of-order placement, and permutation completion time against a fluid model.
 */
#include "fabric-test-util.h"
#include "helper/fabric-profile.h"
#include "model/headers/roce-header.h"

#include "ns3/error-model.h"

#include <list>
#include <map>
#include <set>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

/// Make the NIC of GPU @p gpu lose the 10th frame it receives.
void
LoseTenthFrame(Fabric& f, uint32_t gpu)
{
    Ptr<ReceiveListErrorModel> em = CreateObject<ReceiveListErrorModel>();
    em->SetList({9});
    f.nics[gpu]->SetAttribute("ReceiveErrorModel", PointerValue(em));
}

} // namespace

class TransportTest : public SimulatorTest
{
protected:
    /// A 2-tier fabric of @p gpus GPUs, 8 per leaf, 1:1.
    std::unique_ptr<Fabric> Build(uint32_t gpus,
                                  const std::string& receiveMode = "InOrder",
                                  uint32_t spines = 8)
    {
        FabricBuilder b;
        b.SetNicAttribute("ReceiveMode", StringValue(receiveMode));
        return b.Build(TopologySpec::LeafSpine(gpus, 8, spines));
    }
};

TEST_F(TransportTest, OneFlowOnAnIdlePathReachesTheGoodputCeiling)
{
    auto f = Build(16);
    FlowRunner runner(*f);
    const uint64_t bytes = 64ull << 20; // long enough that path latency is < 0.2% of the FCT
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    Simulator::Run();
    const FlowRecord& r = runner.GetRecords()[0];
    ASSERT_FALSE(r.finish.IsNegative());
    double goodput = bytes * 8.0 / r.Fct().GetSeconds() / LINE_RATE_BPS;
    // Theory: 4096 / 4178 = 98.04% at best; the path latency costs a little.
    EXPECT_GE(goodput, 0.975);
    EXPECT_LE(goodput, MAX_GOODPUT);
    // The wire time of the data alone, plus at most 10 us of path latency.
    double ideal = (bytes / 4096.0) * 4178 * 8 / LINE_RATE_BPS;
    EXPECT_NEAR(r.Fct().GetSeconds(), ideal, 10e-6);
    EXPECT_EQ(f->CollectStats().retransmittedPackets, 0u);
    ExpectConserved(*f);
}

TEST_F(TransportTest, AMaximalPfcPauseHoldsAPortFor65535QuantaOf512BitTimes)
{
    // IEEE 802.1Qbb: a quantum is 512 bit times at the port's rate, so 65535 quanta at
    // 400 Gb/s last 65535 x 512 / 400e9 s = 83.8848 us (a product past 2^64 in picoseconds).
    auto f = Build(16);
    Ptr<RdmaNic> nic = f->nics[0];
    const Time pause = PicoSeconds(65535ll * 512 * 10 / 4); // 10^12 / (400 x 10^9) = 10 / 4
    ASSERT_EQ(pause.GetPicoSeconds(), 83884800);
    bool pausedBefore = false;
    bool pausedAfter = true;
    Simulator::Schedule(Time(0), [&] {
        nic->ApplyPause(3, 65535);
    });
    Simulator::Schedule(pause - PicoSeconds(1), [&] {
        pausedBefore = nic->IsPaused(3);
    });
    Simulator::Schedule(pause, [&] {
        pausedAfter = nic->IsPaused(3);
    });
    Simulator::Run();
    EXPECT_TRUE(pausedBefore);
    EXPECT_FALSE(pausedAfter);
    const FabricNetDevice& port = *nic;
    EXPECT_EQ(port.GetCounters().pausedTime, pause);
    EXPECT_EQ(port.GetCounters().pausesReceived, 1u);
}

TEST_F(TransportTest, TwoFlowsShareOneBottleneckFairly)
{
    // Two senders on different leaves into one receiver: its downlink is the bottleneck.
    auto f = Build(32);
    FlowRunner runner(*f);
    const uint64_t bytes = 8ull << 20;
    runner.AddFlow({8, 0, bytes, Time(0), 0});
    runner.AddFlow({16, 0, bytes, Time(0), 0});
    Simulator::Run();
    double a = runner.GetRecords()[0].Fct().GetSeconds();
    double b = runner.GetRecords()[1].Fct().GetSeconds();
    // Each gets half the ceiling: both finish at 2 x bytes / (0.98 x line rate).
    double fair = 2.0 * (bytes / 4096.0) * 4178 * 8 / LINE_RATE_BPS;
    EXPECT_NEAR(a, fair, 0.03 * fair);
    EXPECT_NEAR(b, fair, 0.03 * fair);
    // Jain's index of the two throughputs.
    double ta = bytes / a;
    double tb = bytes / b;
    double jain = (ta + tb) * (ta + tb) / (2 * (ta * ta + tb * tb));
    EXPECT_GT(jain, 0.99);
    ExpectConserved(*f);
}

TEST_F(TransportTest, GoBackNRecoversFromAnInjectedDrop)
{
    auto f = Build(16);
    LoseTenthFrame(*f, 8);
    FlowRunner runner(*f);
    const uint64_t bytes = 1ull << 20;
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    Simulator::Run();
    const FlowRecord& r = runner.GetRecords()[0];
    ASSERT_FALSE(r.finish.IsNegative()) << "message never completed";
    EXPECT_FALSE(r.acked.IsNegative());
    FabricStats s = f->CollectStats();
    EXPECT_EQ(s.errorModelDrops, 1u);
    EXPECT_EQ(s.naksSent, 1u); // one NAK for the gap, not one per discarded packet
    EXPECT_GE(s.retransmittedPackets, 1u);
    EXPECT_EQ(s.timeouts, 0u); // the NAK, not the timer, recovered
    // Every byte arrived exactly once at the application.
    EXPECT_EQ(f->nics[8]->GetCounters().payloadBytesAccepted, bytes);
    EXPECT_EQ(f->nics[8]->GetCounters().messagesReceived, 1u);
    ExpectConserved(*f);
}

TEST_F(TransportTest, OutOfOrderNicRecoversALossByTimeoutWithoutNaks)
{
    auto f = Build(16, "OutOfOrder");
    LoseTenthFrame(*f, 8);
    FlowRunner runner(*f);
    const uint64_t bytes = 1ull << 20;
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    Simulator::Run();
    ASSERT_FALSE(runner.GetRecords()[0].finish.IsNegative());
    FabricStats s = f->CollectStats();
    EXPECT_EQ(s.naksSent, 0u);
    EXPECT_GE(s.timeouts, 1u);
    EXPECT_EQ(f->nics[8]->GetCounters().messagesReceived, 1u);
    ExpectConserved(*f);
}

namespace
{

/// A receive policy of the test's own: discard anything beyond ePSN and say nothing (no NAK),
/// so that only the requester's timer can recover a loss.
class SilentDiscard : public ReceivePolicy
{
public:
    const char* GetName() const override { return "SilentDiscard"; }

    bool HoldsBeyondExpected() const override { return false; }

    bool Receive(ResponderOps& nic, ResponderQp&, uint32_t, bool, uint32_t, bool&) override
    {
        nic.CountOutOfOrderDiscard();
        calls++;
        return false;
    }

    uint32_t calls {0};
};

} // namespace

TEST_F(TransportTest, TheReceiveModeIsAPolicyAndANicTakesOneOfItsOwn)
{
    auto f = Build(16);
    EXPECT_STREQ(f->nics[8]->GetReceivePolicy()->GetName(), "InOrder");
    f->nics[8]->SetAttribute("ReceiveMode", StringValue("OutOfOrder"));
    EXPECT_STREQ(f->nics[8]->GetReceivePolicy()->GetName(), "OutOfOrder");
    // The receiver discards silently; it loses the 10th frame of a 256-packet message sent
    // at once (no congestion control): packets 10..255 are discarded (246). ACKs go every 4
    // packets (AckInterval), so the last one covered PSNs 0..7: the timer goes back to PSN 8
    // once, 248 packets are sent again, and PSN 8 arrives a second time (a duplicate).
    Ptr<SilentDiscard> policy = Create<SilentDiscard>();
    f->nics[8]->SetReceivePolicy(policy);
    LoseTenthFrame(*f, 8);
    FlowRunner runner(*f);
    const uint64_t bytes = 1ull << 20;
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    Simulator::Run();
    ASSERT_FALSE(runner.GetRecords()[0].finish.IsNegative());
    FabricStats s = f->CollectStats();
    EXPECT_EQ(s.naksSent, 0u);
    EXPECT_EQ(s.timeouts, 1u);
    EXPECT_EQ(policy->calls, 246u);
    EXPECT_EQ(f->nics[8]->GetCounters().discards[RdmaNic::DISCARD_OUT_OF_ORDER], 246u);
    EXPECT_EQ(s.retransmittedPackets, 248u);
    EXPECT_EQ(f->nics[8]->GetCounters().discards[RdmaNic::DISCARD_DUPLICATE], 1u);
    EXPECT_EQ(f->nics[8]->GetCounters().payloadBytesAccepted, bytes);
    ExpectConserved(*f);
}

namespace
{

/// An egress marker of the test's own: counts the data frames it is shown at enqueue.
class CountingMarker : public EgressMarking
{
public:
    const char* GetName() const override { return "counting"; }

    bool MarksOnEnqueue() const override { return true; }

    void OnEnqueue(FabricSwitch&, const Ptr<Packet>&, RoceFields& h, SwitchPort&, uint8_t) override
    {
        EXPECT_TRUE(h.m_bth.IsData());
        frames++;
    }

    uint64_t frames {0};
};

} // namespace

TEST_F(TransportTest, SwitchMarkingAndAdmissionArePolicyObjectsChosenOncePerSwitch)
{
    FabricBuilder b;
    b.SetSwitchAttribute("EcnEnabled", BooleanValue(true));
    b.SetSwitchAttribute("TelemetryEnabled", BooleanValue(true));
    b.SetSwitchAttribute("PfcEnabled", BooleanValue(true));
    auto f = b.Build(TopologySpec::LeafSpine(16, 8, 2));
    for (const auto& sw : f->switches)
    {
        auto markers = sw->GetEgressMarkings();
        ASSERT_EQ(markers.size(), 2u);
        EXPECT_STREQ(markers[0]->GetName(), "telemetry"); // stamps first, then marks
        EXPECT_STREQ(markers[1]->GetName(), "ecn");
        ASSERT_TRUE(sw->GetIngressAdmission());
        EXPECT_STREQ(sw->GetIngressAdmission()->GetName(), "pfc");
        EXPECT_EQ(sw->GetIngressAdmission()->GetLosslessPriority(), 3);
    }
    auto plain = Build(16);
    EXPECT_TRUE(plain->switches[0]->GetEgressMarkings().empty());
    EXPECT_FALSE(plain->switches[0]->GetIngressAdmission());
    // A marker of one's own on GPU 0's leaf sees each data frame of a 1 MiB message once:
    // 256 frames of 4 KiB, whether the leaf sends them up (to GPU 8) or down.
    Simulator::Destroy();
    auto g = Build(16);
    Ptr<CountingMarker> counting = Create<CountingMarker>();
    Ptr<FabricSwitch> leaf = g->switches[0]; // the first leaf: GPUs 0-7
    ASSERT_EQ(leaf->GetTier(), 0);
    leaf->AddEgressMarking(counting);
    FlowRunner runner(*g);
    runner.AddFlow({0, 8, 1ull << 20, Time(0), 0});
    Simulator::Run();
    ASSERT_FALSE(runner.GetRecords()[0].finish.IsNegative());
    EXPECT_EQ(counting->frames, 256u);
}

TEST_F(TransportTest, EachQueuePairTimesOutAtItsOwnDeadlineWhenTheTimeoutChangesMidRun)
{
    // Two queue pairs of one NIC whose receivers lose everything. A arms its timer at t = 0
    // with a 50 us timeout; the timeout is then lowered to 20 us and B arms at t = 10 us. B's
    // deadline (30 us) comes before A's check (50 us, when A finds its 20 us long passed): a
    // NIC that checked its timers strictly in arming order would hold B behind A.
    auto f = Build(16);
    for (uint32_t gpu : {8u, 9u})
    {
        Ptr<ReceiveListErrorModel> em = CreateObject<ReceiveListErrorModel>();
        std::list<uint32_t> all;
        for (uint32_t i = 0; i < 100; ++i)
        {
            all.push_back(i);
        }
        em->SetList(all);
        f->nics[gpu]->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    Ptr<RdmaNic> nic = f->nics[0];
    nic->SetAttribute("RetransmitTimeout", TimeValue(MicroSeconds(50)));
    uint32_t a = RdmaNic::Connect(nic, f->nics[8]);
    uint32_t b = RdmaNic::Connect(nic, f->nics[9]);
    Simulator::Schedule(Time(0), [&] {
        nic->PostSend(a, 4096);
    });
    Simulator::Schedule(MicroSeconds(10), [&] {
        nic->SetAttribute("RetransmitTimeout", TimeValue(MicroSeconds(20)));
        nic->PostSend(b, 4096);
    });
    uint64_t aAt35 = 99;
    uint64_t bAt35 = 99;
    uint64_t aAt49 = 99;
    uint64_t aAt51 = 99;
    Simulator::Schedule(MicroSeconds(35), [&] {
        aAt35 = nic->GetRequester(a).timeouts;
        bAt35 = nic->GetRequester(b).timeouts;
    });
    Simulator::Schedule(MicroSeconds(49), [&] {
        aAt49 = nic->GetRequester(a).timeouts;
    });
    Simulator::Schedule(MicroSeconds(51), [&] {
        aAt51 = nic->GetRequester(a).timeouts;
    });
    Simulator::Stop(MicroSeconds(60));
    Simulator::Run();
    EXPECT_EQ(bAt35, 1u); // at 10 us + 20 us (plus the packet's time on the wire)
    EXPECT_EQ(aAt35, 0u);
    EXPECT_EQ(aAt49, 0u); // armed at 0 with 50 us: first checked at 50 us
    EXPECT_EQ(aAt51, 1u);
}

TEST_F(TransportTest, QueuePairsHoldMessagesAndReorderingStateOnlyWhileInUse)
{
    // A hole at PSN 9 on an out-of-order NIC: the responder holds what arrives beyond it until
    // the timer resends PSN 9 (RetransmitTimeout, here 50 us, after the last progress).
    auto f = Build(16, "OutOfOrder");
    f->nics[0]->SetAttribute("RetransmitTimeout", TimeValue(MicroSeconds(50)));
    LoseTenthFrame(*f, 8);
    FlowRunner runner(*f);
    const uint64_t bytes = 1ull << 20; // 256 packets, 21.4 us at line rate
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    const RequesterQp& requester = f->nics[0]->GetRequester(RdmaNic::FIRST_QPN);
    const ResponderQp& responder = f->nics[8]->GetResponder(RdmaNic::FIRST_QPN);
    bool sending = false;
    uint32_t held = 0;
    Simulator::Schedule(MicroSeconds(30), [&]() {
        // Everything but PSN 9 has been sent and placed; nothing can be retired past the hole.
        sending = requester.send != nullptr;
        held = responder.HeldPsns();
    });
    Simulator::Run();
    ASSERT_FALSE(runner.GetRecords()[0].finish.IsNegative());
    EXPECT_TRUE(sending);
    EXPECT_EQ(held, bytes / 4096 - 10); // PSNs 10..255 wait for PSN 9
    // Done: the message list and the reordering state went back to their NICs' pools, and
    // what stays is the fixed part, with the requester's congestion control (its state
    // carries over idle time).
    EXPECT_EQ(requester.send, nullptr);
    EXPECT_EQ(responder.reorder, nullptr);
    EXPECT_EQ(responder.HeldPsns(), 0u);
    EXPECT_TRUE(requester.cc);
    // Both ends of a connection within the 256 bytes an idle connection may hold.
    EXPECT_LE(sizeof(RequesterQp) + sizeof(ResponderQp), 256u);
    ExpectConserved(*f);
}

namespace
{

/// Payload bytes the receiver holds at @p at when a window-limited out-of-order QP loses its
/// 10th packet (PSN 9) of a 4 MiB message and only the timer can recover it.
uint64_t
AcceptedBeforeTheTimeout(bool selectiveAck, uint64_t bytes, Time at)
{
    FabricBuilder b;
    b.SetNicAttribute("ReceiveMode", StringValue("OutOfOrder"));
    b.SetNicAttribute("SelectiveAck", BooleanValue(selectiveAck));
    // A window of one bandwidth-delay product: switches add no telemetry, so it stays there.
    b.SetNicAttribute("CongestionControl", StringValue("ns3::fabric::TelemetryCongestionControl"));
    b.SetNicAttribute("BaseRtt", TimeValue(MicroSeconds(8)));
    b.SetNicAttribute("RetransmitTimeout", TimeValue(MicroSeconds(200)));
    auto f = b.Build(TopologySpec::LeafSpine(16, 8, 8));
    LoseTenthFrame(*f, 8);
    FlowRunner runner(*f);
    runner.AddFlow({0, 8, bytes, Time(0), 0});
    uint64_t accepted = 0;
    Simulator::Schedule(at, [&accepted, nic = f->nics[8]]() {
        accepted = nic->GetCounters().payloadBytesAccepted;
    });
    Simulator::Run();
    EXPECT_EQ(f->nics[8]->GetCounters().messagesReceived, 1u);
    EXPECT_TRUE(f->CollectStats().Conserved());
    Simulator::Destroy();
    return accepted;
}

} // namespace

TEST_F(TransportTest, SelectiveAckKeepsTheWindowOpenPastAHole)
{
    // Window W = 400 Gb/s x 8 us = 400,000 B. PSN 9 is lost; the out-of-order receiver keeps
    // everything after it, but its cumulative ACK stays at PSN 8 until the timer resends PSN 9.
    // Counting every PSN since the hole as in flight, the requester stops once
    // (next - 9) x 4096 >= W, i.e. at next = 9 + ceil(400000 / 4096) = 107: the receiver holds
    // PSNs 0..106 but 9, 106 packets. When the ACKs report the PSNs held, only the hole is in
    // flight, and the whole message but the lost packet arrives before the timer fires
    // (1024 packets take 85.6 us on the wire; sampled at 150 us, the timeout is 200 us).
    const uint64_t bytes = 4ull << 20;
    const Time at = MicroSeconds(150);
    const uint64_t windowPackets = (400000 + 4095) / 4096;
    EXPECT_EQ(AcceptedBeforeTheTimeout(false, bytes, at), (9 + windowPackets - 1) * 4096);
    EXPECT_EQ(AcceptedBeforeTheTimeout(true, bytes, at), bytes - 4096);
}

namespace
{

/// How long the last ACK of a 64 KiB message from GPU 0 to GPU 8, posted at 20 us, takes to
/// come back while GPUs 1-3 (same leaf) send to GPU 0 at line rate, with ACKs on @p ackDscp.
Time
AckDelayBehindAnIncast(uint8_t ackDscp)
{
    FabricBuilder b;
    b.SetNicAttribute("AckDscp", UintegerValue(ackDscp));
    b.SetSwitchAttribute("BufferSize", QueueSizeValue(QueueSize("128MiB")));
    auto f = b.Build(TopologySpec::LeafSpine(16, 8, 8));
    FlowRunner runner(*f);
    for (uint32_t src = 1; src <= 3; ++src)
    {
        runner.AddFlow({src, 0, 8ull << 20, Time(0), 0});
    }
    runner.AddFlow({0, 8, 64ull << 10, MicroSeconds(20), 0});
    Simulator::Run();
    const FlowRecord& r = runner.GetRecords()[3];
    EXPECT_TRUE(f->CollectStats().Conserved());
    Simulator::Destroy();
    return r.acked - r.finish;
}

} // namespace

TEST_F(TransportTest, AcksOnTheStrictPriorityClassSkipTheDataQueue)
{
    // Three senders at line rate into GPU 0's ToR port grow its queue at two line rates, so a
    // frame queued there at time t waits about 2t behind the data. GPU 0's own message to GPU 8
    // finishes near t = 21 us; its ACK comes back through that port. In the data class it
    // waits behind ~40 us of queue (asserted: 20 us more than the idle path); on the
    // strict-priority class (DSCP 48) it takes the idle path's one-way latency: 4 cables,
    // 3 switch pipelines, and at most one data frame already on the wire at each of the 4
    // transmitters (frames are not preempted).
    TopologySpec spec = TopologySpec::LeafSpine(16, 8, 8);
    const double frame = 4224 * 8 / 400e9;
    Time idle = 2 * (spec.hostLink.delay + spec.leafLink.delay) + 3 * NanoSeconds(600)
              + Seconds(4 * frame);
    EXPECT_GT(AckDelayBehindAnIncast(26), idle + MicroSeconds(20));
    EXPECT_LT(AckDelayBehindAnIncast(48), idle);
}

TEST_F(TransportTest, MarkedAndStampedFramesKeepConsistentLengths)
{
    // With ECN marking and telemetry stamping both on, a switch may stamp a record and then
    // mark the same frame: the IPv4 total length must still be the frame after the Ethernet
    // header, the UDP length that minus the IPv4 header, and the IPv4 checksum right, on every
    // frame a NIC receives.
    FabricBuilder b;
    FabricProfile::FromName("spectrum-x")->ApplyTo(b);
    b.SetSwitchAttribute("EcnEnabled", BooleanValue(true));
    b.SetSwitchAttribute("EcnKmin", QueueSizeValue(QueueSize("1KiB")));
    b.SetSwitchAttribute("EcnKmax", QueueSizeValue(QueueSize("2KiB")));
    auto f = b.Build(TopologySpec::LeafSpine(32, 8, 8));
    uint64_t frames = 0;
    uint64_t wrong = 0;
    for (auto& nic : f->nics)
    {
        nic->TraceConnectWithoutContext(
            "Sniffer", MakeCallback(+[](uint64_t* n, uint64_t* bad, Ptr<const Packet> p) {
                           RoceFields h;
                           h.PeekFrom(*p);
                           if (!h.IsRoce())
                           {
                               return;
                           }
                           ++*n;
                           uint32_t ip = p->GetSize() - RoceEthernetFields::SIZE;
                           *bad += h.m_ip.m_totalLength != ip
                                || h.m_udp.m_length != ip - RoceIpv4Fields::SIZE
                                || !h.m_ip.IsChecksumOk();
                       }).Bind(&frames, &wrong));
    }
    FlowRunner runner(*f);
    for (uint32_t i = 8; i < 32; ++i)
    {
        runner.AddFlow({i, 0, 1ull << 20, Time(0), 0}); // a 24-to-1 incast: marks and records
    }
    Simulator::Run();
    FabricStats s = f->CollectStats();
    EXPECT_GT(s.ecnMarked, 0u);
    EXPECT_GT(frames, 0u);
    EXPECT_EQ(wrong, 0u);
}

TEST_F(TransportTest, ManyMessagesOnOneQueuePairCompleteInOrder)
{
    auto f = Build(16);
    std::vector<uint64_t> sizes = {1, 4095, 4096, 4097, 100000, 3 * 4096};
    std::vector<uint64_t> got;
    f->nics[9]->SetReceiveCompleteCallback(
        RdmaNic::MessageCallback([&got](uint32_t, uint64_t, uint64_t bytes) {
            got.push_back(bytes);
        }));
    uint32_t qpn = RdmaNic::Connect(f->nics[1], f->nics[9]);
    for (uint64_t s : sizes)
    {
        f->nics[1]->PostSend(qpn, s);
    }
    Simulator::Run();
    EXPECT_EQ(got, sizes);
    EXPECT_EQ(f->nics[1]->GetCounters().messagesSent, sizes.size());
    ExpectConserved(*f);
}

TEST_F(TransportTest, PermutationCompletionMatchesTheFluidModelOnTheTakenPaths)
{
    // 128 GPUs, 16 leaves of 8, 8 spines: ECMP collisions make some links carry several flows.
    auto f = Build(128);
    // Record each flow's links: (switch, egress port) at every hop, plus its NIC uplink.
    std::map<std::pair<uint32_t, uint16_t>, std::set<uint32_t>> linkFlows;
    std::map<uint32_t, uint32_t> flowOfSource; // source IP -> flow index
    for (const auto& sw : f->switches)
    {
        uint32_t id = sw->GetId();
        sw->TraceConnectWithoutContext(
            "Forward",
            Callback<void, Ptr<const Packet>, uint16_t, uint16_t>(
                [&linkFlows, id](Ptr<const Packet> p, uint16_t, uint16_t out) {
                    RoceHeader h;
                    h.PeekFrom(*p);
                    if (h.m_bth.IsData())
                    {
                        linkFlows[{id, out}].insert(h.m_ip.m_source.Get());
                    }
                }));
    }
    FlowRunner runner(*f);
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(3);
    auto dst = FlowRunner::CrossLeafPermutation(*f, rng);
    const uint64_t bytes = 512 * 1024;
    for (uint32_t g = 0; g < f->NumGpus(); ++g)
    {
        runner.AddFlow({g, dst[g], bytes, Time(0), 0});
    }
    Simulator::Run();
    FlowSummary s = runner.Summarize();
    ASSERT_EQ(s.completed, 128u);

    // Fluid model: all flows start together and are equal, so the link carrying the most flows
    // finishes last: T = k_max x bytes on the wire / line rate, plus one idle-path latency.
    std::size_t kMax = 1; // every NIC uplink carries exactly one flow
    for (const auto& [link, flows] : linkFlows)
    {
        kMax = std::max(kMax, flows.size());
    }
    double wireSeconds = (bytes / 4096.0) * 4178 * 8 / LINE_RATE_BPS;
    // Idle path: 4 links (100 + 500 + 500 + 100 ns), 3 switches (600 ns), one packet's
    // serialization per hop (store and forward).
    double latency = 1.2e-6 + 1.8e-6 + 4 * 4178 * 8 / LINE_RATE_BPS;
    double fluid = kMax * wireSeconds + latency;
    double simulated = s.completionUs * 1e-6;
    EXPECT_NEAR(simulated, fluid, 0.10 * fluid) << "k_max " << kMax;
    EXPECT_GE(kMax, 2u); // the check is meaningful only with collisions
    ExpectConserved(*f);
}

TEST_F(TransportTest, ACompletionCallbackMayConnectNewQueuePairs)
{
    // The NIC is inside ReceiveData for a QP when it calls the callback; connecting new QPs
    // there must not invalidate that QP.
    auto f = Build(16);
    Ptr<RdmaNic> receiver = f->nics[9];
    uint32_t received = 0;
    receiver->SetReceiveCompleteCallback(
        RdmaNic::MessageCallback([&f, &received, receiver](uint32_t, uint64_t, uint64_t) {
            received++;
            for (int i = 0; i < 200; ++i)
            {
                RdmaNic::Connect(receiver, f->nics[1]);
            }
        }));
    uint32_t qpn = RdmaNic::Connect(f->nics[1], receiver);
    for (int m = 0; m < 5; ++m)
    {
        f->nics[1]->PostSend(qpn, 3 * 4096 + 100);
    }
    Simulator::Run();
    EXPECT_EQ(received, 5u);
    EXPECT_EQ(receiver->GetNQueuePairs(), 1u + 5 * 200);
    ExpectConserved(*f);
}

TEST_F(TransportTest, EachQueuePairGetsItsOwnCongestionControlWithTheNicsSettings)
{
    auto f = Build(16);
    Ptr<RdmaNic> nic = f->nics[1];
    nic->SetAttribute("CongestionControl",
                      StringValue("ns3::fabric::DcqcnCongestionControl[RateAi=7Mbps]"));
    uint32_t a = RdmaNic::Connect(nic, f->nics[9]);
    uint32_t b = RdmaNic::Connect(nic, f->nics[10]);
    Ptr<CongestionControl> ca = nic->GetRequester(a).cc;
    Ptr<CongestionControl> cb = nic->GetRequester(b).cc;
    ASSERT_TRUE(ca && cb);
    EXPECT_NE(PeekPointer(ca), PeekPointer(cb)); // state is per queue pair
    for (const auto& cc : {ca, cb})
    {
        EXPECT_STREQ(cc->GetName(), "dcqcn");
        DataRateValue ai;
        cc->GetAttribute("RateAi", ai);
        EXPECT_EQ(ai.Get().GetBitRate(), 7000000u); // the attribute given, not the default
        EXPECT_EQ(cc->GetRateBps(), LINE_RATE_BPS); // started at line rate
    }
    // A cut on one queue pair leaves the other at line rate.
    ca->OnCnp();
    EXPECT_LT(ca->GetRateBps(), LINE_RATE_BPS);
    EXPECT_EQ(cb->GetRateBps(), LINE_RATE_BPS);
    // A new setting applies to the queue pairs connected after it.
    nic->SetAttribute("CongestionControl", StringValue("ns3::fabric::TelemetryCongestionControl"));
    uint32_t c = RdmaNic::Connect(nic, f->nics[11]);
    EXPECT_STREQ(nic->GetRequester(c).cc->GetName(), "telemetry");
    EXPECT_STREQ(nic->GetRequester(a).cc->GetName(), "dcqcn");
    // No congestion control keeps no state: one instance serves every queue pair.
    nic->SetAttribute("CongestionControl", StringValue("ns3::fabric::NoCongestionControl"));
    uint32_t d = RdmaNic::Connect(nic, f->nics[12]);
    uint32_t e = RdmaNic::Connect(nic, f->nics[13]);
    EXPECT_EQ(PeekPointer(nic->GetRequester(d).cc), PeekPointer(nic->GetRequester(e).cc));
    EXPECT_EQ(nic->GetRequester(d).cc->GetRateBps(), LINE_RATE_BPS);
    EXPECT_EQ(nic->GetRequester(d).cc->GetWindowBytes(), 0u);
}

namespace
{

/// What the idle-release scenario shows: when each message was acknowledged, and whether the
/// first sender's congestion control existed while it was idle.
struct IdleRun
{
    /// (GPU x 10^6 + QP number x 1000 + message id, time step) of each acknowledged message
    std::vector<std::pair<uint32_t, int64_t>> sent;
    bool ccWhileIdle {false};     //!< the idle QP held its instance
    double rateWhileIdleGbps {0}; //!< its rate then (if held)
    double rateAfterIdleGbps {0}; //!< its rate when data came again
};

/// Two spectrum-x senders share a receiver (so the telemetry CC cuts their windows), go idle
/// for 100 us (the CC restarts after one 8 us base RTT idle), and send again on the same QPs.
IdleRun
RunIdleAndSendAgain(bool release)
{
    Simulator::Destroy();
    FabricBuilder b;
    FabricProfile::FromName("spectrum-x")->ApplyTo(b);
    b.SetNicAttribute("ReleaseIdleCongestionControl", BooleanValue(release));
    auto f = b.Build(TopologySpec::LeafSpine(16, 8, 8));
    for (std::size_t i = 0; i < f->switches.size(); ++i)
    {
        f->switches[i]->AssignStreams(static_cast<int64_t>(i)); // the same draws in both runs
    }
    IdleRun out;
    uint32_t qa = RdmaNic::Connect(f->nics[0], f->nics[8]);
    uint32_t qb = RdmaNic::Connect(f->nics[1], f->nics[8]);
    uint32_t qd = RdmaNic::Connect(f->nics[0], f->nics[9]);
    for (uint32_t gpu : {0u, 1u})
    {
        f->nics[gpu]->TraceConnectWithoutContext(
            "MessageSent",
            MakeCallback(+[](IdleRun* run, uint32_t gpu, uint32_t qpn, uint64_t id, uint64_t) {
                run->sent.emplace_back(gpu * 1000000 + qpn * 1000 + id,
                                       Simulator::Now().GetTimeStep());
            }).Bind(&out, gpu));
    }
    Ptr<RdmaNic> a = f->nics[0];
    Ptr<RdmaNic> bnic = f->nics[1];
    Simulator::Schedule(Time(0), [=] {
        a->PostSend(qa, 1 << 20);
        bnic->PostSend(qb, 1 << 20);
    });
    // Another QP of the first NIC posts while qa is idle: the NIC looks at its idle QPs.
    Simulator::Schedule(MicroSeconds(100), [=] {
        a->PostSend(qd, 4096);
    });
    Simulator::Schedule(MicroSeconds(120), [&out, a, qa] {
        Ptr<CongestionControl> cc = a->GetRequester(qa).cc;
        out.ccWhileIdle = bool(cc);
        out.rateWhileIdleGbps = cc ? cc->GetRateBps() / 1e9 : 0;
    });
    Simulator::Schedule(MicroSeconds(150), [&out, a, bnic, qa, qb] {
        a->PostSend(qa, 1 << 20);
        bnic->PostSend(qb, 1 << 20);
        out.rateAfterIdleGbps = a->GetRequester(qa).cc->GetRateBps() / 1e9;
    });
    Simulator::Run();
    EXPECT_EQ(f->CollectStats().inFlight, 0u);
    EXPECT_TRUE(f->CollectStats().Conserved());
    Simulator::Destroy();
    return out;
}

} // namespace

TEST_F(TransportTest, AnIdleQueuePairsCongestionControlIsFreedAndRemadeAsARestartMakesIt)
{
    IdleRun kept = RunIdleAndSendAgain(false);
    IdleRun freed = RunIdleAndSendAgain(true);
    EXPECT_TRUE(kept.ccWhileIdle);
    EXPECT_FALSE(freed.ccWhileIdle); // idle past its restart time: no instance held
    // A restart and a new instance both start at line rate (a new flow's window).
    EXPECT_DOUBLE_EQ(kept.rateAfterIdleGbps, 400.0);
    EXPECT_DOUBLE_EQ(freed.rateAfterIdleGbps, 400.0);
    // Same results: every message acknowledged at the same picosecond, in the same order.
    ASSERT_EQ(kept.sent.size(), 5u); // two messages on each sender's QP, one on the other
    EXPECT_EQ(freed.sent, kept.sent);
    // The incast made the CC act, so a restart has something to forget: the kept instance
    // idles below line rate.
    EXPECT_LT(kept.rateWhileIdleGbps, 400.0);
}
