/*
 * In-band telemetry appended by switches (HPCC-style INT), echoed by the receiver.
 */
#include "telemetry-header.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(TelemetryHeader);

namespace
{

/// Line-rate codes of the 4-bit field, in Gb/s.
constexpr uint64_t RATE_CODES_GBPS[] = {0, 10, 25, 40, 50, 100, 200, 400, 800, 1600};

uint8_t
RateCode(uint64_t bps)
{
    uint8_t best = 0;
    for (uint8_t i = 1; i < sizeof(RATE_CODES_GBPS) / sizeof(RATE_CODES_GBPS[0]); ++i)
    {
        if (RATE_CODES_GBPS[i] * 1000000000ULL <= bps)
        {
            best = i;
        }
    }
    return best;
}

uint64_t
EncodeHop(const TelemetryHop& h)
{
    uint64_t qlen = h.queueBytes / TelemetryHeader::QLEN_UNIT;
    if (qlen > 0xffff)
    {
        qlen = 0xffff; // saturates at 5.2 MB
    }
    double util = std::min(h.txUtilization / TelemetryHeader::UTIL_UNIT, 1048575.0);
    return (uint64_t(RateCode(h.rateBps)) << 60) | ((h.timeNs % TelemetryHeader::TS_MOD) << 36)
         | (uint64_t(util) << 16) | qlen;
}

TelemetryHop
DecodeHop(uint64_t word)
{
    TelemetryHop h;
    uint8_t code = word >> 60;
    h.rateBps = code < sizeof(RATE_CODES_GBPS) / sizeof(RATE_CODES_GBPS[0])
                  ? RATE_CODES_GBPS[code] * 1000000000ULL
                  : 0;
    h.timeNs = (word >> 36) & (TelemetryHeader::TS_MOD - 1);
    h.txUtilization = double((word >> 16) & 0xfffff) * TelemetryHeader::UTIL_UNIT;
    h.queueBytes = (word & 0xffff) * TelemetryHeader::QLEN_UNIT;
    return h;
}

} // namespace

NS_OBJECT_ENSURE_REGISTERED(TelemetryPush);

TypeId
TelemetryPush::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::TelemetryPush")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<TelemetryPush>();
    return tid;
}

TypeId
TelemetryPush::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
TelemetryPush::GetSerializedSize() const
{
    return LEAD_BYTES + TelemetryHeader::BASE_BYTES + TelemetryHeader::HOP_BYTES;
}

void
TelemetryPush::Serialize(Buffer::Iterator start) const
{
    // One write of the whole header (the iterator checks bounds per call).
    uint8_t bytes[LEAD_BYTES + TelemetryHeader::BASE_BYTES + TelemetryHeader::HOP_BYTES];
    std::copy(m_lead.begin(), m_lead.end(), bytes);
    bytes[LEAD_BYTES] = m_nHops;
    bytes[LEAD_BYTES + 1] = 0;
    uint64_t word = EncodeHop(m_hop);
    for (int i = 0; i < 8; ++i)
    {
        bytes[LEAD_BYTES + TelemetryHeader::BASE_BYTES + i]
            = static_cast<uint8_t>(word >> (56 - 8 * i));
    }
    start.Write(bytes, sizeof(bytes));
}

uint32_t
TelemetryPush::Deserialize(Buffer::Iterator start)
{
    start.Read(m_lead.data(), LEAD_BYTES);
    m_nHops = start.ReadU8();
    start.ReadU8();
    m_hop = DecodeHop(start.ReadNtohU64());
    return GetSerializedSize();
}

void
TelemetryPush::GrowLengths(uint16_t bytes)
{
    // Offsets in the lead: the IPv4 header follows the Ethernet header (total length at +2,
    // checksum at +10), the UDP header follows the IPv4 header (length at +4).
    constexpr std::size_t IP = RoceEthernetFields::SIZE;
    constexpr std::size_t UDP = IP + RoceIpv4Fields::SIZE;
    auto grow = [this, bytes](std::size_t at) {
        uint16_t v = static_cast<uint16_t>((m_lead[at] << 8 | m_lead[at + 1]) + bytes);
        m_lead[at] = static_cast<uint8_t>(v >> 8);
        m_lead[at + 1] = static_cast<uint8_t>(v);
    };
    grow(IP + 2);
    grow(UDP + 4);
    m_lead[IP + 10] = 0;
    m_lead[IP + 11] = 0;
    uint32_t sum = 0;
    for (std::size_t i = IP; i < UDP; i += 2)
    {
        sum += static_cast<uint32_t>(m_lead[i] << 8 | m_lead[i + 1]);
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    uint16_t checksum = static_cast<uint16_t>(~sum);
    m_lead[IP + 10] = static_cast<uint8_t>(checksum >> 8);
    m_lead[IP + 11] = static_cast<uint8_t>(checksum);
}

void
TelemetryPush::Print(std::ostream& os) const
{
    os << "telemetry push, " << unsigned(m_nHops) << " hops";
}

TypeId
TelemetryHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::TelemetryHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<TelemetryHeader>();
    return tid;
}

TypeId
TelemetryHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
TelemetryHeader::GetSerializedSize() const
{
    return BASE_BYTES + HOP_BYTES * m_nHops;
}

void
TelemetryHeader::Push(const TelemetryHop& hop)
{
    if (m_nHops < MAX_HOPS)
    {
        m_hops[m_nHops++] = hop;
    }
}

void
TelemetryHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_nHops);
    start.WriteU8(0);
    for (uint32_t i = m_nHops; i-- > 0;) // most recent switch first on the wire
    {
        start.WriteHtonU64(EncodeHop(m_hops[i]));
    }
}

uint32_t
TelemetryHeader::Deserialize(Buffer::Iterator start)
{
    m_nHops = start.ReadU8();
    start.ReadU8();
    if (m_nHops > MAX_HOPS)
    {
        m_nHops = MAX_HOPS;
    }
    for (uint32_t i = m_nHops; i-- > 0;) // back into path order
    {
        m_hops[i] = DecodeHop(start.ReadNtohU64());
    }
    return GetSerializedSize();
}

void
TelemetryHeader::Print(std::ostream& os) const
{
    os << "telemetry " << unsigned(m_nHops) << " hops";
    for (uint32_t i = 0; i < m_nHops; ++i)
    {
        os << " [q " << m_hops[i].queueBytes << " u " << m_hops[i].txUtilization << " t "
           << m_hops[i].timeNs << "]";
    }
}

} // namespace fabric
} // namespace ns3
