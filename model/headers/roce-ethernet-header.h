/*
 * Ethernet II header as carried by RoCEv2 frames.
 */
#ifndef FABRIC_ROCE_ETHERNET_HEADER_H
#define FABRIC_ROCE_ETHERNET_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ethernet II header (destination MAC, source MAC, EtherType): 14 bytes on the wire.
 *
 * The frame check sequence, preamble and inter-frame gap are not part of the header: the link
 * adds them to the serialization time (see FabricChannel).
 */
class RoceEthernetHeader : public Header
{
  public:
    static constexpr uint16_t ETHERTYPE_IPV4 = 0x0800;    //!< IEEE EtherType for IPv4
    static constexpr uint16_t ETHERTYPE_MAC_CTRL = 0x8808; //!< IEEE 802.3 MAC control (PFC)
    static constexpr uint32_t SIZE = 14;                   //!< bytes on the wire

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    Mac48Address m_destination; //!< destination MAC address
    Mac48Address m_source;      //!< source MAC address
    uint16_t m_etherType{ETHERTYPE_IPV4}; //!< EtherType of the payload
};

} // namespace fabric
} // namespace ns3

#endif
