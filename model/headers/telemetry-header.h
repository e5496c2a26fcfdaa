/*
 * In-band telemetry appended by switches (HPCC-style INT), echoed by the receiver.
 */
#ifndef FABRIC_TELEMETRY_HEADER_H
#define FABRIC_TELEMETRY_HEADER_H

#include "roce-header.h"

#include "ns3/header.h"
#include "ns3/nstime.h"

#include <array>

namespace ns3
{
namespace fabric
{

/**
 * @brief One switch hop's telemetry: what the egress port looked like when the packet left.
 */
struct TelemetryHop
{
    uint64_t queueBytes {0};  //!< egress queue bytes (same priority)
    double txUtilization {0}; //!< egress port utilization over its last window (0..1+)
    uint64_t timeNs {0};      //!< switch time, ns (wraps on the wire)
    uint64_t rateBps {0};     //!< egress port line rate
};

/**
 * @brief Per-hop telemetry stack carried after the BTH when the BTH telemetry flag is set.
 *
 * Each switch appends one 8-byte record, laid out like HPCC's INT (SIGCOMM'19) but carrying
 * the port's own utilization instead of a raw byte counter, because adaptive routing sends
 * consecutive packets of a flow through different ports, so a sender cannot difference two
 * records of "the same hop": 4 bits of line-rate code, 24 bits of timestamp (ns), 20 bits of
 * transmit utilization (1/65536 units, up to 16), 16 bits of queue length (80-byte units).
 * The header starts with a one-byte hop count and a one-byte reserved field; records follow,
 * the most recent switch first, so that a switch adds its record without rewriting the
 * others (TelemetryPush). TelemetryHeader presents them in path order (first switch first).
 */
class TelemetryHeader : public Header
{
public:
    static constexpr uint32_t MAX_HOPS = 7;          //!< records a frame can carry
    static constexpr uint32_t HOP_BYTES = 8;         //!< bytes per record
    static constexpr uint32_t BASE_BYTES = 2;        //!< hop count + reserved
    static constexpr double UTIL_UNIT = 1.0 / 65536; //!< utilization field resolution
    static constexpr uint64_t TS_MOD = 1u << 24;     //!< timestamp field modulus (ns)
    static constexpr uint64_t QLEN_UNIT = 80;        //!< bytes per queue-length unit

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// Append a hop (ignored when MAX_HOPS are present).
    void Push(const TelemetryHop& hop);

    uint8_t m_nHops {0};                          //!< records present
    std::array<TelemetryHop, MAX_HOPS> m_hops {}; //!< records, first switch first
};

/**
 * @brief A telemetry stack as its wire bytes (count, reserved byte, records): what a receiver
 * keeps and echoes in its ACK without decoding it, as an HPCC receiver does.
 */
struct TelemetryBytes
{
    static constexpr uint32_t CAPACITY
        = TelemetryHeader::BASE_BYTES + TelemetryHeader::MAX_HOPS * TelemetryHeader::HOP_BYTES;

    std::array<uint8_t, CAPACITY> bytes {}; //!< the stack, as on the wire
    uint32_t size {0};                      //!< bytes used (0: none)
};

/**
 * @brief What a switch writes in front of a frame's telemetry records: the frame's RoCE headers
 * (Ethernet to BTH, as raw bytes, their IPv4 and UDP lengths grown by one record and the IPv4
 * checksum recomputed), the new hop count, the reserved byte and its own record. The switch
 * removes the old headers and count and adds this in their place: one header write per hop,
 * byte copies rather than field-by-field serialization (see FabricSwitch).
 */
class TelemetryPush : public Header
{
public:
    static constexpr uint32_t LEAD_BYTES = RoceFields::SIZE; //!< Ethernet + IPv4 + UDP + BTH

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// Grow the IPv4 total length and the UDP length in m_lead by @p bytes; recompute the
    /// IPv4 header checksum.
    void GrowLengths(uint16_t bytes);

    std::array<uint8_t, LEAD_BYTES> m_lead {}; //!< the frame's RoCE headers, as on the wire
    uint8_t m_nHops {1};                       //!< hop count including this record
    TelemetryHop m_hop;                        //!< this switch's record
};

} // namespace fabric
} // namespace ns3

#endif
