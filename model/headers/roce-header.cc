/*
 * The leading headers of a RoCEv2 frame, read and written in one pass.
 */
#include "roce-header.h"

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
RoceHeader::GetSerializedSize() const
{
    return IsRoce() ? SIZE : RoceEthernetHeader::SIZE;
}

void
RoceHeader::Serialize(Buffer::Iterator start) const
{
    m_eth.Serialize(start);
    if (!IsRoce())
    {
        return;
    }
    start.Next(RoceEthernetHeader::SIZE);
    m_ip.Serialize(start);
    start.Next(RoceIpv4Header::SIZE);
    m_udp.Serialize(start);
    start.Next(RoceUdpHeader::SIZE);
    m_bth.Serialize(start);
}

uint32_t
RoceHeader::Deserialize(Buffer::Iterator start)
{
    m_eth.Deserialize(start);
    if (!IsRoce())
    {
        return RoceEthernetHeader::SIZE;
    }
    start.Next(RoceEthernetHeader::SIZE);
    m_ip.Deserialize(start);
    start.Next(RoceIpv4Header::SIZE);
    m_udp.Deserialize(start);
    start.Next(RoceUdpHeader::SIZE);
    m_bth.Deserialize(start);
    return SIZE;
}

void
RoceHeader::Print(std::ostream& os) const
{
    m_eth.Print(os);
    if (IsRoce())
    {
        os << " | ";
        m_ip.Print(os);
        os << " | ";
        m_udp.Print(os);
        os << " | ";
        m_bth.Print(os);
    }
}

} // namespace fabric
} // namespace ns3
