/*
 * DCQCN against an independent fluid model (Zhu et al., SIGCOMM'15, sec. 5): N:1 incasts at
 * 400 Gb/s with the ConnectX defaults.
 *  - The reaction: the packet-level reaction point, notification point and dequeue-marking
 *    switch must build a queue peak within 2x of the paper's model, reach it within 2x of the
 *    model's time, and share the bottleneck fairly (within 10%, over 3-6 ms).
 *  - The convergence: after the first deep cut, ConnectX recovers by its timer (300 us after
 *    the last cut) and hyper increase, and the bottleneck swings between idle and marked for
 *    milliseconds. The time until the link stays busy (the queue never empties for 2 ms) and
 *    the queue it settles at must be within 2x of the model with ConnectX's recovery stages,
 *    target clamp and counters that restart at each cut (the paper's model has none of them
 *    and never recovers the link in this time: its increases are 5 Mb/s steps).
 */
#include "dcqcn-fluid-model.h"
#include "fabric-test-util.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"
#include "model/switch/switch-port.h"

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

class DcqcnFluidTest : public SimulatorTest
{
};

/// The model's parameters for the fabric's DCQCN attribute defaults (see dcqcn.cc) and the
/// switch's ECN ramp (model defaults: Kmin 800 KB, Kmax 3200 KB, Pmax 0.2).
fabric_test::DcqcnFluidParams
ConnectXDefaults(uint32_t flows, Time baseRtt, double seconds)
{
    fabric_test::DcqcnFluidParams m;
    m.flows = flows;
    m.g = 5.0 / 1024;
    m.tauSeconds = 4e-6;
    m.tauAlphaSeconds = 1e-6;
    m.timerSeconds = 300e-6;
    m.byteCounterBytes = 32767.0 * 64;
    m.rateAiBps = 5e6;
    m.rateHaiBps = 50e6;
    m.fastRecoverySteps = 1;
    m.minRateBps = 1e6;
    m.feedbackDelaySeconds = baseRtt.GetSeconds();
    m.durationSeconds = seconds;
    return m;
}

/**
 * Start of the first stretch of @p spanS seconds in which the sampled queue never empties
 * (below one frame), i.e. when the bottleneck stays busy; -1 if there is none.
 */
double
BusyFrom(const std::vector<double>& timeS, const std::vector<double>& queueBytes, double spanS)
{
    double lastEmpty = 0;
    for (size_t k = 0; k < timeS.size(); ++k)
    {
        if (queueBytes[k] < 4178)
        {
            lastEmpty = timeS[k];
        }
        else if (timeS[k] - lastEmpty >= spanS)
        {
            return lastEmpty;
        }
    }
    return -1;
}

/// Mean of @p v over the samples from @p fromS on.
double
MeanFrom(const std::vector<double>& timeS, const std::vector<double>& v, double fromS)
{
    double sum = 0;
    uint64_t n = 0;
    for (size_t k = 0; k < timeS.size(); ++k)
    {
        if (timeS[k] >= fromS)
        {
            sum += v[k];
            ++n;
        }
    }
    return n ? sum / double(n) : 0;
}

} // namespace

TEST_F(DcqcnFluidTest, IncastReactionMatchesTheFluidModel)
{
    const uint32_t n = 4;
    const double reaction = 100e-6; // the first overshoot and cut, compared with the model
    const double horizon = 6e-3;
    const double fairFrom = 3e-3; // fair shares are judged over the second half
    FabricProfile p = *FabricProfile::FromName("standard");
    p.pfc = false; // the queue alone, as in the model
    auto f = FabricHelper(TopologySpec::LeafSpine(32, 16, 16), p).Build();
    FlowRunner runner(*f);
    for (uint32_t s = 1; s <= n; ++s)
    {
        runner.AddFlow({s, 0, 64u << 20, Time(0), 0}); // longer than the horizon
    }
    Ptr<SwitchPort> port = DynamicCast<SwitchPort>(f->nics[0]->GetPeer());
    uint64_t peak = 0;
    double peakAt = 0;
    std::function<void()> sample = [&]() {
        if (Simulator::Now().GetSeconds() < reaction && port->GetQueuedBytes() > peak)
        {
            peak = port->GetQueuedBytes();
            peakAt = Simulator::Now().GetSeconds();
        }
        Simulator::Schedule(NanoSeconds(500), sample);
    };
    Simulator::Schedule(NanoSeconds(500), sample);
    std::vector<double> ackedAtFairFrom(n + 1, 0);
    Simulator::Schedule(Seconds(fairFrom), [&]() {
        for (uint32_t s = 1; s <= n; ++s)
        {
            const RequesterQp& qp = f->nics[s]->GetRequester(RdmaNic::FIRST_QPN);
            ackedAtFairFrom[s] = double(qp.unaPsn) * qp.mtu;
        }
    });
    Simulator::Stop(Seconds(horizon));
    Simulator::Run();

    // The model with the same parameters: the attributes' defaults, the switch's ramp, and
    // the idle RTT as the feedback delay.
    fabric_test::DcqcnFluidParams m = ConnectXDefaults(n, f->baseRtt, reaction);
    fabric_test::DcqcnFluidResult model = fabric_test::SimulateDcqcnFluid(m, 1e-6);

    FabricStats st = f->CollectStats();
    EXPECT_GT(st.cnpsReceived, 0u);
    EXPECT_GT(model.queuePeakBytes, m.kminBytes);
    EXPECT_LE(double(peak), 2 * model.queuePeakBytes) << "model " << model.queuePeakBytes;
    EXPECT_GE(double(peak), 0.5 * model.queuePeakBytes) << "model " << model.queuePeakBytes;
    EXPECT_LE(peakAt, 2 * model.queuePeakTimeS) << "model " << model.queuePeakTimeS;
    EXPECT_GE(peakAt, 0.5 * model.queuePeakTimeS) << "model " << model.queuePeakTimeS;

    // Fair shares: bytes acknowledged per flow over the second half within 10% of their mean,
    // and the bottleneck not left idle for most of it.
    double sum = 0;
    std::vector<double> acked;
    for (uint32_t s = 1; s <= n; ++s)
    {
        const RequesterQp& qp = f->nics[s]->GetRequester(RdmaNic::FIRST_QPN);
        acked.push_back(double(qp.unaPsn) * qp.mtu - ackedAtFairFrom[s]);
        sum += acked.back();
    }
    for (double a : acked)
    {
        EXPECT_NEAR(a, sum / n, 0.1 * sum / n);
    }
    std::printf("second half: %.1f%% of the bottleneck's payload ceiling\n",
                100 * sum * 8 / (horizon - fairFrom) / (LINE_RATE_BPS * MAX_GOODPUT));
    RecordProperty("peak_bytes", std::to_string(peak));
    std::printf("packet: peak %.0f B at %.1f us; model: %.0f B at %.1f us\n",
                double(peak),
                peakAt * 1e6,
                model.queuePeakBytes,
                model.queuePeakTimeS * 1e6);
}

