/*
 * Flowlet routing on its own, against a scripted port view: a flow keeps its port while its
 * packets come closer together than the flowlet gap, a gap longer than that lets it move to the
 * least-queued port, a port that left the group is never kept, and with empty queues the
 * flowlets of many flows spread evenly over the group (chi-square).
 */
#include "model/headers/roce-header.h"
#include "model/routing/flowlet-routing.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

/// A switch as routing sees it, with backlogs the test sets.
class ScriptedPorts : public PortView
{
public:
    explicit ScriptedPorts(uint16_t n)
        : m_backlog(n, 0)
    {
    }

    uint16_t GetNPorts() const override { return static_cast<uint16_t>(m_backlog.size()); }

    uint64_t GetPortBacklogBytes(uint16_t port, Time) const override { return m_backlog[port]; }

    uint64_t GetPortTxBytes(uint16_t) const override { return 0; }

    const PortView* GetPeerSwitch(uint16_t) const override { return nullptr; }

    const ForwardingTable& GetForwardingTable() const override { return m_table; }

    Ptr<UniformRandomVariable> GetRandom() const override { return nullptr; }

    std::vector<uint64_t> m_backlog; //!< bytes queued per port

private:
    ForwardingTable m_table;
};

RoceHeader
Flow(uint32_t n)
{
    RoceHeader h;
    h.m_ip.m_source = Ipv4Address(0x0a000000 + n);
    h.m_ip.m_destination = Ipv4Address(0x0a100000 + 3 * n);
    h.m_udp.m_sourcePort = static_cast<uint16_t>(49152 + (n * 7919) % 16384);
    return h;
}

/// Run @p f at simulated time @p t (FlowletRouting reads the clock).
template<typename F>
void
At(Time t, F f)
{
    Simulator::Schedule(t - Simulator::Now(), f);
}

class FlowletRoutingTest : public ::testing::Test
{
protected:
    void SetUp() override { Simulator::Destroy(); }

    void TearDown() override { Simulator::Destroy(); }

    Ptr<FlowletRouting> Make(Time gap)
    {
        Ptr<FlowletRouting> r = CreateObject<FlowletRouting>();
        r->SetAttribute("FlowletGap", TimeValue(gap));
        r->SetAttribute("Seed", UintegerValue(3));
        return r;
    }
};

} // namespace

TEST_F(FlowletRoutingTest, AFlowKeepsItsPortWhilePacketsComeCloserThanTheGap)
{
    Ptr<FlowletRouting> r = Make(MicroSeconds(5));
    ScriptedPorts sw(4);
    std::vector<uint16_t> ports = {0, 1, 2, 3};
    EcmpGroup g {ports.data(), 4};
    RoceHeader h = Flow(1);
    std::vector<uint16_t> chosen;
    // Packets 4 us apart for 40 us from time 0 (a packet at time 0 opens a flowlet like any
    // other); after the first, the chosen port is always the most
    // loaded one, which a new flowlet would never take.
    for (int i = 0; i <= 10; ++i)
    {
        At(MicroSeconds(4 * i), [&]() {
            uint16_t p = r->SelectEgress(h, g, sw);
            chosen.push_back(p);
            std::fill(sw.m_backlog.begin(), sw.m_backlog.end(), 0);
            sw.m_backlog[p] = 1000000;
        });
    }
    Simulator::Run();
    ASSERT_EQ(chosen.size(), 11u);
    for (uint16_t p : chosen)
    {
        EXPECT_EQ(p, chosen.front());
    }
}

TEST_F(FlowletRoutingTest, AGapLongerThanTheFlowletGapMovesTheFlowToTheLeastQueuedPort)
{
    Ptr<FlowletRouting> r = Make(MicroSeconds(5));
    ScriptedPorts sw(4);
    std::vector<uint16_t> ports = {0, 1, 2, 3};
    EcmpGroup g {ports.data(), 4};
    RoceHeader h = Flow(2);
    uint16_t first = 0;
    uint16_t atGap = 0;
    uint16_t afterGap = 0;
    At(MicroSeconds(1), [&]() {
        first = r->SelectEgress(h, g, sw);
    });
    At(MicroSeconds(2), [&]() {
        // Every port but one is loaded, the flow's own port most of all.
        sw.m_backlog = {500, 500, 500, 500};
        sw.m_backlog[first] = 9000;
        sw.m_backlog[(first + 2) % 4] = 100;
    });
    // Exactly the gap after the last packet: still the same flowlet.
    At(MicroSeconds(6), [&]() {
        atGap = r->SelectEgress(h, g, sw);
    });
    // 5.001 us after that packet: a new flowlet, on the least-queued port.
    At(MicroSeconds(11) + NanoSeconds(1), [&]() {
        afterGap = r->SelectEgress(h, g, sw);
    });
    Simulator::Run();
    EXPECT_EQ(atGap, first);
    EXPECT_EQ(afterGap, (first + 2) % 4);
}

TEST_F(FlowletRoutingTest, APortThatLeftTheGroupIsNeverKept)
{
    Ptr<FlowletRouting> r = Make(MilliSeconds(1));
    ScriptedPorts sw(4);
    std::vector<uint16_t> all = {0, 1, 2, 3};
    RoceHeader h = Flow(3);
    uint16_t first = 0;
    uint16_t then = 0;
    std::vector<uint16_t> rest;
    At(MicroSeconds(1), [&]() {
        first = r->SelectEgress(h, EcmpGroup {all.data(), 4}, sw);
        for (uint16_t p : all)
        {
            if (p != first)
            {
                rest.push_back(p);
            }
        }
    });
    // 1 us later, well inside the flowlet gap, the flow's port is gone (a failed link).
    At(MicroSeconds(2), [&]() {
        then = r->SelectEgress(h, EcmpGroup {rest.data(), 3}, sw);
    });
    Simulator::Run();
    EXPECT_NE(then, first);
    EXPECT_NE(std::find(rest.begin(), rest.end(), then), rest.end());
}

TEST_F(FlowletRoutingTest, FlowletsOfManyFlowsSpreadEvenlyWhenQueuesAreEmpty)
{
    // 16,000 flows, each one flowlet, over 8 empty ports: with ties broken by the flow hash the
    // counts are multinomial, and the chi-square statistic (7 degrees of freedom) stays under
    // its 99.9th percentile, 24.32. The table holds 2^20 buckets so that flows rarely share one.
    Ptr<FlowletRouting> r = Make(MicroSeconds(5));
    r->SetAttribute("TableSize", UintegerValue(1u << 20));
    ScriptedPorts sw(8);
    std::vector<uint16_t> ports = {0, 1, 2, 3, 4, 5, 6, 7};
    EcmpGroup g {ports.data(), 8};
    const uint32_t flows = 16000;
    std::vector<uint32_t> count(8, 0);
    At(MicroSeconds(1), [&]() {
        for (uint32_t f = 0; f < flows; ++f)
        {
            count[r->SelectEgress(Flow(f), g, sw)]++;
        }
    });
    Simulator::Run();
    double expected = double(flows) / 8;
    double chi2 = 0;
    for (uint32_t c : count)
    {
        chi2 += (c - expected) * (c - expected) / expected;
    }
    EXPECT_LT(chi2, 24.32);
}
