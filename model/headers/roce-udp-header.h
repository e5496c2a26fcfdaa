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
 * @brief UDP header, 8 bytes. RoCEv2 uses destination port 4791; the source port carries the
 * queue pair's flow entropy, which is what ECMP hashes spread.
 */
class RoceUdpHeader : public Header
{
  public:
    static constexpr uint16_t ROCE_V2_PORT = 4791; //!< IANA port of RoCEv2
    static constexpr uint32_t SIZE = 8;            //!< bytes on the wire

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint16_t m_sourcePort{49152};          //!< flow entropy
    uint16_t m_destinationPort{ROCE_V2_PORT}; //!< always 4791 for RoCEv2
    uint16_t m_length{SIZE};               //!< this header plus its payload, bytes
};

} // namespace fabric
} // namespace ns3

#endif
