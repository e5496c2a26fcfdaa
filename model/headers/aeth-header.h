/*
 * ACK Extended Transport Header (AETH).
 */
#ifndef FABRIC_AETH_HEADER_H
#define FABRIC_AETH_HEADER_H

#include "ns3/header.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief ACK Extended Transport Header: 4 bytes (syndrome, message sequence number).
 *
 * Syndrome bits 7..5 select ACK (000) or NAK (011); for a NAK the low five bits give the
 * reason, 0 = PSN sequence error, which asks the requester to go back to the BTH PSN.
 *
 * An out-of-order (SuperNIC-style) responder may append a second word, flagged by bit 1 of
 * the BTH reserved byte: how many packets beyond the acknowledged PSN it already holds (a
 * selective-acknowledgement count, 24 bits). The requester then does not count them as bytes
 * in flight. Set m_hasHeld before deserializing, from the BTH flag.
 */
class AethHeader : public Header
{
public:
    static constexpr uint32_t SIZE = 4;               //!< bytes on the wire (no held count)
    static constexpr uint8_t SYNDROME_ACK = 0x1f;     //!< ACK with "invalid credit count"
    static constexpr uint8_t SYNDROME_NAK_PSN = 0x60; //!< NAK: PSN sequence error

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// True when the syndrome is a NAK.
    bool IsNak() const { return (m_syndrome & 0xe0) == 0x60; }

    uint8_t m_syndrome {SYNDROME_ACK}; //!< ACK/NAK syndrome
    uint32_t m_msn {0};                //!< message sequence number (24 bits)
    bool m_hasHeld {false};            //!< the held-count word follows
    uint32_t m_held {0};               //!< packets held beyond the ACK's PSN (24 bits)
};

} // namespace fabric
} // namespace ns3

#endif
