/*
 * ECMP: deterministic per flow, seed-dependent, uniform over the group (chi-square).
 */
#include "fabric-test-util.h"
#include "model/headers/roce-header.h"
#include "model/routing/ecmp-routing.h"

#include <map>
#include <set>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

namespace
{

RoceHeader
FlowHeader(uint32_t src, uint32_t dst, uint16_t sport)
{
    RoceHeader h;
    h.m_ip.m_source = Ipv4Address(src);
    h.m_ip.m_destination = Ipv4Address(dst);
    h.m_udp.m_sourcePort = sport;
    return h;
}

} // namespace

TEST(Ecmp, SpreadsFlowsUniformlyChiSquare)
{
    // 16 000 flows onto 16 ports: under uniform hashing the statistic is chi-square with 15
    // degrees of freedom; its 99.9th percentile is 37.70.
    const uint32_t ports = 16;
    const uint32_t flows = 16000;
    std::vector<uint16_t> portList(ports);
    for (uint32_t i = 0; i < ports; ++i)
    {
        portList[i] = static_cast<uint16_t>(i);
    }
    EcmpGroup g {portList.data(), ports};
    Ptr<FabricSwitch> sw = CreateObject<FabricSwitch>();
    for (uint64_t seed : {1ull, 2ull, 12345ull})
    {
        Ptr<EcmpRouting> ecmp = CreateObject<EcmpRouting>();
        ecmp->SetSeed(seed);
        std::vector<uint32_t> count(ports, 0);
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(static_cast<int64_t>(seed));
        for (uint32_t f = 0; f < flows; ++f)
        {
            RoceHeader h = FlowHeader(0x0a000000 + rng->GetInteger(0, 4095),
                                      0x0a000000 + rng->GetInteger(0, 4095),
                                      static_cast<uint16_t>(49152 + rng->GetInteger(0, 16383)));
            count[ecmp->SelectEgress(h, g, *sw)]++;
        }
        double expected = double(flows) / ports;
        double chi2 = 0;
        for (uint32_t c : count)
        {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        EXPECT_LT(chi2, 37.70) << "seed " << seed;
    }
}

TEST(Ecmp, SameFlowSamePortAndSeedsChangePaths)
{
    std::vector<uint16_t> portList = {0, 1, 2, 3, 4, 5, 6, 7};
    EcmpGroup g {portList.data(), 8};
    Ptr<EcmpRouting> a = CreateObject<EcmpRouting>();
    Ptr<EcmpRouting> b = CreateObject<EcmpRouting>();
    a->SetSeed(1);
    b->SetSeed(2);
    Ptr<FabricSwitch> sw = CreateObject<FabricSwitch>();
    const FabricSwitch& none = *sw;
    uint32_t changed = 0;
    const uint32_t flows = 2000;
    for (uint32_t f = 0; f < flows; ++f)
    {
        RoceHeader h
            = FlowHeader(0x0a000001 + f, 0x0a100000 + f * 7, static_cast<uint16_t>(49152 + f));
        uint16_t first = a->SelectEgress(h, g, none);
        for (int again = 0; again < 3; ++again)
        {
            ASSERT_EQ(a->SelectEgress(h, g, none), first);
        }
        changed += b->SelectEgress(h, g, none) != first;
    }
    // Independent seeds: a flow keeps its port with probability 1/8, changes with 7/8.
    double fraction = double(changed) / flows;
    EXPECT_NEAR(fraction, 7.0 / 8.0, 0.03);
}

class EcmpPathTest : public SimulatorTest
{
};

TEST_F(EcmpPathTest, EveryPacketOfAFlowTakesTheSamePath)
{
    TopologySpec spec = TopologySpec::LeafSpine(32, 8, 8);
    FabricBuilder b;
    b.SetSeed(7);
    auto f = b.Build(spec);
    // For each switch: flow (source port) -> set of egress ports used.
    std::map<std::pair<uint32_t, uint16_t>, std::set<uint16_t>> egress;
    for (const auto& sw : f->switches)
    {
        uint32_t id = sw->GetId();
        sw->TraceConnectWithoutContext(
            "Forward",
            Callback<void, Ptr<const Packet>, uint16_t, uint16_t>(
                [&egress, id](Ptr<const Packet> p, uint16_t, uint16_t out) {
                    RoceHeader h;
                    h.PeekFrom(*p);
                    // IPv4 total length: every byte after the 14-byte Ethernet header.
                    EXPECT_EQ(h.m_ip.m_totalLength, p->GetSize() - 14);
                    EXPECT_EQ(h.m_udp.m_length, h.m_ip.m_totalLength - 20);
                    if (h.m_bth.IsData())
                    {
                        egress[{id, h.m_udp.m_sourcePort}].insert(out);
                    }
                }));
    }
    FlowRunner runner(*f);
    for (uint32_t g = 0; g < 8; ++g)
    {
        runner.AddFlow({g, 8 + g, 256 * 1024, Time(0), static_cast<uint16_t>(50000 + g)});
    }
    Simulator::Run();
    EXPECT_EQ(runner.Summarize().completed, 8u);
    ASSERT_FALSE(egress.empty());
    for (const auto& [key, ports] : egress)
    {
        EXPECT_EQ(ports.size(), 1u) << "switch " << key.first << " flow " << key.second;
    }
    ExpectConserved(*f);
}
