/*
 * RoCEv2 wire headers: sizes, round trips, checksum, PSN unwrapping.
 */
#include "model/headers/aeth-header.h"
#include "model/headers/bth-header.h"
#include "model/headers/icrc-trailer.h"
#include "model/headers/roce-frame-headers.h"
#include "model/headers/roce-header.h"
#include "model/headers/telemetry-header.h"
#include "model/link/fabric-net-device.h"
#include "model/nic/psn-bitmap.h"
#include "model/nic/rdma-nic.h"

#include "ns3/packet.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::fabric;

TEST(Headers, SizesMatchTheRoceV2WireFormat)
{
    // Linux include/rdma/ib_pack.h: Ethernet 14, IPv4 20, UDP 8, BTH 12, AETH 4, ICRC 4.
    EXPECT_EQ(RoceHeader::SIZE, 14u + 20u + 8u + 12u);
    EXPECT_EQ(AethHeader().GetSerializedSize(), 4u);
    EXPECT_EQ(IcrcTrailer().GetSerializedSize(), 4u);
    // A 4096-byte payload occupies 4096 + 82 bytes of wire time (FCS 4, preamble 8, gap 12).
    EXPECT_EQ(FabricNetDevice::WireBytes(RdmaNic::DataFrameBytes(4096)), 4178u);
    // Runt frames are padded to 64 bytes before preamble and gap.
    EXPECT_EQ(FabricNetDevice::WireBytes(20), 64u + 20u);
}

TEST(Headers, RoceHeaderRoundTripsThroughAPacket)
{
    RoceHeader h;
    h.m_eth.m_source = Mac48Address("00:11:22:33:44:55");
    h.m_eth.m_destination = Mac48Address("66:77:88:99:aa:bb");
    h.m_ip.m_source = Ipv4Address("10.0.1.2");
    h.m_ip.m_destination = Ipv4Address("10.3.4.5");
    h.m_ip.m_dscp = 26;
    h.m_ip.m_ecn = RoceIpv4Fields::ECN_CE;
    h.m_ip.m_totalLength = 4140;
    h.m_udp.m_sourcePort = 51234;
    h.m_bth.m_opcode = BthFields::OP_RC_SEND_LAST;
    h.m_bth.m_destQp = 0xabcdef;
    h.m_bth.m_psn = 0x123456;
    h.m_bth.m_ackRequest = true;
    Ptr<Packet> p = Create<Packet>(100);
    p->AddHeader(h);
    EXPECT_EQ(p->GetSize(), 100u + RoceHeader::SIZE);

    for (int way = 0; way < 2; ++way)
    {
        RoceHeader r;
        uint32_t n = way == 0 ? p->PeekHeader(r) : r.PeekFrom(*p);
        EXPECT_EQ(n, RoceHeader::SIZE);
        EXPECT_TRUE(r.IsRoce());
        EXPECT_EQ(r.m_eth.m_source, h.m_eth.m_source);
        EXPECT_EQ(r.m_eth.m_destination, h.m_eth.m_destination);
        EXPECT_EQ(r.m_ip.m_source, h.m_ip.m_source);
        EXPECT_EQ(r.m_ip.m_destination, h.m_ip.m_destination);
        EXPECT_EQ(r.m_ip.m_dscp, 26);
        EXPECT_EQ(r.m_ip.m_ecn, RoceIpv4Fields::ECN_CE);
        EXPECT_EQ(r.m_ip.m_totalLength, 4140);
        EXPECT_TRUE(r.m_ip.IsChecksumOk());
        EXPECT_EQ(r.m_udp.m_sourcePort, 51234);
        EXPECT_EQ(r.m_udp.m_destinationPort, 4791);
        EXPECT_EQ(r.m_bth.m_opcode, BthFields::OP_RC_SEND_LAST);
        EXPECT_EQ(r.m_bth.m_destQp, 0xabcdefu);
        EXPECT_EQ(r.m_bth.m_psn, 0x123456u);
        EXPECT_TRUE(r.m_bth.m_ackRequest);
        EXPECT_TRUE(r.m_bth.IsLastOfMessage());
    }
}

