/*
 * Ethernet II header as carried by RoCEv2 frames.
 */
#ifndef FABRIC_ROCE_ETHERNET_HEADER_H
#define FABRIC_ROCE_ETHERNET_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

#include <array>
#include <ostream>

namespace ns3
{
namespace fabric
{

/**
 * @brief A MAC address held as its six bytes. Converts to and from Mac48Address; unlike it,
 * constructing one costs nothing (a header is parsed at every hop, and Mac48Address's
 * constructors go through ns-3's logging on each call).
 */
struct MacBytes
{
    std::array<uint8_t, 6> bytes {}; //!< the address, first byte first

    MacBytes() = default;

    MacBytes(const Mac48Address& mac) { mac.CopyTo(bytes.data()); } // NOLINT: converts

    operator Mac48Address() const // NOLINT: converts
    {
        Mac48Address mac;
        mac.CopyFrom(bytes.data());
        return mac;
    }

    bool operator==(const MacBytes& o) const { return bytes == o.bytes; }

    bool operator!=(const MacBytes& o) const { return bytes != o.bytes; }
};

/// Print as Mac48Address does (00:11:22:33:44:55).
inline std::ostream&
operator<<(std::ostream& os, const MacBytes& mac)
{
    return os << Mac48Address(mac);
}

/**
 * @brief The fields of an Ethernet II header and their wire format.
 */
struct RoceEthernetFields
{
    static constexpr uint16_t ETHERTYPE_IPV4 = 0x0800;     //!< IEEE EtherType for IPv4
    static constexpr uint16_t ETHERTYPE_MAC_CTRL = 0x8808; //!< IEEE 802.3 MAC control (PFC)
    static constexpr uint32_t SIZE = 14;                   //!< bytes on the wire

    /// Write the fields at @p i (a Buffer::Iterator or ByteWriter) and advance it.
    template<class Writer>
    void Write(Writer& i) const
    {
        i.Write(m_destination.bytes.data(), 6);
        i.Write(m_source.bytes.data(), 6);
        i.WriteHtonU16(m_etherType);
    }

    /// Read the fields at @p i (a Buffer::Iterator or ByteReader) and advance it.
    template<class Reader>
    void Read(Reader& i)
    {
        m_destination = ReadMac(i);
        m_source = ReadMac(i);
        m_etherType = i.ReadNtohU16();
    }

    /// Read a MAC address.
    template<class Reader>
    static MacBytes ReadMac(Reader& i)
    {
        MacBytes mac;
        i.Read(mac.bytes.data(), 6);
        return mac;
    }

    MacBytes m_destination;                //!< destination MAC address
    MacBytes m_source;                     //!< source MAC address
    uint16_t m_etherType {ETHERTYPE_IPV4}; //!< EtherType of the payload
};

/**
 * @brief Ethernet II header (destination MAC, source MAC, EtherType): 14 bytes on the wire.
 *
 * The frame check sequence, preamble and inter-frame gap are not part of the header: the link
 * adds them to the serialization time (see FabricChannel).
 */
class RoceEthernetHeader
    : public Header
    , public RoceEthernetFields
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
