/*
 * An open-addressing hash index from 64-bit keys to 32-bit values, for tables of millions of
 * entries (the collective engine's connections: one per GPU pair and lane).
 */
#ifndef FABRIC_FLAT_INDEX_H
#define FABRIC_FLAT_INDEX_H

#include <cstdint>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Map from a 64-bit key to a 32-bit value in one array of 12-byte slots, probed
 * linearly, kept at most 3/4 full: 16 to 32 bytes an entry, against a 32-byte node plus a
 * bucket pointer in std::unordered_map. Entries are only added (no erase); UINT32_MAX cannot
 * be stored (it marks an empty slot).
 */
class FlatIndex
{
public:
    static constexpr uint32_t NONE = UINT32_MAX; //!< "absent"

    /// @return the value stored for @p key, or NONE
    uint32_t Find(uint64_t key) const
    {
        if (m_slots.empty())
        {
            return NONE;
        }
        for (std::size_t i = Hash(key) & m_mask;; i = (i + 1) & m_mask)
        {
            const Slot& s = m_slots[i];
            if (s.value == NONE)
            {
                return NONE;
            }
            if (s.lo == static_cast<uint32_t>(key) && s.hi == static_cast<uint32_t>(key >> 32))
            {
                return s.value;
            }
        }
    }

    /// Store @p value (not NONE) for @p key, which must be absent.
    void Insert(uint64_t key, uint32_t value)
    {
        if ((m_size + 1) * 4 > m_slots.size() * 3)
        {
            Grow();
        }
        Place(key, value);
        ++m_size;
    }

    /// @return entries stored
    std::size_t Size() const { return m_size; }

    /// @return bytes of the slot array
    std::size_t Bytes() const { return m_slots.capacity() * sizeof(Slot); }

    /// Remove every entry and free the slots.
    void Clear()
    {
        std::vector<Slot>().swap(m_slots);
        m_size = 0;
        m_mask = 0;
    }

private:
    /// A slot: the key in two halves (12 bytes, 4-aligned) and the value.
    struct Slot
    {
        uint32_t lo {0};       //!< key, low half
        uint32_t hi {0};       //!< key, high half
        uint32_t value {NONE}; //!< NONE: empty
    };

    /// @return a mix of all 64 bits of @p key (the splitmix64 finalizer)
    static std::size_t Hash(uint64_t key)
    {
        key ^= key >> 30;
        key *= 0xbf58476d1ce4e5b9ULL;
        key ^= key >> 27;
        key *= 0x94d049bb133111ebULL;
        key ^= key >> 31;
        return static_cast<std::size_t>(key);
    }

    /// Put (key, value) in the first empty slot of its probe sequence.
    void Place(uint64_t key, uint32_t value)
    {
        std::size_t i = Hash(key) & m_mask;
        while (m_slots[i].value != NONE)
        {
            i = (i + 1) & m_mask;
        }
        m_slots[i] = Slot {static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32), value};
    }

    /// Double the slots (16 at first) and place every entry again.
    void Grow()
    {
        std::vector<Slot> old;
        old.swap(m_slots);
        m_slots.assign(old.empty() ? 16 : old.size() * 2, Slot {});
        m_mask = m_slots.size() - 1;
        for (const Slot& s : old)
        {
            if (s.value != NONE)
            {
                Place((uint64_t(s.hi) << 32) | s.lo, s.value);
            }
        }
    }

    std::vector<Slot> m_slots; //!< power-of-two many slots
    std::size_t m_mask {0};    //!< slots - 1
    std::size_t m_size {0};    //!< entries stored
};

} // namespace fabric
} // namespace ns3

#endif
