/*
 * Bitmap of received PSNs above the cumulative point, for out-of-order placement.
 */
#ifndef FABRIC_PSN_BITMAP_H
#define FABRIC_PSN_BITMAP_H

#include <cstdint>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Which PSNs at or above a base have arrived. Words of 64 PSNs in a ring that grows
 * as needed; memory is proportional to the reordering window, not to the message.
 */
class PsnBitmap
{
public:
    /// @return true when @p psn (>= base) has been marked
    bool Test(uint32_t psn) const
    {
        uint32_t offset = psn - m_base;
        uint32_t word = offset >> 6;
        return word < m_words && (At(word) >> (offset & 63) & 1);
    }

    /// Mark @p psn (>= base) as received.
    void Set(uint32_t psn)
    {
        uint32_t offset = psn - m_base;
        uint32_t word = offset >> 6;
        while (word >= m_words)
        {
            Append();
        }
        uint64_t bit = uint64_t(1) << (offset & 63);
        m_count += (At(word) & bit) == 0;
        At(word) |= bit;
    }

    /**
     * Advance the cumulative point: starting at @p next (>= base), skip every marked PSN and
     * forget the words left behind.
     * @return the first PSN not marked
     */
    uint32_t Advance(uint32_t next)
    {
        while (Test(next))
        {
            next++;
            m_count--;
        }
        while (m_words > 0 && next - m_base >= 64)
        {
            At(0) = 0;
            m_head = (m_head + 1) & (m_ring.size() - 1);
            m_words--;
            m_base += 64;
        }
        if (m_words == 0)
        {
            m_base = next & ~uint32_t(63);
        }
        return next;
    }

    /// Start over with nothing marked, cumulative point @p next.
    void Reset(uint32_t next)
    {
        m_ring.clear();
        m_head = 0;
        m_words = 0;
        m_count = 0;
        m_base = next & ~uint32_t(63);
    }

    /// @return how many PSNs are marked (held beyond the cumulative point)
    uint32_t Count() const { return m_count; }

private:
    uint64_t& At(uint32_t word) { return m_ring[(m_head + word) & (m_ring.size() - 1)]; }

    uint64_t At(uint32_t word) const { return m_ring[(m_head + word) & (m_ring.size() - 1)]; }

    /// Add a zero word at the end, growing the ring by doubling.
    void Append()
    {
        if (m_words == m_ring.size())
        {
            std::vector<uint64_t> bigger(m_ring.empty() ? 2 : m_ring.size() * 2, 0);
            for (uint32_t i = 0; i < m_words; ++i)
            {
                bigger[i] = At(i);
            }
            m_ring.swap(bigger);
            m_head = 0;
        }
        At(m_words) = 0;
        m_words++;
    }

    std::vector<uint64_t> m_ring; //!< words, size a power of two
    uint32_t m_head {0};          //!< ring index of the word holding m_base
    uint32_t m_words {0};         //!< words in use
    uint32_t m_base {0};          //!< PSN of bit 0 of the first word (multiple of 64)
    uint32_t m_count {0};         //!< marked PSNs
};

} // namespace fabric
} // namespace ns3

#endif
