/*
 * All the headers a NIC puts in front of a frame's payload, written with one AddHeader.
 */
#include "roce-frame-headers.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoceFrameHeaders);

RoceFrameHeaders::RoceFrameHeaders(const RoceFields& roce,
                                   const TelemetryBytes* telemetry,
                                   const AethHeader* aeth)
    : m_roce(roce)
    , m_telemetry(telemetry)
    , m_aeth(aeth)
{
}

TypeId
RoceFrameHeaders::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::RoceFrameHeaders")
                            .SetParent<Header>()
                            .SetGroupName("Fabric")
                            .AddConstructor<RoceFrameHeaders>();
    return tid;
}

TypeId
RoceFrameHeaders::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceFrameHeaders::GetSerializedSize() const
{
    return m_headroom + m_roce.GetSize() + (m_telemetry ? m_telemetry->size : 0)
         + (m_aeth ? m_aeth->GetSerializedSize() : 0);
}

void
RoceFrameHeaders::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(0, m_headroom);
    m_roce.Write(start);
    if (m_telemetry)
    {
        start.Write(m_telemetry->bytes.data(), m_telemetry->size);
    }
    if (m_aeth)
    {
        m_aeth->Serialize(start);
    }
}

uint32_t
RoceFrameHeaders::Deserialize(Buffer::Iterator start)
{
    uint32_t n = m_roce.Read(start);
    m_telemetry = nullptr;
    m_aeth = nullptr;
    if (m_roce.IsRoce() && m_roce.m_bth.m_telemetry)
    {
        // The count, the reserved byte, and as many records as the count says (at most
        // MAX_HOPS, as TelemetryHeader reads them).
        uint32_t hops = std::min<uint32_t>(start.PeekU8(), TelemetryHeader::MAX_HOPS);
        m_telemetryRead.size = TelemetryHeader::BASE_BYTES + hops * TelemetryHeader::HOP_BYTES;
        start.Read(m_telemetryRead.bytes.data(), m_telemetryRead.size);
        n += m_telemetryRead.size;
        m_telemetry = &m_telemetryRead;
    }
    if (m_roce.IsRoce() && m_roce.m_bth.m_opcode == BthFields::OP_RC_ACK)
    {
        m_aethRead.emplace();
        m_aethRead->m_hasHeld = m_roce.m_bth.m_held;
        n += m_aethRead->Deserialize(start);
        m_aeth = &*m_aethRead;
    }
    return n;
}

void
RoceFrameHeaders::AddTo(Packet& p, uint32_t headroom)
{
    // The room is written as zero bytes in front and removed at once: ns-3's Buffer then
    // keeps it in front of the data.
    m_headroom = headroom;
    p.AddHeader(*this);
    m_headroom = 0;
    if (headroom > 0)
    {
        p.RemoveAtStart(headroom);
    }
}

void
RoceFrameHeaders::Print(std::ostream& os) const
{
    RoceHeader(m_roce).Print(os);
    if (m_telemetry)
    {
        os << " | telemetry, " << unsigned(m_telemetry->bytes[0]) << " hops";
    }
    if (m_aeth)
    {
        os << " | ";
        m_aeth->Print(os);
    }
}

} // namespace fabric
} // namespace ns3
