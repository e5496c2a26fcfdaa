/*
 * Reads network-order integers from a flat byte array.
 */
#ifndef FABRIC_BYTE_READER_H
#define FABRIC_BYTE_READER_H

#include <cstdint>

namespace ns3
{
namespace fabric
{

/**
 * @brief Cursor over a byte array with the read methods of ns3::Buffer::Iterator, so that a
 * header's templated Read works on either. Switches copy a frame's leading bytes once
 * (Packet::CopyData) and parse them from here, avoiding per-field iterator checks.
 */
class ByteReader
{
public:
    /// Start reading at @p data.
    explicit ByteReader(const uint8_t* data)
        : m_p(data)
    {
    }

    /// @return the next byte
    uint8_t ReadU8() { return *m_p++; }

    /// @return the next two bytes as a network-order integer
    uint16_t ReadNtohU16()
    {
        auto v = static_cast<uint16_t>((m_p[0] << 8) | m_p[1]);
        m_p += 2;
        return v;
    }

    /// @return the next four bytes as a network-order integer
    uint32_t ReadNtohU32()
    {
        uint32_t v = (uint32_t(m_p[0]) << 24) | (uint32_t(m_p[1]) << 16) | (uint32_t(m_p[2]) << 8)
                   | m_p[3];
        m_p += 4;
        return v;
    }

private:
    const uint8_t* m_p; //!< next byte
};

} // namespace fabric
} // namespace ns3

#endif
