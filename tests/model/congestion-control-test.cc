/*
 * Congestion control against theory: DCQCN's alpha/rate recursion, the ECN marking ramp,
 * telemetry CC holding a shared bottleneck near its 95% target with a short queue.
 */
#include "fabric-test-util.h"
#include "helper/fabric-helper.h"
#include "helper/fabric-profile.h"
#include "helper/flow-runner.h"
#include "model/cc/dcqcn.h"
#include "model/cc/telemetry-cc.h"
#include "model/switch/ecn-marking.h"

#include "ns3/data-rate.h"
#include "ns3/double.h"

#include <cmath>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

class CongestionControlTest : public SimulatorTest
{
};

TEST_F(CongestionControlTest, DcqcnRateAfterKCnpsFollowsTheAlphaAndRateRecursion)
{
    // Zhu et al.: on a CNP, Rt = Rc; Rc = Rc (1 - a/2); a = (1 - g) a + g. Between CNPs a
    // decays by (1 - g) per alpha interval. CNPs every 5 us with a 1 us alpha interval: five
    // decays between consecutive CNPs.
    const double g = 1.0 / 16; // a large gain makes the recursion visible in a few steps
    const double line = 400e9;
    Ptr<DcqcnCongestionControl> cc = CreateObject<DcqcnCongestionControl>();
    cc->SetAttribute("G", DoubleValue(g));
    cc->SetAttribute("InitialAlpha", DoubleValue(0.5));
    cc->SetAttribute("AlphaUpdateInterval", TimeValue(MicroSeconds(1)));
    cc->SetAttribute("RateDecreaseInterval", TimeValue(MicroSeconds(4)));
    cc->SetAttribute("IncreaseTimer", TimeValue(Seconds(1))); // no increase during the test
    cc->Start(static_cast<uint64_t>(line), MicroSeconds(8));
    Simulator::Stop(MicroSeconds(100));
    const int k = 8;
    std::vector<double> rates;
    std::vector<double> alphas;
    for (int i = 0; i < k; ++i)
    {
        Simulator::Schedule(MicroSeconds(5 * i), [cc, &rates, &alphas]() {
            cc->OnCnp();
            rates.push_back(static_cast<double>(cc->GetRateBps()));
            alphas.push_back(cc->GetAlpha());
        });
    }
    // A CNP 1 us after the last cut, within the rate-decrease interval, is ignored.
    uint64_t afterLast = 0;
    uint64_t afterIgnored = 0;
    Simulator::Schedule(MicroSeconds(5 * (k - 1)) + NanoSeconds(1), [cc, &afterLast]() {
        afterLast = cc->GetRateBps();
    });
    Simulator::Schedule(MicroSeconds(5 * (k - 1) + 1), [cc, &afterIgnored]() {
        cc->OnCnp();
        afterIgnored = cc->GetRateBps();
    });
    Simulator::Run();
    EXPECT_EQ(afterIgnored, afterLast);
    double a = 0.5;
    double r = line;
    for (int i = 0; i < k; ++i)
    {
        if (i > 0)
        {
            a *= std::pow(1 - g, 5);
        }
        r *= 1 - a / 2;
        a = (1 - g) * a + g;
        EXPECT_NEAR(rates[i], r, r * 1e-9 + 1) << "after CNP " << i + 1;
        EXPECT_NEAR(alphas[i], a, 1e-12) << "after CNP " << i + 1;
    }
}

TEST_F(CongestionControlTest, DcqcnRecoversTowardTheTargetRate)
{
    // Fast recovery: each increase event halves the distance to Rt.
    Ptr<DcqcnCongestionControl> cc = CreateObject<DcqcnCongestionControl>();
    cc->SetAttribute("InitialAlpha", DoubleValue(1.0));
    cc->SetAttribute("IncreaseTimer", TimeValue(MicroSeconds(10)));
    cc->SetAttribute("ByteCounter", UintegerValue(1ull << 40)); // timer only
    cc->Start(400000000000ull, MicroSeconds(8));
    Simulator::Schedule(Time(0), [cc]() {
        cc->OnCnp();
    });
    std::vector<double> rates;
    for (int i = 1; i <= 4; ++i)
    {
        Simulator::Schedule(MicroSeconds(10 * i) + NanoSeconds(1), [cc, &rates]() {
            rates.push_back(static_cast<double>(cc->GetRateBps()));
        });
    }
    Simulator::Stop(MicroSeconds(45));
    Simulator::Run();
    // Rt = 400G, Rc = 200G after the cut; then 300, 350, 375, 387.5 Gb/s.
    std::vector<double> expected = {300e9, 350e9, 375e9, 387.5e9};
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        EXPECT_NEAR(rates[i], expected[i], 1e3) << "increase event " << i + 1;
    }
}

