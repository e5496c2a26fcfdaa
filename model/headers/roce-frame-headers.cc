/*
 * All the headers a NIC puts in front of a frame's payload, written with one AddHeader.
 */
#include "roce-frame-headers.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(RoceFrameHeaders);

RoceFrameHeaders::RoceFrameHeaders(const RoceFields& roce,
                                   const TelemetryHeader* telemetry,
                                   const AethHeader* aeth)
    : m_roce(roce)
    , m_telemetry(telemetry)
    , m_aeth(aeth)
{
}

RoceFrameHeaders::RoceFrameHeaders(const RoceFields& roce,
                                   const TelemetryBytes& echo,
                                   const AethHeader* aeth)
    : m_roce(roce)
    , m_telemetryBytes(&echo)
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
    return m_headroom + m_roce.GetSize() + (m_telemetry ? m_telemetry->GetSerializedSize() : 0)
         + (m_telemetryBytes ? m_telemetryBytes->size : 0)
         + (m_aeth ? m_aeth->GetSerializedSize() : 0);
}

void
RoceFrameHeaders::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(0, m_headroom);
    m_roce.Write(start);
    if (m_telemetry)
    {
        m_telemetry->Serialize(start);
        start.Next(m_telemetry->GetSerializedSize());
    }
    if (m_telemetryBytes)
    {
        start.Write(m_telemetryBytes->bytes.data(), m_telemetryBytes->size);
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
    m_telemetryBytes = nullptr;
    m_aeth = nullptr;
    if (m_roce.IsRoce() && m_roce.m_bth.m_telemetry)
    {
        m_telemetryRead.emplace();
        uint32_t t = m_telemetryRead->Deserialize(start);
        start.Next(t);
        n += t;
        m_telemetry = &*m_telemetryRead;
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
        os << " | ";
        m_telemetry->Print(os);
    }
    if (m_telemetryBytes)
    {
        os << " | telemetry, " << m_telemetryBytes->size << " bytes";
    }
    if (m_aeth)
    {
        os << " | ";
        m_aeth->Print(os);
    }
}

} // namespace fabric
} // namespace ns3
