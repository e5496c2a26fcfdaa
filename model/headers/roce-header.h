/*
 * The leading headers of a RoCEv2 frame, read and written in one pass.
 */
#ifndef FABRIC_ROCE_HEADER_H
#define FABRIC_ROCE_HEADER_H

#include "bth-header.h"
#include "roce-ethernet-header.h"
#include "roce-ipv4-header.h"
#include "roce-udp-header.h"

#include "ns3/header.h"
#include "ns3/packet.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief The parsed fields of a RoCEv2 frame's leading headers (Ethernet, IPv4, UDP, BTH):
 * what a switch reads at every hop, without the cost of an ns-3 Header object.
 */
struct RoceFields
{
    /// Bytes of Ethernet + IPv4 + UDP + BTH.
    static constexpr uint32_t SIZE
        = RoceEthernetFields::SIZE + RoceIpv4Fields::SIZE + RoceUdpFields::SIZE + BthFields::SIZE;

    /**
     * Read the leading headers of @p p: one CopyData of the first SIZE bytes, then parsing from
     * the copy. Same result as Packet::PeekHeader, several times cheaper; used on every hop.
     * @param p the frame
     * @return the bytes the headers occupy (as Deserialize)
     */
    uint32_t PeekFrom(const Packet& p);

    /// @return the bytes the headers occupy: SIZE, or the Ethernet header alone when not RoCE
    uint32_t GetSize() const;

    /// Write the headers at @p i and advance it.
    void Write(Buffer::Iterator& i) const;

    /// Read the headers at @p i and advance it; @return the bytes read (as GetSize)
    uint32_t Read(Buffer::Iterator& i);

    /**
     * Set the IPv4 total length and the UDP length for a frame whose bytes after the BTH
     * (telemetry, AETH or payload, ICRC) number @p bytesAfterBth.
     */
    void SetLengths(uint32_t bytesAfterBth)
    {
        uint32_t udp = RoceUdpFields::SIZE + BthFields::SIZE + bytesAfterBth;
        m_udp.m_length = static_cast<uint16_t>(udp);
        m_ip.m_totalLength = static_cast<uint16_t>(RoceIpv4Fields::SIZE + udp);
    }

    /// True when the frame is IPv4/UDP/RoCEv2 (false: e.g. a MAC control frame).
    bool IsRoce() const { return m_eth.m_etherType == RoceEthernetFields::ETHERTYPE_IPV4; }

    RoceEthernetFields m_eth; //!< Ethernet II
    RoceIpv4Fields m_ip;      //!< IPv4
    RoceUdpFields m_udp;      //!< UDP (destination port 4791)
    BthFields m_bth;          //!< base transport header
};

/**
 * @brief Ethernet + IPv4 + UDP + BTH of a RoCEv2 frame (54 bytes), as one Header.
 *
 * Switches peek this once per hop to route (addresses, UDP source port) and to mark ECN, instead
 * of removing and re-adding four headers. Each part's wire format is written and read by its
 * own fields struct, shared with the stand-alone Header classes (RoceEthernetHeader ...); the
 * composite holds plain structs so that a peek constructs one Header, not five. A frame whose
 * EtherType is not IPv4 (a PFC pause frame) carries only the Ethernet part; IsRoce() tells which.
 */
class RoceHeader
    : public Header
    , public RoceFields
{
public:
    RoceHeader() = default;

    /// A header to write holding @p fields.
    explicit RoceHeader(const RoceFields& fields)
        : RoceFields(fields)
    {
    }

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