TEST(EcnMarking, ProbabilityFollowsTheKminKmaxPmaxRamp)
{
    EcnMarking m;
    m.kminBytes = 100000;
    m.kmaxBytes = 500000;
    m.pmax = 0.2;
    EXPECT_DOUBLE_EQ(m.Probability(0), 0.0);
    EXPECT_DOUBLE_EQ(m.Probability(100000), 0.0);
    EXPECT_NEAR(m.Probability(300000), 0.1, 1e-12); // halfway up the ramp
    EXPECT_NEAR(m.Probability(500000), 0.2, 1e-12);
    EXPECT_DOUBLE_EQ(m.Probability(500001), 1.0);
}

namespace
{

/// Outcome of N flows into one receiver.
struct IncastResult
{
    double utilization {0}; //!< receiver goodput / (line x 4096/4178), steady state
    double meanQueueKB {0}; //!< mean bottleneck queue, steady state
    double maxQueueKB {0};  //!< largest bottleneck queue after the first base RTTs
    uint64_t drops {0};     //!< frames dropped
    bool conserved {false}; //!< packet conservation
};

/// N senders on other leaves send @p bytes each to GPU 0 under @p profile.
IncastResult
RunIncast(uint32_t n,
          const FabricProfile& profile,
          uint64_t bytes,
          uint32_t gpus = 128,
          QueueSize buffer = QueueSize("128MiB"))
{
    FabricBuilder b;
    profile.ApplyTo(b);
    b.SetSwitchAttribute("BufferSize", QueueSizeValue(buffer));
    b.SetNicAttribute("BaseRtt", TimeValue(MicroSeconds(7)));
    auto f = b.Build(TopologySpec::LeafSpine(gpus, 8, 8));
    FlowRunner runner(*f);
    for (uint32_t i = 0; i < n; ++i)
    {
        runner.AddFlow({8 + i * (gpus - 8) / n, 0, bytes, Time(0), 0});
    }
    Ptr<SwitchPort> bottleneck = f->switches[0]->GetPort(0);
    std::vector<double> queue;
    std::vector<uint64_t> accepted;
    const Time start = MicroSeconds(150);
    const Time step = MicroSeconds(1);
    for (Time t = start; t < MicroSeconds(2000); t += step)
    {
        Simulator::Schedule(t, [&queue, &accepted, bottleneck, nic = f->nics[0]]() {
            queue.push_back(bottleneck->GetQueuedBytes() / 1000.0);
            accepted.push_back(nic->GetCounters().payloadBytesAccepted);
        });
    }
    Simulator::Run();
    IncastResult r;
    Time firstDone = Time::Max();
    for (const auto& rec : runner.GetRecords())
    {
        firstDone = std::min(firstDone, rec.finish);
    }
    // Steady state: from 30 us to when the first flow ends.
    std::size_t end = std::min<std::size_t>(queue.size(), ((firstDone - start) / step).GetHigh());
    double sum = 0;
    for (std::size_t i = 0; i < end; ++i)
    {
        sum += queue[i];
        r.maxQueueKB = std::max(r.maxQueueKB, queue[i]);
    }
    r.meanQueueKB = end ? sum / end : 0;
    if (end > 1)
    {
        double goodput = (accepted[end - 1] - accepted[0]) * 8.0 / ((end - 1) * step.GetSeconds());
        r.utilization = goodput / (LINE_RATE_BPS * MAX_GOODPUT);
    }
    FabricStats s = f->CollectStats();
    r.drops = s.switchDrops;
    r.conserved = s.Conserved();
    return r;
}

} // namespace