class DcqcnConvergenceTest
    : public DcqcnFluidTest
    , public ::testing::WithParamInterface<uint32_t>
{
};

TEST_P(DcqcnConvergenceTest, LinkSettlesAsTheConnectXFluidModelSays)
{
    const uint32_t n = GetParam();
    const double horizon = 25e-3;
    const double sampleEvery = 10e-6;
    const double busySpan = 2e-3; // more than three of the recovery cycles (~0.6 ms)
    const double settledFrom = 20e-3;
    FabricProfile p = *FabricProfile::FromName("standard");
    p.pfc = false;
    auto f = FabricHelper(TopologySpec::LeafSpine(32, 16, 16), p).Build();
    FlowRunner runner(*f);
    for (uint32_t s = 1; s <= n; ++s)
    {
        runner.AddFlow({s, 0, 1ull << 32, Time(0), 0}); // longer than the horizon
    }
    Ptr<SwitchPort> port = DynamicCast<SwitchPort>(f->nics[0]->GetPeer());
    std::vector<double> timeS;
    std::vector<double> queue;
    std::function<void()> sample = [&]() {
        timeS.push_back(Simulator::Now().GetSeconds());
        queue.push_back(double(port->GetQueuedBytes()));
        Simulator::Schedule(Seconds(sampleEvery), sample);
    };
    Simulator::Schedule(Seconds(sampleEvery), sample);
    Simulator::Stop(Seconds(horizon));
    Simulator::Run();

    fabric_test::DcqcnFluidParams m = ConnectXDefaults(n, f->baseRtt, horizon);
    m.stages = true;
    m.targetKeptOnBackToBackCuts = true;
    m.countersFromLastCut = true;
    fabric_test::DcqcnFluidResult model = fabric_test::SimulateDcqcnFluid(m, sampleEvery);
    fabric_test::DcqcnFluidParams paper = ConnectXDefaults(n, f->baseRtt, horizon);
    fabric_test::DcqcnFluidResult paperModel = fabric_test::SimulateDcqcnFluid(paper, sampleEvery);

    const double packetBusy = BusyFrom(timeS, queue, busySpan);
    const double modelBusy = BusyFrom(model.timeS, model.queueBytes, busySpan);
    const double packetQueue = MeanFrom(timeS, queue, settledFrom);
    const double modelQueue = MeanFrom(model.timeS, model.queueBytes, settledFrom);
    auto ms = [](double s) {
        char b[32];
        std::snprintf(b, sizeof b, "%.2f", s * 1e3);
        return s < 0 ? std::string("never") : std::string(b);
    };
    std::printf("%u:1 incast: link busy from %s ms (model %s ms, paper's model %s); "
                "queue from %.0f ms %.0f KB (model %.0f KB)\n",
                n,
                ms(packetBusy).c_str(),
                ms(modelBusy).c_str(),
                ms(BusyFrom(paperModel.timeS, paperModel.queueBytes, busySpan)).c_str(),
                settledFrom * 1e3,
                packetQueue / 1e3,
                modelQueue / 1e3);
    ASSERT_GT(modelBusy, 0) << "the model does not settle within the horizon";
    ASSERT_GT(packetBusy, 0) << "the link never stays busy for " << busySpan << " s";
    EXPECT_LE(packetBusy, 2 * modelBusy);
    EXPECT_GE(packetBusy, 0.5 * modelBusy);
    EXPECT_LE(packetQueue, 2 * modelQueue);
    EXPECT_GE(packetQueue, 0.5 * modelQueue);
    // The paper's model, with 5 Mb/s increases and no timer restart, leaves the link idle.
    EXPECT_LT(MeanFrom(paperModel.timeS, paperModel.queueBytes, settledFrom), 4178);
}

INSTANTIATE_TEST_SUITE_P(Incasts,
                         DcqcnConvergenceTest,
                         ::testing::Values(2u, 4u),
                         [](const ::testing::TestParamInfo<uint32_t>& i) {
                             return std::to_string(i.param) + "to1";
                         });
