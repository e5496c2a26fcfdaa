/*
 * Reads and writes network-order integers in a flat byte array.
 */
#ifndef FABRIC_BYTE_READER_H
#define FABRIC_BYTE_READER_H

#include <cstdint>
#include <cstring>

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

    /// Copy the next @p size bytes to @p data.
    void Read(uint8_t* data, uint32_t size)
    {
        std::memcpy(data, m_p, size);
        m_p += size;
    }

private:
    const uint8_t* m_p; //!< next byte
};

/**
 * @brief Cursor over a byte array with the write methods of ns3::Buffer::Iterator, so that a
 * header's templated Write works on either. Headers written on every frame go to a local array
 * first and then to the packet's buffer in one Buffer::Iterator::Write, instead of one checked
 * iterator call per field.
 */
class ByteWriter
{
public:
    /// Start writing at @p data.
    explicit ByteWriter(uint8_t* data)
        : m_start(data)
        , m_p(data)
    {
    }

    /// Write @p v.
    void WriteU8(uint8_t v) { *m_p++ = v; }

    /// Write @p v in network order.
    void WriteHtonU16(uint16_t v)
    {
        m_p[0] = static_cast<uint8_t>(v >> 8);
        m_p[1] = static_cast<uint8_t>(v);
        m_p += 2;
    }

    /// Write @p v in network order.
    void WriteHtonU32(uint32_t v)
    {
        m_p[0] = static_cast<uint8_t>(v >> 24);
        m_p[1] = static_cast<uint8_t>(v >> 16);
        m_p[2] = static_cast<uint8_t>(v >> 8);
        m_p[3] = static_cast<uint8_t>(v);
        m_p += 4;
    }

    /// Write the @p size bytes at @p data.
    void Write(const uint8_t* data, uint32_t size)
    {
        std::memcpy(m_p, data, size);
        m_p += size;
    }

    /// @return the bytes written so far
    uint32_t GetWritten() const { return static_cast<uint32_t>(m_p - m_start); }

private:
    uint8_t* m_start; //!< first byte
    uint8_t* m_p;     //!< next byte
};

} // namespace fabric
} // namespace ns3

#endif