TEST_F(CongestionControlTest, TelemetryHoldsASharedBottleneckNearTargetWithAShortQueue)
{
    // HPCC's design point: the bottleneck runs at eta = 95% of its capacity with a queue near
    // zero. Steady state is measured after the start-up burst (every flow opens with one
    // bandwidth-delay product, 317 KB) has drained.
    FabricProfile p = *FabricProfile::FromName("spectrum-x");
    const double bdpKB = 400e9 * 6.34e-6 / 8 / 1000;
    for (uint32_t n : {2u, 4u, 8u, 16u})
    {
        IncastResult r = RunIncast(n, p, 4ull << 20);
        EXPECT_NEAR(r.utilization, 0.95, 0.05) << n << " flows";
        EXPECT_LT(r.meanQueueKB, 0.1 * bdpKB) << n << " flows";
        EXPECT_LT(r.maxQueueKB, 0.5 * bdpKB) << n << " flows";
        EXPECT_EQ(r.drops, 0u);
        EXPECT_TRUE(r.conserved);
        Simulator::Destroy();
    }
}

TEST_F(CongestionControlTest, ARateRaisedByTheTimerTakesEffectAtOnce)
{
    // CNPs cut a DCQCN flow to its 1 Mb/s floor; its next packet would then wait 4178 x 8 /
    // 1e6 = 33 ms. DCQCN's timer raises the rate 300 us after the last cut (fast recovery:
    // Rc = (Rt + Rc) / 2, Rt still the line rate, as no increase came between the cuts), so
    // the pacer must let the flow go then: 1 MiB completes within a millisecond, not 33 ms.
    auto profile = *FabricProfile::FromName("standard");
    auto f = FabricHelper(TopologySpec::LeafSpine(16, 8, 8), profile).Build();
    FlowRunner runner(*f);
    runner.AddFlow({0, 9, 1u << 20, Time(0), 0});
    for (uint32_t k = 0; k < 40; ++k)
    {
        Simulator::Schedule(NanoSeconds(100) + MicroSeconds(4 * k), [nic = f->nics[0]]() {
            nic->GetRequester(RdmaNic::FIRST_QPN).cc->OnCnp();
        });
    }
    Simulator::Run();
    const FlowRecord& r = runner.GetRecords()[0];
    ASSERT_FALSE(r.finish.IsNegative());
    EXPECT_LT(r.finish, MilliSeconds(1));
    EXPECT_GT(r.finish, MicroSeconds(4 * 39 + 300)); // it did wait for the timer
}

namespace
{
/// One ACK echoing a single 400G hop with @p queueBytes queued and transmit utilization
/// @p txUtil; every PSN below @p una is acknowledged and @p nextPsn is the next to send (equal
/// for a queue pair with one packet in flight: HPCC then updates its reference on every ACK).
AckEvent
HopAck(TelemetryHeader& t, uint64_t queueBytes, double txUtil, uint32_t una, uint32_t nextPsn)
{
    t = TelemetryHeader();
    TelemetryHop hop;
    hop.queueBytes = queueBytes;
    hop.txUtilization = txUtil;
    hop.rateBps = 400'000'000'000ull;
    t.Push(hop);
    AckEvent a;
    a.ackedPsn = una;
    a.nextPsn = nextPsn;
    a.telemetry = &t;
    return a;
}

/// Feed @p acks to @p cc one base RTT apart (so each hop's smoothed utilization is that ACK's
/// own sample) and record the rate after each.
std::vector<double>
FeedAcks(Ptr<TelemetryCongestionControl> cc,
         Time baseRtt,
         const std::vector<std::function<AckEvent(TelemetryHeader&)>>& acks)
{
    auto rates = std::make_shared<std::vector<double>>();
    auto header = std::make_shared<TelemetryHeader>();
    for (size_t i = 0; i < acks.size(); ++i)
    {
        Simulator::Schedule(baseRtt * int64_t(i + 1), [=]() {
            cc->OnAck(acks[i](*header));
            rates->push_back(double(cc->GetRateBps()));
        });
    }
    Simulator::Run();
    return *rates;
}
} // namespace