TEST(Headers, WireBytesAreTheStandardLayout)
{
    RoceHeader h;
    h.m_ip.m_source = Ipv4Address("10.0.0.1");
    h.m_ip.m_destination = Ipv4Address("10.0.0.2");
    h.m_ip.m_dscp = 26;
    h.m_ip.m_ecn = RoceIpv4Fields::ECN_ECT0;
    h.m_ip.m_totalLength = 60;
    h.m_bth.m_opcode = BthFields::OP_RC_SEND_ONLY;
    h.m_bth.m_destQp = 7;
    h.m_bth.m_psn = 9;
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    uint8_t b[RoceHeader::SIZE];
    p->CopyData(b, sizeof(b));
    EXPECT_EQ(b[12], 0x08); // EtherType IPv4
    EXPECT_EQ(b[13], 0x00);
    EXPECT_EQ(b[14], 0x45);                // IPv4, IHL 5
    EXPECT_EQ(b[15], (26 << 2) | 2);       // DSCP 26, ECT(0)
    EXPECT_EQ(b[23], 17);                  // UDP
    EXPECT_EQ((b[36] << 8) | b[37], 4791); // UDP destination port
    EXPECT_EQ(b[42], 0x04);                // BTH opcode RC SEND ONLY
    EXPECT_EQ(b[44], 0xff);                // default P_Key
    EXPECT_EQ(b[49], 7);                   // destination QP, low byte
    EXPECT_EQ(b[53], 9);                   // PSN, low byte

    // RFC 1071: the one's complement sum of a header with a valid checksum is 0xffff.
    uint32_t sum = 0;
    for (int i = 14; i < 34; i += 2)
    {
        sum += (b[i] << 8) | b[i + 1];
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    EXPECT_EQ(sum, 0xffffu);
}

TEST(Headers, AethDistinguishesAckAndNak)
{
    AethHeader a;
    a.m_syndrome = AethHeader::SYNDROME_NAK_PSN;
    a.m_msn = 77;
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(a);
    AethHeader r;
    p->PeekHeader(r);
    EXPECT_TRUE(r.IsNak());
    EXPECT_EQ(r.m_msn, 77u);
    EXPECT_FALSE(AethHeader().IsNak());
}

TEST(Headers, AnAckCarriesTheHeldCountWhenTheBthFlagsIt)
{
    // The held count is a second 32-bit word after the AETH (24 bits used), present when the
    // BTH reserved byte has bit 1 set.
    RoceHeader h;
    h.m_bth.m_opcode = BthHeader::OP_RC_ACK;
    h.m_bth.m_held = true;
    AethHeader a;
    a.m_hasHeld = true;
    a.m_held = 300;
    EXPECT_EQ(a.GetSerializedSize(), 8u);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(a);
    h.SetLengths(p->GetSize());
    p->AddHeader(h);
    RoceHeader rh;
    p->RemoveAtStart(rh.PeekFrom(*p));
    EXPECT_TRUE(rh.m_bth.m_held);
    EXPECT_FALSE(rh.m_bth.m_telemetry);
    AethHeader r;
    r.m_hasHeld = rh.m_bth.m_held;
    EXPECT_EQ(p->RemoveHeader(r), 8u);
    EXPECT_EQ(r.m_held, 300u);
    EXPECT_EQ(p->GetSize(), 0u);
    // A count beyond 24 bits saturates rather than wrapping to a small number.
    a.m_held = 1u << 25;
    Ptr<Packet> q = Create<Packet>();
    q->AddHeader(a);
    q->RemoveHeader(r);
    EXPECT_EQ(r.m_held, 0xffffffu);
}

TEST(PsnBitmap, CountsThePsnsHeldBeyondTheCumulativePoint)
{
    PsnBitmap b;
    b.Reset(0);
    // PSN 0 is missing; 1, 2, 70 and 200 arrive (70 twice).
    for (uint32_t psn : {1u, 2u, 70u, 70u, 200u})
    {
        b.Set(psn);
    }
    EXPECT_EQ(b.Count(), 4u);
    // PSN 0 fills the hole: the point moves past 1 and 2, to 3.
    EXPECT_EQ(b.Advance(1), 3u);
    EXPECT_EQ(b.Count(), 2u);
    // Filling 3..69 carries it past 70 to 71.
    uint32_t next = 3;
    while (next < 70)
    {
        next = b.Advance(next + 1);
    }
    EXPECT_EQ(next, 71u);
    EXPECT_EQ(b.Count(), 1u);
    b.Reset(500);
    EXPECT_EQ(b.Count(), 0u);
}

TEST(Headers, FrameHeadersWriteTheSameBytesAsSeparateHeaders)
{
    // An echoing ACK: RoCE headers, a 3-record telemetry stack, an AETH with its held count.
    RoceHeader h;
    h.m_eth.m_source = Mac48Address("00:11:22:33:44:55");
    h.m_ip.m_source = Ipv4Address("10.0.1.2");
    h.m_ip.m_destination = Ipv4Address("10.3.4.5");
    h.m_bth.m_opcode = BthHeader::OP_RC_ACK;
    h.m_bth.m_telemetry = true;
    h.m_bth.m_held = true;
    h.m_bth.m_psn = 1234;
    TelemetryHeader t;
    for (uint64_t q : {80u, 160u, 0u})
    {
        t.Push({q, 0.5, 1000, 400000000000ull});
    }
    AethHeader a;
    a.m_msn = 7;
    a.m_hasHeld = true;
    a.m_held = 12;
    h.SetLengths(t.GetSerializedSize() + a.GetSerializedSize() + IcrcTrailer::SIZE);

    Ptr<Packet> separate = Create<Packet>();
    separate->AddTrailer(IcrcTrailer());
    separate->AddHeader(a);
    separate->AddHeader(t);
    separate->AddHeader(h);
    TelemetryBytes stack; // t as its wire bytes
    Ptr<Packet> tp = Create<Packet>();
    tp->AddHeader(t);
    stack.size = tp->GetSize();
    tp->CopyData(stack.bytes.data(), stack.size);
    Ptr<Packet> one = Create<Packet>();
    one->AddTrailer(IcrcTrailer());
    RoceFrameHeaders(h, &stack, &a).AddTo(*one, 40);
    ASSERT_EQ(one->GetSize(), separate->GetSize());
    std::vector<uint8_t> x(one->GetSize());
    std::vector<uint8_t> y(separate->GetSize());
    one->CopyData(x.data(), x.size());
    separate->CopyData(y.data(), y.size());
    EXPECT_EQ(x, y);

    RoceFrameHeaders r;
    one->PeekHeader(r);
    EXPECT_EQ(r.GetRoce().m_bth.m_psn, 1234u);
    EXPECT_EQ(r.GetSerializedSize(), one->GetSize() - IcrcTrailer::SIZE);
}

TEST(Headers, PsnUnwrapsAcrossThe24BitBoundary)
{
    // The wire carries 24 bits; the receiver picks the full PSN nearest to what it expects.
    EXPECT_EQ(BthFields::UnwrapPsn(5, 3), 5u);
    EXPECT_EQ(BthFields::UnwrapPsn(0xfffffe, 0x1000001), 0xfffffeu);
    EXPECT_EQ(BthFields::UnwrapPsn(0x000002, 0xfffffe), 0x1000002u);
    EXPECT_EQ(BthFields::UnwrapPsn(0x000010, 0x2000020), 0x2000010u);
}
