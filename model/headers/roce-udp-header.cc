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
    Write(start);
}

uint32_t
RoceUdpHeader::Deserialize(Buffer::Iterator start)
{
    Read(start);
    return SIZE;
}

void
RoceUdpHeader::Print(std::ostream& os) const
{
    os << "udp " << m_sourcePort << " > " << m_destinationPort << " len " << m_length;
}

} // namespace fabric
} // namespace ns3
