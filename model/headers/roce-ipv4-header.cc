/*
 * IPv4 header of a RoCEv2 packet (no options).
 */
#include "roce-ipv4-header.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoceIpv4Header);

namespace
{

/// One's complement sum of the header's 16-bit words with the checksum field taken as zero.
uint16_t
HeaderChecksum(uint8_t dscpEcn,
               uint16_t totalLength,
               uint16_t identification,
               uint8_t ttl,
               uint8_t protocol,
               uint32_t src,
               uint32_t dst)
{
    uint32_t sum = 0x4500u | dscpEcn;
    sum += totalLength;
    sum += identification;
    sum += 0x4000u; // flags: don't fragment
    sum += (uint32_t(ttl) << 8) | protocol;
    sum += (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff);
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

} // namespace

uint16_t
RoceIpv4Fields::ComputeChecksum() const
{
    return HeaderChecksum(GetTos(),
                          m_totalLength,
                          m_identification,
                          m_ttl,
                          m_protocol,
                          m_source.Get(),
                          m_destination.Get());
}

bool
RoceIpv4Fields::IsChecksumOk() const
{
    return m_checksumRead == ComputeChecksum();
}

TypeId
RoceIpv4Header::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RoceIpv4Header")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RoceIpv4Header>();
    return tid;
}

TypeId
RoceIpv4Header::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceIpv4Header::GetSerializedSize() const
{
    return SIZE;
}

void
RoceIpv4Header::Serialize(Buffer::Iterator start) const
{
    Write(start);
}

uint32_t
RoceIpv4Header::Deserialize(Buffer::Iterator start)
{
    Read(start);
    return SIZE;
}

void
RoceIpv4Header::Print(std::ostream& os) const
{
    os << "ipv4 " << m_source << " > " << m_destination << " dscp " << unsigned(m_dscp) << " ecn "
       << unsigned(m_ecn) << " len " << m_totalLength << " ttl " << unsigned(m_ttl);
}

} // namespace fabric
} // namespace ns3
