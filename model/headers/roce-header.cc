/*
 * The leading headers of a RoCEv2 frame, read and written in one pass.
 */
#include "roce-header.h"

#include "byte-reader.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoceHeader);

TypeId
RoceHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RoceHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RoceHeader>();
    return tid;
}

TypeId
RoceHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceFields::GetSize() const
{
    return IsRoce() ? SIZE : RoceEthernetFields::SIZE;
}

void
RoceFields::Write(Buffer::Iterator& i) const
{
    // Written to a local copy first and to the buffer at once (see ByteWriter).
    uint8_t bytes[SIZE];
    ByteWriter w(bytes);
    m_eth.Write(w);
    if (IsRoce())
    {
        m_ip.Write(w);
        m_udp.Write(w);
        m_bth.Write(w);
    }
    i.Write(bytes, w.GetWritten());
}

uint32_t
RoceFields::Read(Buffer::Iterator& i)
{
    m_eth.Read(i);
    if (!IsRoce())
    {
        return RoceEthernetFields::SIZE;
    }
    m_ip.Read(i);
    m_udp.Read(i);
    m_bth.Read(i);
    return SIZE;
}

uint32_t
RoceHeader::GetSerializedSize() const
{
    return GetSize();
}

void
RoceHeader::Serialize(Buffer::Iterator start) const
{
    Write(start);
}

uint32_t
RoceHeader::Deserialize(Buffer::Iterator start)
{
    return Read(start);
}

uint32_t
RoceFields::PeekFrom(const Packet& p)
{
    uint8_t bytes[SIZE];
    uint32_t n = p.CopyData(bytes, SIZE);
    ByteReader r(bytes);
    m_eth.Read(r);
    if (!IsRoce() || n < SIZE)
    {
        m_eth.m_etherType = IsRoce() ? 0 : m_eth.m_etherType; // a runt is not RoCE
        return RoceEthernetFields::SIZE;
    }
    m_ip.Read(r);
    m_udp.Read(r);
    m_bth.Read(r);
    return SIZE;
}

void
RoceHeader::Print(std::ostream& os) const
{
    os << "eth " << m_eth.m_source << " > " << m_eth.m_destination;
    if (IsRoce())
    {
        os << " | ipv4 " << m_ip.m_source << " > " << m_ip.m_destination << " dscp "
           << unsigned(m_ip.m_dscp) << " ecn " << unsigned(m_ip.m_ecn) << " | udp "
           << m_udp.m_sourcePort << " > " << m_udp.m_destinationPort << " | bth op 0x" << std::hex
           << unsigned(m_bth.m_opcode) << std::dec << " qp " << m_bth.m_destQp << " psn "
           << m_bth.m_psn;
    }
}

} // namespace fabric
} // namespace ns3
