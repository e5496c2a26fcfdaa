/*
 * UDP header of a RoCEv2 packet.
 */
#include "roce-udp-header.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoceUdpHeader);

TypeId
RoceUdpHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RoceUdpHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RoceUdpHeader>();
    return tid;
}

TypeId
RoceUdpHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceUdpHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceUdpHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(m_sourcePort);
    start.WriteHtonU16(m_destinationPort);
    start.WriteHtonU16(m_length);
    start.WriteHtonU16(0); // RoCEv2 senders put zero in the UDP checksum (the ICRC covers it)
}

uint32_t
RoceUdpHeader::Deserialize(Buffer::Iterator start)
{
    m_sourcePort = start.ReadNtohU16();
    m_destinationPort = start.ReadNtohU16();
    m_length = start.ReadNtohU16();
    start.ReadNtohU16();
    return SIZE;
}

void
RoceUdpHeader::Print(std::ostream& os) const
{
    os << "udp " << m_sourcePort << " > " << m_destinationPort << " len " << m_length;
}

} // namespace fabric
} // namespace ns3
