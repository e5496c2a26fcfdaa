/*
 * RoCEv2 invariant CRC trailer.
 */
#ifndef FABRIC_ICRC_TRAILER_H
#define FABRIC_ICRC_TRAILER_H

#include "ns3/trailer.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief The 4-byte invariant CRC that ends every RoCEv2 packet (before the Ethernet FCS).
 *
 * The model does not corrupt bits, so the value is not computed: it is written as zero. It is
 * present so that frame lengths, and therefore serialization times, are exact.
 */
class IcrcTrailer : public Trailer
{
public:
    static constexpr uint32_t SIZE = 4; //!< bytes on the wire

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint32_t m_crc {0}; //!< value carried (not verified)
};

} // namespace fabric
} // namespace ns3

#endif