TEST_F(CongestionControlTest, TelemetryWindowFollowsHpccsUpdateRule)
{
    // HPCC (Li et al. 2019, Algorithm 1), with one reference update per ACK (each ACK passes
    // the PSN sent after the previous update): a link at U >= eta gives
    // Wc <- Wc eta / U + W_ai; below eta, W_ai is added maxStage times before the next
    // multiplicative step Wc <- Wc eta / U + W_ai. The rate is W / T.
    // A NIC whose own line rate limits its queue pairs keeps every downstream link at U = 1
    // with no queue: the windows then shrink by eta per RTT until their sum falls below eta x
    // the line rate, which is the behaviour behind the PXN all-to-all's tail (README).
    const Time T = MicroSeconds(10);
    const double line = 400e9, eta = 0.95, maxStage = 5;
    const double wai = 50e6 * T.GetSeconds() / 8; // RateAi 50 Mb/s
    const double bdp = line * T.GetSeconds() / 8;
    Ptr<TelemetryCongestionControl> cc = CreateObject<TelemetryCongestionControl>();
    cc->Start(uint64_t(line), T);
    ASSERT_DOUBLE_EQ(double(cc->GetRateBps()), line);

    std::vector<std::function<AckEvent(TelemetryHeader&)>> acks;
    uint32_t psn = 0;
    // 30 ACKs from a saturated link with no queue, then 12 from a link at 40%.
    for (int i = 0; i < 30; ++i, ++psn)
    {
        acks.push_back([=](TelemetryHeader& t) {
            return HopAck(t, 0, 1.0, psn + 1, psn + 1);
        });
    }
    for (int i = 0; i < 12; ++i, ++psn)
    {
        acks.push_back([=](TelemetryHeader& t) {
            return HopAck(t, 0, 0.4, psn + 1, psn + 1);
        });
    }
    std::vector<double> rates = FeedAcks(cc, T, acks);
    ASSERT_EQ(rates.size(), acks.size());

    double wc = bdp;
    int stage = 0;
    for (size_t i = 0; i < rates.size(); ++i)
    {
        double u = i < 30 ? 1.0 : 0.4;
        if (u >= eta || stage >= maxStage)
        {
            wc = std::min(wc * eta / u + wai, bdp);
            stage = 0;
        }
        else
        {
            wc = std::min(wc + wai, bdp);
            stage++;
        }
        double expected = wc * 8 / T.GetSeconds();
        EXPECT_NEAR(rates[i], expected, 1e-6 * line) << "ACK " << i << " at U " << u;
    }
    // The saturated link alone took the rate to eta^30 = 21% of the line (plus 30 additive
    // terms of at most 50 Mb/s each).
    EXPECT_NEAR(rates[29] / line, std::pow(eta, 30), 30 * 50e6 / line);
    // Recovery: five additive steps of 50 Mb/s, then one multiplicative step of eta / 0.4.
    EXPECT_NEAR(rates[34] - rates[29], 5 * 50e6, 1e3);
    EXPECT_NEAR(rates[35], rates[34] * eta / 0.4 + 50e6, 1e3);
}

TEST_F(CongestionControlTest, TelemetryReferenceWindowStaysAtTheRateFloor)
{
    // A deep queue (ten bandwidth-delay products: U = 11) cuts the window to the 100 Mb/s floor
    // within a few updates. The reference window must stop there too: once the queue is gone,
    // the flow climbs from the floor (5 additive steps, then x eta / U), not from a reference
    // window far below the rate it was actually sending at.
    const Time T = MicroSeconds(10);
    const double line = 400e9, eta = 0.95;
    const double floorRate = 100e6, aiRate = 50e6;
    const uint64_t bdp = uint64_t(line * T.GetSeconds() / 8);
    Ptr<TelemetryCongestionControl> cc = CreateObject<TelemetryCongestionControl>();
    cc->Start(uint64_t(line), T);
    std::vector<std::function<AckEvent(TelemetryHeader&)>> acks;
    uint32_t psn = 0;
    for (int i = 0; i < 20; ++i, ++psn)
    {
        acks.push_back([=](TelemetryHeader& t) {
            return HopAck(t, 10 * bdp, 1.0, psn + 1, psn + 1);
        });
    }
    for (int i = 0; i < 6; ++i, ++psn)
    {
        // HPCC's filter keeps the smaller of two consecutive queue records: the first empty
        // record already reads an empty queue.
        acks.push_back([=](TelemetryHeader& t) {
            return HopAck(t, 0, 0.5, psn + 1, psn + 1);
        });
    }
    std::vector<double> rates = FeedAcks(cc, T, acks);
    ASSERT_EQ(rates.size(), 26u);
    EXPECT_DOUBLE_EQ(rates[19], floorRate);
    for (int k = 1; k <= 5; ++k)
    {
        EXPECT_NEAR(rates[19 + k], floorRate + k * aiRate, 1e3) << "additive step " << k;
    }
    EXPECT_NEAR(rates[25], (floorRate + 5 * aiRate) * eta / 0.5 + aiRate, 1e3);
}

