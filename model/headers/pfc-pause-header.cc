/*
 * IEEE 802.1Qbb priority-based flow control (PFC) pause frame body.
 */
#include "pfc-pause-header.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(PfcPauseHeader);

TypeId
PfcPauseHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::PfcPauseHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<PfcPauseHeader>();
    return tid;
}

TypeId
PfcPauseHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
PfcPauseHeader::GetSerializedSize() const
{
    return SIZE;
}

void
PfcPauseHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(m_opcode);
    start.WriteHtonU16(m_enable);
    for (uint16_t q : m_quanta)
    {
        start.WriteHtonU16(q);
    }
    start.WriteU8(0, SIZE - 20); // padding to the minimum payload
}

uint32_t
PfcPauseHeader::Deserialize(Buffer::Iterator start)
{
    m_opcode = start.ReadNtohU16();
    m_enable = start.ReadNtohU16();
    for (uint16_t& q : m_quanta)
    {
        q = start.ReadNtohU16();
    }
    return SIZE;
}

void
PfcPauseHeader::Print(std::ostream& os) const
{
    os << "pfc enable 0x" << std::hex << m_enable << std::dec;
    for (int p = 0; p < 8; ++p)
    {
        if (IsEnabled(p))
        {
            os << " p" << p << "=" << m_quanta[p];
        }
    }
}

} // namespace fabric
} // namespace ns3
