/*
 * Ethernet II header as carried by RoCEv2 frames.
 */
#include "roce-ethernet-header.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoceEthernetHeader);

TypeId
RoceEthernetHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RoceEthernetHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RoceEthernetHeader>();
    return tid;
}

TypeId
RoceEthernetHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceEthernetHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceEthernetHeader::Serialize(Buffer::Iterator start) const
{
    Write(start);
}

uint32_t
RoceEthernetHeader::Deserialize(Buffer::Iterator start)
{
    Read(start);
    return SIZE;
}

void
RoceEthernetHeader::Print(std::ostream& os) const
{
    os << "eth " << m_source << " > " << m_destination << " type 0x" << std::hex << m_etherType
       << std::dec;
}

} // namespace fabric
} // namespace ns3
