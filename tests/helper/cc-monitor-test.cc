/*
 * The congestion-control monitor: DCQCN's first cut on a 4:1 incast as the reaction point's
 * rule says (the rate starts at line rate with alpha 1; one CNP cuts it by alpha/2, to half),
 * the telemetry CC's window, rows only while a QP has data, bad watch specs, and a monitored
 * run that is the same run (every flow finishes at the same picosecond).
 */
#include "fabric-test-util.h"
#include "helper/cc-monitor.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"
#include "plots/plot-data.h"

#include <algorithm>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

struct Row
{
    double timeUs;
    std::string qp;
    std::string cc;
    double rateGbps;
    double window;
    double inflight;
    std::string alpha;
    std::string util;
};

std::vector<Row>
Parse(const std::string& csv)
{
    std::vector<Row> rows;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "time_us,qp,gpu,qpn,cc,rate_Gbps,window_B,inflight_B,alpha,util");
    while (std::getline(in, line))
    {
        std::vector<std::string> f = fabric_plot::SplitCsvLine(line);
        EXPECT_EQ(f.size(), 10u) << line;
        if (f.size() != 10u)
        {
            continue;
        }
        rows.push_back({std::stod(f[0]),
                        f[1],
                        f[4],
                        std::stod(f[5]),
                        std::stod(f[6]),
                        std::stod(f[7]),
                        f[8],
                        f[9]});
    }
    return rows;
}

/// A 4:1 incast of 2 MiB flows; @return the flows' finish times, and the monitor's CSV.
std::vector<Time>
Incast(const std::string& profileName, bool monitor, std::string* csv)
{
    Simulator::Destroy();
    FabricProfile p = *FabricProfile::FromName(profileName);
    p.pfc = false;
    auto f = FabricHelper(TopologySpec::LeafSpine(32, 16, 16), p).Build();
    FlowRunner runner(*f);
    for (uint32_t s = 1; s <= 4; ++s)
    {
        runner.AddFlow({s, 0, 2u << 20, Time(0), 0});
    }
    CcMonitor cc;
    if (monitor)
    {
        cc.SetInterval(NanoSeconds(500));
        cc.Watch({"1-4:*"});
        cc.Attach(*f);
        cc.Start();
    }
    Simulator::Stop(MilliSeconds(20));
    Simulator::Run();
    cc.Stop();
    if (csv)
    {
        *csv = cc.Csv();
    }
    std::vector<Time> finish;
    for (const auto& r : runner.GetRecords())
    {
        finish.push_back(r.finish);
    }
    return finish;
}

class CcMonitorTest : public SimulatorTest
{
};

} // namespace

TEST_F(CcMonitorTest, DcqcnsFirstCutHalvesTheRateAndTheRunIsUnchanged)
{
    std::string csv;
    std::vector<Time> watched = Incast("standard", true, &csv);
    std::vector<Time> plain = Incast("standard", false, nullptr);
    ASSERT_EQ(watched.size(), 4u);
    for (size_t i = 0; i < watched.size(); ++i)
    {
        EXPECT_TRUE(watched[i].IsStrictlyPositive());
        EXPECT_EQ(watched[i], plain[i]) << "flow " << i; // to the picosecond
    }
    std::map<std::string, std::vector<Row>> byQp;
    for (const auto& r : Parse(csv))
    {
        byQp[r.qp].push_back(r);
    }
    ASSERT_EQ(byQp.size(), 4u);
    for (const auto& [qp, rows] : byQp)
    {
        ASSERT_FALSE(rows.empty());
        EXPECT_EQ(rows.front().cc, "dcqcn");
        EXPECT_DOUBLE_EQ(rows.front().rateGbps, 400.0) << qp; // starts at line rate
        EXPECT_DOUBLE_EQ(std::stod(rows.front().alpha), 1.0); // initial alpha
        // The first change of rate is the first cut: Rc (1 - alpha/2), alpha as it was before
        // the cut, recovered from the row's alpha (updated by the cut to (1 - g) alpha + g).
        const double g = 5.0 / 1024;
        double lowest = 400;
        bool cut = false;
        for (const auto& r : rows)
        {
            double a = std::stod(r.alpha);
            if (!cut && r.rateGbps < 400.0)
            {
                cut = true;
                double before = (a - g) / (1 - g);
                EXPECT_NEAR(r.rateGbps, 400.0 * (1 - before / 2), 0.01) << qp << " alpha " << a;
                EXPECT_GT(before, 0.85) << "little decay before the first CNP";
            }
            lowest = std::min(lowest, r.rateGbps);
            EXPECT_GE(a, 0.0);
            EXPECT_LE(a, 1.0);
            EXPECT_EQ(r.window, 0.0); // DCQCN sets no window
            EXPECT_EQ(r.util, "");    // nor a path utilization
        }
        EXPECT_TRUE(cut) << qp;
        EXPECT_LT(lowest, 100.0) << qp << ": a 4:1 incast needs more than one cut";
        // Rows only while the QP has data: none after its flow's last byte was acknowledged
        // (arrival + one RTT; QP "s:2" carries the flow from GPU s).
        uint32_t sender = std::stoul(qp.substr(0, qp.find(':')));
        EXPECT_LE(rows.back().timeUs, watched[sender - 1].GetMicroSeconds() + 20.0) << qp;
        EXPECT_GE(rows.back().timeUs, watched[sender - 1].GetMicroSeconds() - 5.0) << qp;
    }
}

TEST_F(CcMonitorTest, TelemetryCcHasAWindowAPathUtilizationAndNoAlpha)
{
    std::string csv;
    Incast("spectrum-x", true, &csv);
    std::vector<Row> rows = Parse(csv);
    ASSERT_FALSE(rows.empty());
    double peakU = 0;
    for (const auto& r : rows)
    {
        EXPECT_EQ(r.cc, "telemetry");
        EXPECT_GT(r.window, 0.0);
        EXPECT_EQ(r.alpha, "");
        ASSERT_NE(r.util, "");
        peakU = std::max(peakU, std::stod(r.util));
    }
    // Four line-rate senders into one 400 Gb/s port: the port is busy and a queue builds, so
    // the hop's U (queue / BDP + utilization) exceeds eta = 0.95 before the windows settle.
    EXPECT_GT(peakU, 0.95);
}

TEST(CcMonitor, BadWatchesAreRejected)
{
    for (const char* bad : {"x:2", "3:1", "5-2:*", "3:", "-1:*", "3:2:4"})
    {
        CcMonitor m;
        EXPECT_THROW(m.Watch({bad}), std::invalid_argument) << bad;
    }
    CcMonitor ok;
    EXPECT_NO_THROW(ok.Watch({"0:*", "3:2", "4-7:*", "9"}));
}
