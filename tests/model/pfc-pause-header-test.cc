/*
 * The PFC pause frame (IEEE 802.1Qbb) on its own: its bytes in network order, a round trip
 * through a packet, and a frame with its Ethernet header that fills exactly the 64-byte
 * Ethernet minimum with its FCS.
 */
#include "model/headers/pfc-pause-header.h"
#include "model/headers/roce-ethernet-header.h"
#include "model/link/fabric-net-device.h"

#include "ns3/packet.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

std::vector<uint8_t>
Bytes(const Ptr<Packet>& p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

} // namespace

TEST(PfcPauseHeader, WritesOpcodeClassVectorAndEightTimesInNetworkOrder)
{
    PfcPauseHeader h;
    h.Set(3, 0xffff);
    h.Set(6, 0x1234);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> b = Bytes(p);
    // 802.1Qbb: MAC control opcode 0x0101, then the priority-enable vector (bits 3 and 6:
    // 0x0048), then eight 16-bit pause times, priority 0 first; zero padding to 46 bytes.
    ASSERT_EQ(b.size(), 46u);
    EXPECT_EQ(b[0], 0x01);
    EXPECT_EQ(b[1], 0x01);
    EXPECT_EQ(b[2], 0x00);
    EXPECT_EQ(b[3], 0x48);
    for (int prio = 0; prio < 8; ++prio)
    {
        uint16_t expected = prio == 3 ? 0xffff : prio == 6 ? 0x1234 : 0;
        EXPECT_EQ(b[4 + 2 * prio], expected >> 8) << "priority " << prio;
        EXPECT_EQ(b[5 + 2 * prio], expected & 0xff) << "priority " << prio;
    }
    for (std::size_t i = 20; i < b.size(); ++i)
    {
        EXPECT_EQ(b[i], 0) << "padding byte " << i;
    }
}

TEST(PfcPauseHeader, RoundTripsAndAResumeIsAnEnabledZero)
{
    PfcPauseHeader h;
    h.Set(3, 0); // resume priority 3
    h.Set(0, 7);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    PfcPauseHeader r;
    EXPECT_EQ(p->RemoveHeader(r), PfcPauseHeader::SIZE);
    EXPECT_EQ(p->GetSize(), 0u);
    EXPECT_EQ(r.m_opcode, PfcPauseHeader::OPCODE_PFC);
    EXPECT_TRUE(r.IsEnabled(3));
    EXPECT_EQ(r.m_quanta[3], 0);
    EXPECT_TRUE(r.IsEnabled(0));
    EXPECT_EQ(r.m_quanta[0], 7);
    for (uint8_t prio : {1, 2, 4, 5, 6, 7})
    {
        EXPECT_FALSE(r.IsEnabled(prio)) << "priority " << int(prio);
    }
}

TEST(PfcPauseHeader, AFrameWithItsEthernetHeaderIsTheEthernetMinimum)
{
    PfcPauseHeader h;
    h.Set(3, PfcPauseHeader::MAX_QUANTA);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    RoceEthernetHeader eth;
    eth.m_etherType = RoceEthernetFields::ETHERTYPE_MAC_CTRL;
    p->AddHeader(eth);
    // 14 bytes of Ethernet header + 46 = 60; with the 4-byte FCS, the 64-byte minimum frame;
    // on the wire 84 bytes with preamble, start delimiter and inter-frame gap (8 + 12).
    EXPECT_EQ(p->GetSize(), 60u);
    EXPECT_EQ(p->GetSize() + FabricNetDevice::FCS_BYTES, FabricNetDevice::MIN_FRAME_BYTES);
    EXPECT_EQ(FabricNetDevice::WireBytes(p->GetSize()), 84u);
    std::vector<uint8_t> b = Bytes(p);
    EXPECT_EQ(b[12], 0x88); // MAC control EtherType 0x8808
    EXPECT_EQ(b[13], 0x08);
}
