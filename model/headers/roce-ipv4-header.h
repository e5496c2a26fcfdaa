/*
 * IPv4 header of a RoCEv2 packet (no options).
 */
#ifndef FABRIC_ROCE_IPV4_HEADER_H
#define FABRIC_ROCE_IPV4_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <ostream>

namespace ns3
{
namespace fabric
{

/**
 * @brief An IPv4 address held as its 32-bit value. Converts from Ipv4Address (and explicitly
 * back); unlike it, constructing, setting or reading one costs nothing (a header is parsed at
 * every hop, and Ipv4Address's members go through ns-3's logging on each call).
 */
struct Ipv4Word
{
    uint32_t address {0}; //!< the address, host byte order

    Ipv4Word() = default;

    Ipv4Word(const Ipv4Address& a) // NOLINT: converts
        : address(a.Get())
    {
    }

    explicit operator Ipv4Address() const { return Ipv4Address(address); }

    uint32_t Get() const { return address; } //!< @return the address

    void Set(uint32_t a) { address = a; } //!< @param a the address

    bool operator==(const Ipv4Word& o) const { return address == o.address; }

    bool operator!=(const Ipv4Word& o) const { return address != o.address; }
};

/// Print as Ipv4Address does (10.0.0.1).
inline std::ostream&
operator<<(std::ostream& os, const Ipv4Word& a)
{
    return os << Ipv4Address(a.address);
}

/**
 * @brief The fields of an IPv4 header without options and their wire format.
 */
struct RoceIpv4Fields
{
    static constexpr uint32_t SIZE = 20;      //!< bytes on the wire (IHL = 5)
    static constexpr uint8_t PROTO_UDP = 17;  //!< IANA protocol number of UDP
    static constexpr uint8_t ECN_NOT_ECT = 0; //!< RFC 3168 codepoints
    static constexpr uint8_t ECN_ECT1 = 1;    //!< ECN-capable transport (1)
    static constexpr uint8_t ECN_ECT0 = 2;    //!< ECN-capable transport (0)
    static constexpr uint8_t ECN_CE = 3;      //!< congestion experienced

    /// Write the fields at @p i (a Buffer::Iterator or ByteWriter; computing the header
    /// checksum) and advance it.
    template<class Writer>
    void Write(Writer& i) const
    {
        i.WriteU8(0x45);
        i.WriteU8(GetTos());
        i.WriteHtonU16(m_totalLength);
        i.WriteHtonU16(m_identification);
        i.WriteHtonU16(0x4000); // don't fragment
        i.WriteU8(m_ttl);
        i.WriteU8(m_protocol);
        i.WriteHtonU16(ComputeChecksum());
        i.WriteHtonU32(m_source.Get());
        i.WriteHtonU32(m_destination.Get());
    }

    /// @return the type-of-service byte: DSCP and ECN
    uint8_t GetTos() const { return static_cast<uint8_t>((m_dscp << 2) | (m_ecn & 0x3)); }

    /// @return the header checksum of the fields (RFC 791)
    uint16_t ComputeChecksum() const;

    /// Read the fields at @p i (a Buffer::Iterator or ByteReader) and advance it; the checksum
    /// is kept, not verified.
    template<class Reader>
    void Read(Reader& i)
    {
        i.ReadU8(); // version and IHL: always 0x45 here
        uint8_t tos = i.ReadU8();
        m_dscp = tos >> 2;
        m_ecn = tos & 0x3;
        m_totalLength = i.ReadNtohU16();
        m_identification = i.ReadNtohU16();
        i.ReadNtohU16(); // flags and fragment offset
        m_ttl = i.ReadU8();
        m_protocol = i.ReadU8();
        m_checksumRead = i.ReadNtohU16();
        m_source.Set(i.ReadNtohU32());
        m_destination.Set(i.ReadNtohU32());
    }

    /// @return true when the checksum read matches the fields
    bool IsChecksumOk() const;

    uint8_t m_dscp {0};             //!< differentiated services code point (6 bits)
    uint8_t m_ecn {ECN_ECT0};       //!< ECN field (2 bits)
    uint16_t m_totalLength {SIZE};  //!< IPv4 total length: this header plus its payload, bytes
    uint16_t m_identification {0};  //!< identification field
    uint8_t m_ttl {64};             //!< time to live
    uint8_t m_protocol {PROTO_UDP}; //!< payload protocol
    Ipv4Word m_source;              //!< source address
    Ipv4Word m_destination;         //!< destination address
    uint16_t m_checksumRead {0};    //!< header checksum as read
};

/**
 * @brief IPv4 header without options: 20 bytes, with DSCP (traffic class) and the two ECN bits
 * that switches mark and DCQCN reacts to.
 */
class RoceIpv4Header
    : public Header
    , public RoceIpv4Fields
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