TEST_F(CongestionControlTest, RestartForgetsWhatTheQueuePairLearnt)
{
    // DCQCN: three CNPs cut the rate and raise alpha; Restart gives back a new queue pair's
    // state, so the next CNP cuts from the line rate with the initial alpha: R (1 - a0 / 2).
    const double line = 400e9;
    Ptr<DcqcnCongestionControl> d = CreateObject<DcqcnCongestionControl>();
    d->SetAttribute("InitialAlpha", DoubleValue(0.5));
    d->SetAttribute("RateDecreaseInterval", TimeValue(MicroSeconds(4)));
    d->SetAttribute("IncreaseTimer", TimeValue(Seconds(1))); // no increase during the test
    d->Start(uint64_t(line), MicroSeconds(8));
    for (int i = 0; i < 3; ++i)
    {
        Simulator::Schedule(MicroSeconds(5 * i), [d]() {
            d->OnCnp();
        });
    }
    double cut = 0;
    double alphaBefore = 0;
    double afterRestart = 0;
    double alphaAfter = 0;
    double afterCnp = 0;
    Simulator::Schedule(MicroSeconds(20), [&]() {
        cut = double(d->GetRateBps());
        alphaBefore = d->GetAlpha();
        d->Restart();
        afterRestart = double(d->GetRateBps());
        alphaAfter = d->GetAlpha();
        d->OnCnp();
        afterCnp = double(d->GetRateBps());
    });
    Simulator::Run();
    EXPECT_LT(cut, 0.6 * line);
    EXPECT_NE(alphaBefore, 0.5);
    EXPECT_DOUBLE_EQ(afterRestart, line);
    EXPECT_DOUBLE_EQ(alphaAfter, 0.5);
    EXPECT_NEAR(afterCnp, line * (1 - 0.5 / 2), 1);

    // Telemetry CC: after a saturated link cut the window, Restart and a fresh instance answer
    // the same ACKs with the same rates.
    Simulator::Destroy();
    const Time T = MicroSeconds(10);
    Ptr<TelemetryCongestionControl> used = CreateObject<TelemetryCongestionControl>();
    Ptr<TelemetryCongestionControl> fresh = CreateObject<TelemetryCongestionControl>();
    used->Start(uint64_t(line), T);
    fresh->Start(uint64_t(line), T);
    std::vector<std::function<AckEvent(TelemetryHeader&)>> saturated;
    for (uint32_t psn = 0; psn < 10; ++psn)
    {
        saturated.push_back([=](TelemetryHeader& t) {
            return HopAck(t, 0, 1.0, psn + 1, psn + 1);
        });
    }
    std::vector<double> cutRates = FeedAcks(used, T, saturated);
    ASSERT_LT(cutRates.back(), 0.7 * line);
    used->Restart();
    EXPECT_DOUBLE_EQ(double(used->GetRateBps()), line);
    std::vector<std::function<AckEvent(TelemetryHeader&)>> later;
    for (uint32_t i = 0; i < 8; ++i)
    {
        later.push_back([=](TelemetryHeader& t) {
            return HopAck(t, 20000, i < 4 ? 1.0 : 0.5, 100 + i, 100 + i);
        });
    }
    Simulator::Destroy();
    std::vector<double> a = FeedAcks(used, T, later);
    Simulator::Destroy();
    std::vector<double> b = FeedAcks(fresh, T, later);
    EXPECT_EQ(a, b);
}

namespace
{
/// A message-completion callback that records when it first ran.
void
RecordTime(Time* at, uint32_t, uint64_t, uint64_t)
{
    if (at->IsNegative())
    {
        *at = Simulator::Now();
    }
}
} // namespace

