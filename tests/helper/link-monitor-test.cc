/*
 * The link monitor's time series on a 2:1 incast without congestion control or PFC: the
 * receiver's leaf port sends at the wire's frame share (4154 frame bytes per 4178 on the wire:
 * 99.43%), and while both send its queue grows by the second sender's rate, 400 Gb/s x
 * 4154/4178 x 5 us = 248.6 kB per 5 us sample.
 */
#include "fabric-test-util.h"
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"
#include "helper/link-monitor.h"
#include "plots/plot-data.h"

#include <sstream>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

class LinkMonitorTest : public SimulatorTest
{
};

TEST_F(LinkMonitorTest, IncastPortIsFullAndItsQueueGrowsAtOneLineRate)
{
    FabricProfile p = *FabricProfile::FromName("ideal");
    p.pfc = false;
    p.routing = "ecmp";
    auto f = FabricHelper(TopologySpec::LeafSpine(32, 16, 16), p).Build();
    FlowRunner runner(*f);
    runner.AddFlow({1, 0, 4u << 20, Time(0), 0});
    runner.AddFlow({2, 0, 4u << 20, Time(0), 0});
    LinkMonitor m;
    m.SetInterval(MicroSeconds(5));
    m.WatchPorts({"leaf0:0"});
    m.Attach(*f);
    m.Start();
    Simulator::Stop(MilliSeconds(5));
    Simulator::Run();
    m.Stop();
    std::istringstream in(m.QueueCsv());
    std::string line;
    std::getline(in, line);
    ASSERT_EQ(line, "time_us,port,queue_B,util_pct");
    std::vector<double> t, q, u;
    while (std::getline(in, line))
    {
        std::vector<std::string> c = fabric_plot::SplitCsvLine(line);
        ASSERT_EQ(c.size(), 4u) << line;
        ASSERT_EQ(c[1], "leaf0:0");
        t.push_back(std::stod(c[0]));
        q.push_back(std::stod(c[2]));
        u.push_back(std::stod(c[3]));
    }
    // The senders finish their 4 MiB after 4 MiB / (400 Gb/s x share) = 84.4 us: until then
    // the queue grows by one sender's rate; the port stays full until both flows' 8 MiB have
    // left, at 168.8 us. A 5 us sample holds 59 or 60 whole frames (59.83 on average), so one
    // sample's utilization is within one frame (1.66%) of the share, their mean within 0.2%.
    const double share = 4154.0 / 4178;
    const double growth = 400e9 / 8 * share * 5e-6;
    const double frame = 100 * 4154.0 * 8 / (400e9 * 5e-6);
    double sum = 0;
    int full = 0;
    int growing = 0;
    for (size_t i = 1; i < t.size(); ++i)
    {
        if (t[i] >= 15 && t[i] <= 160)
        {
            full++;
            sum += u[i];
            EXPECT_NEAR(u[i], 100 * share, frame) << "at " << t[i] << " us";
        }
        if (t[i] >= 15 && t[i] <= 80)
        {
            growing++;
            EXPECT_NEAR(q[i] - q[i - 1], growth, 0.03 * growth) << "at " << t[i] << " us";
        }
    }
    EXPECT_GE(full, 29);
    EXPECT_GE(growing, 13);
    EXPECT_NEAR(sum / full, 100 * share, 0.2);
    EXPECT_EQ(u[0], 0.0);
}
