/*
 * UDP header of a RoCEv2 packet.
 */
#ifndef FABRIC_ROCE_UDP_HEADER_H
#define FABRIC_ROCE_UDP_HEADER_H

#include "ns3/header.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief The fields of a UDP header and their wire format.
 */
struct RoceUdpFields
{
    static constexpr uint16_t ROCE_V2_PORT = 4791; //!< IANA port of RoCEv2
    static constexpr uint32_t SIZE = 8;            //!< bytes on the wire

    /// Write the fields at @p i (a Buffer::Iterator or ByteWriter) and advance it (checksum
    /// zero, as RoCEv2 senders do).
    template<class Writer>
    void Write(Writer& i) const
    {
        i.WriteHtonU16(m_sourcePort);
        i.WriteHtonU16(m_destinationPort);
        i.WriteHtonU16(m_length);
        i.WriteHtonU16(0); // the ICRC covers the frame
    }

    /// Read the fields at @p i (a Buffer::Iterator or ByteReader) and advance it.
    template<class Reader>
    void Read(Reader& i)
    {
        m_sourcePort = i.ReadNtohU16();
        m_destinationPort = i.ReadNtohU16();
        m_length = i.ReadNtohU16();
        i.ReadNtohU16(); // checksum
    }

    uint16_t m_sourcePort {49152};             //!< flow entropy
    uint16_t m_destinationPort {ROCE_V2_PORT}; //!< always 4791 for RoCEv2
    uint16_t m_length {SIZE};                  //!< this header plus its payload, bytes
};

/**
 * @brief UDP header, 8 bytes. RoCEv2 uses destination port 4791; the source port carries the
 * queue pair's flow entropy, which is what ECMP hashes spread.
 */
class RoceUdpHeader
    : public Header
    , public RoceUdpFields
{
public:
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;
};

} // namespace fabric
} // namespace ns3

#endif