TEST_F(CongestionControlTest, AQueuePairIdleForCcIdleRestartStartsOverAtLineRate)
{
    // Standard profile, DCQCN with no timer recovery: CNPs cut a queue pair while its first
    // message is sent; 200 us after it was acknowledged a second message is posted. With
    // RdmaNic::CcIdleRestart = 100 us the queue pair starts over at the line rate; with the
    // default (0) it keeps the cut rate.
    for (Time idleRestart : {Time(0), MicroSeconds(100)})
    {
        Simulator::Destroy();
        Config::SetDefault("ns3::fabric::DcqcnCongestionControl::IncreaseTimer",
                           TimeValue(Seconds(1)));
        Config::SetDefault("ns3::fabric::DcqcnCongestionControl::ByteCounter",
                           UintegerValue(1ull << 40));
        Config::SetDefault("ns3::fabric::RdmaNic::CcIdleRestart", TimeValue(idleRestart));
        auto profile = *FabricProfile::FromName("standard");
        auto f = FabricHelper(TopologySpec::LeafSpine(16, 8, 8), profile).Build();
        Ptr<RdmaNic> nic = f->nics[0];
        uint32_t qpn = RdmaNic::Connect(nic, f->nics[9]);
        uint64_t line = nic->GetDataRate().GetBitRate();
        Time acked(-1);
        nic->SetSendCompleteCallback(MakeBoundCallback(&RecordTime, &acked));
        nic->PostSend(qpn, 256 * 1024);
        for (int k = 0; k < 3; ++k)
        {
            Simulator::Schedule(NanoSeconds(100) + MicroSeconds(5 * k), [nic, qpn]() {
                nic->GetRequester(qpn).cc->OnCnp();
            });
        }
        uint64_t beforePost = 0;
        uint64_t afterPost = 0;
        Simulator::Schedule(MicroSeconds(400), [&]() {
            beforePost = nic->GetRequester(qpn).cc->GetRateBps();
            nic->PostSend(qpn, 4096);
            afterPost = nic->GetRequester(qpn).cc->GetRateBps();
        });
        Simulator::Run();
        ASSERT_FALSE(acked.IsNegative());
        ASSERT_LT(acked, MicroSeconds(200)) << "the first message was acknowledged 200 us before";
        EXPECT_LT(beforePost, line / 2);
        if (idleRestart.IsZero())
        {
            EXPECT_EQ(afterPost, beforePost);
        }
        else
        {
            EXPECT_EQ(afterPost, line);
        }
        Config::Reset();
    }
}

TEST_F(CongestionControlTest, TelemetryCcStartsOverAfterOneIdleBaseRtt)
{
    // spectrum-x: a queue pair sends 64 KiB; then ten ACKs from a saturated hop (one base RTT
    // apart) cut its window to about 0.95^10 of the line rate while it has nothing in flight;
    // then it is given data again. Idle far longer than one base RTT, it starts over at the
    // line rate (IdleRestartRtts = 1, the default); with 0 or with a threshold longer than
    // its idle time it keeps the cut window.
    for (double rtts : {1.0, 0.0, 1000.0})
    {
        Simulator::Destroy();
        Config::SetDefault("ns3::fabric::TelemetryCongestionControl::IdleRestartRtts",
                           DoubleValue(rtts));
        auto profile = *FabricProfile::FromName("spectrum-x");
        auto f = FabricHelper(TopologySpec::LeafSpine(16, 8, 8), profile).Build();
        Ptr<RdmaNic> nic = f->nics[0];
        uint32_t qpn = RdmaNic::Connect(nic, f->nics[9]);
        uint64_t line = nic->GetDataRate().GetBitRate();
        Time T = f->baseRtt;
        Time acked(-1);
        nic->SetSendCompleteCallback(MakeBoundCallback(&RecordTime, &acked));
        nic->PostSend(qpn, 64 * 1024);
        auto header = std::make_shared<TelemetryHeader>();
        for (uint32_t i = 0; i < 10; ++i)
        {
            Simulator::Schedule(MicroSeconds(50) + T * int64_t(i), [=]() {
                nic->GetRequester(qpn).cc->OnAck(HopAck(*header, 0, 1.0, 1000 + i, 1000 + i));
            });
        }
        uint64_t beforePost = 0;
        uint64_t afterPost = 0;
        Simulator::Schedule(MicroSeconds(50) + T * 10, [&]() {
            beforePost = nic->GetRequester(qpn).cc->GetRateBps();
            nic->PostSend(qpn, 4096);
            afterPost = nic->GetRequester(qpn).cc->GetRateBps();
        });
        Simulator::Run();
        ASSERT_FALSE(acked.IsNegative());
        ASSERT_LT(acked, MicroSeconds(50) - T) << "idle for more than one base RTT";
        EXPECT_LT(beforePost, 0.7 * line);
        EXPECT_EQ(afterPost, rtts == 1.0 ? line : beforePost) << rtts << " RTTs";
        Config::Reset();
    }
}

