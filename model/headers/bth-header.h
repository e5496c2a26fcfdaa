/*
 * InfiniBand Base Transport Header (BTH), as carried by RoCEv2.
 */
#ifndef FABRIC_BTH_HEADER_H
#define FABRIC_BTH_HEADER_H

#include "ns3/header.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief The fields of a Base Transport Header and their wire format.
 */
struct BthFields
{
    static constexpr uint32_t SIZE = 12;               //!< bytes on the wire
    static constexpr uint8_t OP_RC_SEND_FIRST = 0x00;  //!< ib_pack.h IB_OPCODE_SEND_FIRST
    static constexpr uint8_t OP_RC_SEND_MIDDLE = 0x01; //!< ib_pack.h IB_OPCODE_SEND_MIDDLE
    static constexpr uint8_t OP_RC_SEND_LAST = 0x02;   //!< ib_pack.h IB_OPCODE_SEND_LAST
    static constexpr uint8_t OP_RC_SEND_ONLY = 0x04;   //!< ib_pack.h IB_OPCODE_SEND_ONLY
    static constexpr uint8_t OP_RC_ACK = 0x11;         //!< ib_pack.h IB_OPCODE_ACKNOWLEDGE
    static constexpr uint8_t OP_CNP = 0x81;            //!< RoCEv2 congestion notification
    static constexpr uint32_t PSN_MASK = 0xffffff;     //!< 24-bit PSN space
    static constexpr uint16_t DEFAULT_PKEY = 0xffff;   //!< default partition key
    static constexpr uint8_t FLAG_TELEMETRY = 0x01;    //!< reserved byte, bit 0: telemetry follows
    static constexpr uint8_t FLAG_HELD = 0x02; //!< reserved byte, bit 1: AETH has a held count

    /// Write the fields at @p i (a Buffer::Iterator or ByteWriter) and advance it.
    template<class Writer>
    void Write(Writer& i) const
    {
        i.WriteU8(m_opcode);
        i.WriteU8(static_cast<uint8_t>((m_solicitedEvent ? 0x80 : 0) | ((m_padCount & 3) << 4)));
        i.WriteHtonU16(m_pkey);
        // Reserved byte (bit 0: telemetry follows; bit 1: the AETH carries a held count), then
        // the 24-bit QP number.
        uint32_t flags = (m_telemetry ? FLAG_TELEMETRY : 0) | (m_held ? FLAG_HELD : 0);
        i.WriteHtonU32(flags << 24 | (m_destQp & PSN_MASK));
        i.WriteHtonU32((m_ackRequest ? 0x80000000u : 0) | (m_psn & PSN_MASK));
    }

    /// Read the fields at @p i (a Buffer::Iterator or ByteReader) and advance it.
    template<class Reader>
    void Read(Reader& i)
    {
        m_opcode = i.ReadU8();
        uint8_t flags = i.ReadU8();
        m_solicitedEvent = flags & 0x80;
        m_padCount = (flags >> 4) & 3;
        m_pkey = i.ReadNtohU16();
        uint32_t qpWord = i.ReadNtohU32();
        m_telemetry = (qpWord >> 24) & FLAG_TELEMETRY;
        m_held = (qpWord >> 24) & FLAG_HELD;
        m_destQp = qpWord & PSN_MASK;
        uint32_t word = i.ReadNtohU32();
        m_ackRequest = word & 0x80000000u;
        m_psn = word & PSN_MASK;
    }

    /// True for the SEND opcodes that carry payload.
    bool IsData() const { return m_opcode <= OP_RC_SEND_ONLY && m_opcode != 0x03; }

    /// True for the opcodes that end a message (LAST, ONLY).
    bool IsLastOfMessage() const
    {
        return m_opcode == OP_RC_SEND_LAST || m_opcode == OP_RC_SEND_ONLY;
    }

    /**
     * Reconstruct a full PSN from its 24-bit wire value, taking the one closest to a reference
     * (serial-number arithmetic, RFC 1982 style).
     * @param wire the 24-bit PSN received
     * @param reference the full PSN the receiver expects next
     * @return the full PSN
     */
    static uint32_t UnwrapPsn(uint32_t wire, uint32_t reference);

    uint8_t m_opcode {OP_RC_SEND_ONLY}; //!< operation code
    bool m_solicitedEvent {false};      //!< SE bit
    uint8_t m_padCount {0};             //!< pad bytes at the end of the payload (0..3)
    uint16_t m_pkey {DEFAULT_PKEY};     //!< partition key
    uint32_t m_destQp {0};              //!< destination queue pair number (24 bits)
    bool m_ackRequest {false};          //!< AckReq bit: the responder should acknowledge now
    uint32_t m_psn {0};                 //!< packet sequence number (full, 24 bits on the wire)
    bool m_telemetry {false};           //!< a TelemetryHeader follows (reserved byte, bit 0)
    bool m_held {false}; //!< the AETH carries a held-packet count (reserved byte, bit 1)
};

/**
 * @brief Base Transport Header: 12 bytes (opcode, flags, P_Key, destination QP, AckReq, PSN).
 *
 * Opcode values follow the InfiniBand specification as listed in Linux include/rdma/ib_pack.h
 * (reliable connection SEND and ACKNOWLEDGE) and the RoCEv2 annex (CNP = 0x81). The PSN is
 * 24 bits on the wire; the model keeps 32 bits in memory and receivers unwrap it (see
 * UnwrapPsn).
 */
class BthHeader
    : public Header
    , public BthFields
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
