/*
 * IEEE 802.1Qbb priority-based flow control (PFC) pause frame body.
 */
#ifndef FABRIC_PFC_PAUSE_HEADER_H
#define FABRIC_PFC_PAUSE_HEADER_H

#include "ns3/header.h"

#include <array>

namespace ns3
{
namespace fabric
{

/**
 * @brief The MAC control payload of a PFC frame (EtherType 0x8808, opcode 0x0101): a
 * class-enable vector and a pause time per priority in quanta of 512 bit times. A time of zero
 * resumes the priority. Padded to the 46-byte minimum Ethernet payload.
 */
class PfcPauseHeader : public Header
{
public:
    static constexpr uint16_t OPCODE_PFC = 0x0101; //!< IEEE 802.1Qbb MAC control opcode
    static constexpr uint32_t SIZE = 46;           //!< opcode, vector, 8 times, padding
    static constexpr uint16_t MAX_QUANTA = 0xffff; //!< longest pause

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// Pause (quanta > 0) or resume (0) priority @p prio.
    void Set(uint8_t prio, uint16_t quanta)
    {
        m_enable |= uint16_t(1) << prio;
        m_quanta[prio] = quanta;
    }

    /// @return true when the frame carries a time for priority @p prio
    bool IsEnabled(uint8_t prio) const { return m_enable & (uint16_t(1) << prio); }

    uint16_t m_opcode {OPCODE_PFC};      //!< MAC control opcode
    uint16_t m_enable {0};               //!< class-enable vector (bit per priority)
    std::array<uint16_t, 8> m_quanta {}; //!< pause time per priority
};

} // namespace fabric
} // namespace ns3

#endif
