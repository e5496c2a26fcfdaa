/*
 * ACK Extended Transport Header (AETH).
 */
#include "aeth-header.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(AethHeader);

TypeId
AethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::AethHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<AethHeader>();
    return tid;
}

TypeId
AethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
AethHeader::GetSerializedSize() const
{
    return m_hasHeld ? 2 * SIZE : SIZE;
}

void
AethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_syndrome);
    start.WriteU8((m_msn >> 16) & 0xff);
    start.WriteHtonU16(m_msn & 0xffff);
    if (m_hasHeld)
    {
        start.WriteHtonU32(std::min<uint32_t>(m_held, 0xffffff));
    }
}

uint32_t
AethHeader::Deserialize(Buffer::Iterator start)
{
    m_syndrome = start.ReadU8();
    m_msn = uint32_t(start.ReadU8()) << 16;
    m_msn |= start.ReadNtohU16();
    if (m_hasHeld)
    {
        m_held = start.ReadNtohU32() & 0xffffff;
    }
    return GetSerializedSize();
}

void
AethHeader::Print(std::ostream& os) const
{
    os << (IsNak() ? "aeth NAK" : "aeth ACK") << " msn " << m_msn;
    if (m_hasHeld)
    {
        os << " held " << m_held;
    }
}

} // namespace fabric
} // namespace ns3
