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

namespace ns3
{
namespace fabric
{

/**
 * @brief Ethernet + IPv4 + UDP + BTH of a RoCEv2 frame (54 bytes), as one Header.
 *
 * Switches peek this once per hop to route (addresses, UDP source port) and to mark ECN, instead
 * of removing and re-adding four headers. Each part is a Header of its own and is serialized by
 * its own class. A frame whose EtherType is not IPv4 (a PFC pause frame) carries only the
 * Ethernet part; IsRoce() tells which.
 */
class RoceHeader : public Header
{
  public:
    /// Bytes of Ethernet + IPv4 + UDP + BTH.
    static constexpr uint32_t SIZE = RoceEthernetHeader::SIZE + RoceIpv4Header::SIZE +
                                     RoceUdpHeader::SIZE + BthHeader::SIZE;

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// True when the frame is IPv4/UDP/RoCEv2 (false: e.g. a MAC control frame).
    bool IsRoce() const { return m_eth.m_etherType == RoceEthernetHeader::ETHERTYPE_IPV4; }

    RoceEthernetHeader m_eth; //!< Ethernet II
    RoceIpv4Header m_ip;      //!< IPv4
    RoceUdpHeader m_udp;      //!< UDP (destination port 4791)
    BthHeader m_bth;          //!< base transport header
};

} // namespace fabric
} // namespace ns3

#endif
