/*
 * InfiniBand Base Transport Header (BTH), as carried by RoCEv2.
 */
#include "bth-header.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(BthHeader);

TypeId
BthHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::BthHeader")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<BthHeader>();
    return tid;
}

TypeId
BthHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
BthHeader::GetSerializedSize() const
{
    return SIZE;
}

void
BthHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_opcode);
    start.WriteU8(static_cast<uint8_t>((m_solicitedEvent ? 0x80 : 0) | ((m_padCount & 3) << 4)));
    start.WriteHtonU16(m_pkey);
    start.WriteU8(0);
    start.WriteU8((m_destQp >> 16) & 0xff);
    start.WriteHtonU16(m_destQp & 0xffff);
    start.WriteU8(m_ackRequest ? 0x80 : 0);
    start.WriteU8((m_psn >> 16) & 0xff);
    start.WriteHtonU16(m_psn & 0xffff);
}

uint32_t
BthHeader::Deserialize(Buffer::Iterator start)
{
    m_opcode = start.ReadU8();
    uint8_t flags = start.ReadU8();
    m_solicitedEvent = flags & 0x80;
    m_padCount = (flags >> 4) & 3;
    m_pkey = start.ReadNtohU16();
    start.ReadU8();
    m_destQp = uint32_t(start.ReadU8()) << 16;
    m_destQp |= start.ReadNtohU16();
    m_ackRequest = start.ReadU8() & 0x80;
    m_psn = uint32_t(start.ReadU8()) << 16;
    m_psn |= start.ReadNtohU16();
    return SIZE;
}

void
BthHeader::Print(std::ostream& os) const
{
    os << "bth op 0x" << std::hex << unsigned(m_opcode) << std::dec << " qp " << m_destQp
       << " psn " << (m_psn & PSN_MASK) << (m_ackRequest ? " ackreq" : "");
}

uint32_t
BthHeader::UnwrapPsn(uint32_t wire, uint32_t reference)
{
    int32_t delta = static_cast<int32_t>(((wire - reference) & PSN_MASK) << 8) >> 8;
    return reference + static_cast<uint32_t>(delta);
}

} // namespace fabric
} // namespace ns3