TEST_F(CongestionControlTest, TelemetryCcStartsAtItsInitialWindow)
{
    // A new queue pair starts at InitialWindow x one bandwidth-delay product: pacing at
    // W / T, that is the same fraction of the line rate (1: HPCC's line-rate start).
    for (double fraction : {1.0, 0.25})
    {
        Simulator::Destroy();
        Config::SetDefault("ns3::fabric::TelemetryCongestionControl::InitialWindow",
                           DoubleValue(fraction));
        auto profile = *FabricProfile::FromName("spectrum-x");
        auto f = FabricHelper(TopologySpec::LeafSpine(16, 8, 8), profile).Build();
        Ptr<RdmaNic> nic = f->nics[0];
        uint32_t qpn = RdmaNic::Connect(nic, f->nics[9]);
        nic->PostSend(qpn, 4096);
        const CongestionControl& cc = *nic->GetRequester(qpn).cc;
        double line = nic->GetDataRate().GetBitRate();
        double bdp = line * f->baseRtt.GetSeconds() / 8;
        EXPECT_NEAR(cc.GetRateBps(), fraction * line, line * 1e-6) << fraction;
        EXPECT_NEAR(double(cc.GetWindowBytes()), fraction * bdp, 1.0) << fraction;
        Simulator::Run();
        Config::Reset();
    }
}

TEST_F(CongestionControlTest, CopiesShareTheirPrototypesParametersUntilOneIsSetOnACopy)
{
    // A NIC's queue pairs take copies of one prototype (Clone), which share its parameters;
    // setting an attribute on one copy changes that copy alone.
    Ptr<DcqcnCongestionControl> proto = CreateObject<DcqcnCongestionControl>();
    proto->SetAttribute("RateAi", DataRateValue(DataRate("7Gbps")));
    Ptr<CongestionControl> a = proto->Clone();
    Ptr<CongestionControl> b = proto->Clone();
    DataRateValue v;
    a->GetAttribute("RateAi", v);
    EXPECT_EQ(v.Get(), DataRate("7Gbps"));
    a->SetAttribute("RateAi", DataRateValue(DataRate("9Gbps")));
    a->GetAttribute("RateAi", v);
    EXPECT_EQ(v.Get(), DataRate("9Gbps"));
    b->GetAttribute("RateAi", v);
    EXPECT_EQ(v.Get(), DataRate("7Gbps"));
    proto->GetAttribute("RateAi", v);
    EXPECT_EQ(v.Get(), DataRate("7Gbps"));

    Ptr<TelemetryCongestionControl> tproto = CreateObject<TelemetryCongestionControl>();
    tproto->SetAttribute("TargetUtilization", DoubleValue(0.8));
    Ptr<CongestionControl> c = tproto->Clone();
    Ptr<CongestionControl> d = tproto->Clone();
    d->SetAttribute("TargetUtilization", DoubleValue(0.6));
    tproto->SetAttribute("TargetUtilization",
                         DoubleValue(0.7)); // after cloning: copies keep theirs
    DoubleValue eta;
    c->GetAttribute("TargetUtilization", eta);
    EXPECT_DOUBLE_EQ(eta.Get(), 0.8);
    d->GetAttribute("TargetUtilization", eta);
    EXPECT_DOUBLE_EQ(eta.Get(), 0.6);
    tproto->GetAttribute("TargetUtilization", eta);
    EXPECT_DOUBLE_EQ(eta.Get(), 0.7);
}
