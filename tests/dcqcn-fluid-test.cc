/*
 * DCQCN against an independent fluid model (Zhu et al., SIGCOMM'15, sec. 5): a 4:1 incast at
 * 400 Gb/s with the ConnectX defaults. The packet-level reaction point, notification point and
 * dequeue-marking switch must build a queue peak within 2x of the model's, reach it within 2x
 * of the model's time, and share the bottleneck fairly (within 10%, over 3-6 ms).
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
            const QueuePair& qp = f->nics[s]->GetQueuePair(RdmaNic::FIRST_QPN);
            ackedAtFairFrom[s] = double(qp.unaPsn) * qp.mtu;
        }
    });
    Simulator::Stop(Seconds(horizon));
    Simulator::Run();

    // The model with the same parameters: the attributes' defaults, the switch's ramp, and
    // the idle RTT as the feedback delay.
    fabric_test::DcqcnFluidParams m;
    m.flows = n;
    m.g = 5.0 / 1024;
    m.tauSeconds = 4e-6;
    m.tauAlphaSeconds = 1e-6;
    m.timerSeconds = 300e-6;
    m.byteCounterBytes = 32767.0 * 64;
    m.rateAiBps = 5e6;
    m.minRateBps = 1e6;
    m.feedbackDelaySeconds = f->baseRtt.GetSeconds();
    m.durationSeconds = reaction;
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
        const QueuePair& qp = f->nics[s]->GetQueuePair(RdmaNic::FIRST_QPN);
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
