/*
 * The cable on its own, between two bare ports: it joins exactly two ends, a frame reaches the
 * far end one wire time (frame + FCS + preamble + gap at the line rate, padded to the Ethernet
 * minimum) plus the propagation delay plus the receiver's ingress latency after it starts, frames
 * arrive in order and back to back, both directions run at once, and a cable taken down loses
 * what it carries, counted.
 */
#include "model/link/fabric-channel.h"
#include "model/link/fabric-net-device.h"

#include "ns3/core-module.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

/// A port that sends the frames given to it in order and records what it receives.
class BarePort : public FabricNetDevice
{
public:
    void Push(uint32_t bytes)
    {
        m_queue.push_back(Create<Packet>(bytes));
        NotifyTxReady();
    }

    std::vector<std::pair<int64_t, uint32_t>> m_received; //!< (time step, bytes) per frame

protected:
    FrameRef DoDequeue() override
    {
        if (m_queue.empty())
        {
            return FrameRef();
        }
        FrameRef f(m_queue.front());
        m_queue.pop_front();
        return f;
    }

    bool HasPending() const override { return !m_queue.empty(); }

    void DoReceive(const Ptr<Packet>& p) override
    {
        m_received.emplace_back(Simulator::Now().GetTimeStep(), p->GetSize());
    }

private:
    std::deque<Ptr<Packet>> m_queue;
};

/// Picoseconds to send @p wireBytes at 400 Gb/s: 8 bits x 2.5 ps each.
int64_t
At400G(uint64_t wireBytes)
{
    return static_cast<int64_t>(wireBytes * 8 * 5 / 2);
}

class FabricChannelTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        Simulator::Destroy();
        cable = CreateObject<FabricChannel>();
        cable->SetAttribute("Delay", TimeValue(NanoSeconds(600)));
        a = CreateObject<BarePort>();
        b = CreateObject<BarePort>();
        for (const auto& p : {a, b})
        {
            p->SetDataRate(DataRate("400Gbps"));
            p->Attach(cable);
        }
        b->SetIngressLatency(NanoSeconds(250));
    }

    void TearDown() override
    {
        a->Dispose();
        b->Dispose();
        Simulator::Destroy();
    }

    Ptr<FabricChannel> cable;
    Ptr<BarePort> a;
    Ptr<BarePort> b;
};

} // namespace

TEST_F(FabricChannelTest, JoinsExactlyTwoPortsEachThePeerOfTheOther)
{
    EXPECT_EQ(cable->GetNDevices(), 2u);
    EXPECT_EQ(cable->GetDevice(0), Ptr<NetDevice>(a));
    EXPECT_EQ(cable->GetDevice(1), Ptr<NetDevice>(b));
    EXPECT_EQ(cable->GetPeer(PeekPointer(a)), Ptr<FabricNetDevice>(b));
    EXPECT_EQ(cable->GetPeer(PeekPointer(b)), Ptr<FabricNetDevice>(a));
    EXPECT_EQ(a->GetPeer(), Ptr<FabricNetDevice>(b));
    EXPECT_EQ(cable->GetDelay(), NanoSeconds(600));
}

TEST_F(FabricChannelTest, FramesArriveBackToBackAfterWireTimeDelayAndIngressLatency)
{
    // Five full RoCE data frames (4,178 bytes: 4,096 of payload and 82 of headers and ICRC),
    // then one 50-byte control frame, padded to the 64-byte minimum with its FCS.
    Simulator::Schedule(NanoSeconds(10), [this]() {
        for (int i = 0; i < 5; ++i)
        {
            a->Push(4178);
        }
        a->Push(50);
    });
    Simulator::Run();
    ASSERT_EQ(b->m_received.size(), 6u);
    const int64_t start = 10000; // ps
    const int64_t fixed = 600000 + 250000;
    const int64_t full = At400G(4178 + 4 + 20); // 84,040 ps
    const int64_t ack = At400G(64 + 20);        // 1,680 ps
    for (int i = 0; i < 5; ++i)
    {
        EXPECT_EQ(b->m_received[i].first, start + (i + 1) * full + fixed) << "frame " << i;
        EXPECT_EQ(b->m_received[i].second, 4178u);
    }
    EXPECT_EQ(b->m_received[5].first, start + 5 * full + ack + fixed);
    EXPECT_EQ(a->GetCounters().txWireBytes, 5u * (4178 + 24) + 84);
    EXPECT_EQ(b->GetCounters().rxPackets, 6u);
    EXPECT_TRUE(a->m_received.empty());
}

TEST_F(FabricChannelTest, BothDirectionsRunAtOnce)
{
    Simulator::Schedule(NanoSeconds(0), [this]() {
        for (int i = 0; i < 3; ++i)
        {
            a->Push(1000);
            b->Push(1000);
        }
    });
    Simulator::Run();
    ASSERT_EQ(a->m_received.size(), 3u);
    ASSERT_EQ(b->m_received.size(), 3u);
    const int64_t wire = At400G(1000 + 24);
    for (int i = 0; i < 3; ++i)
    {
        // Only b has an ingress latency.
        EXPECT_EQ(b->m_received[i].first, (i + 1) * wire + 600000 + 250000);
        EXPECT_EQ(a->m_received[i].first, (i + 1) * wire + 600000);
    }
}

TEST_F(FabricChannelTest, ACableTakenDownLosesWhatItCarriesAndCountsIt)
{
    const int64_t wire = At400G(4178 + 24);
    // Two frames leave at 0 and one wire time later; the cable fails while both are on it
    // (before the first arrives at 84 ns + 850 ns), and a third is sent into the dead cable.
    Simulator::Schedule(NanoSeconds(0), [this]() {
        a->Push(4178);
        a->Push(4178);
    });
    Simulator::Schedule(NanoSeconds(500), [this]() {
        a->SetCableUp(false);
    });
    Simulator::Schedule(NanoSeconds(600), [this]() {
        a->Push(4178);
    });
    // Back up: the next frame gets through.
    Simulator::Schedule(MicroSeconds(5), [this]() {
        a->SetCableUp(true);
        a->Push(4178);
    });
    Simulator::Run();
    ASSERT_EQ(b->m_received.size(), 1u);
    EXPECT_EQ(b->m_received[0].first, 5000000 + wire + 850000);
    EXPECT_EQ(a->GetCounters().linkDownDrops, 1u); // serialized into the dead cable
    EXPECT_EQ(b->GetCounters().linkDownDrops, 2u); // on the cable when it failed
}
