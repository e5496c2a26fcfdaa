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
    Write(start);
}

uint32_t
BthHeader::Deserialize(Buffer::Iterator start)
{
    Read(start);
    return SIZE;
}

void
BthHeader::Print(std::ostream& os) const
{
    os << "bth op 0x" << std::hex << unsigned(m_opcode) << std::dec << " qp " << m_destQp << " psn "
       << (m_psn & PSN_MASK) << (m_ackRequest ? " ackreq" : "");
}

uint32_t
BthFields::UnwrapPsn(uint32_t wire, uint32_t reference)
{
    int32_t delta = static_cast<int32_t>(((wire - reference) & PSN_MASK) << 8) >> 8;
    return reference + static_cast<uint32_t>(delta);
}

} // namespace fabric
} // namespace ns3
