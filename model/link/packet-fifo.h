/*
 * A compact FIFO of packets.
 */
#ifndef FABRIC_PACKET_FIFO_H
#define FABRIC_PACKET_FIFO_H

#include "ns3/packet.h"

#include <memory>
#include <utility>

namespace ns3
{
namespace fabric
{

/**
 * @brief A FIFO ring of small trivially copyable items that grows by doubling and allocates
 * nothing while empty (a switch has thousands of queues, most of them idle).
 */
template<typename T>
class Ring
{
public:
    /// @return true when empty
    bool IsEmpty() const { return m_count == 0; }

    /// @return number of items
    uint32_t GetSize() const { return m_count; }

    /// Append @p item.
    void Push(const T& item)
    {
        if (m_count == m_capacity)
        {
            Grow();
        }
        m_items[(m_head + m_count) & (m_capacity - 1)] = item;
        m_count++;
    }

    /// @return the oldest item (the ring must not be empty)
    const T& Front() const { return m_items[m_head]; }

    /// Remove and return the oldest item (the ring must not be empty).
    T Pop()
    {
        T item = m_items[m_head];
        m_head = (m_head + 1) & (m_capacity - 1);
        m_count--;
        if (m_count * 4 < m_capacity && m_capacity > SHRINK_ABOVE)
        {
            Resize(m_capacity / 2);
        }
        return item;
    }

private:
    /// Storage that stays allocated however empty the ring gets: queues that once held a
    /// burst give their memory back once they drain below a quarter (a deep buffer holds
    /// hundreds of thousands of frames, spread differently over the ports as a run goes on).
    static constexpr uint32_t SHRINK_ABOVE = 256;

    /// Double the storage (power-of-two sizes keep the index arithmetic a mask).
    void Grow() { Resize(m_capacity == 0 ? 8 : m_capacity * 2); }

    /// Move the items, oldest first, into storage of @p size (a power of two >= the count).
    void Resize(uint32_t size)
    {
        std::unique_ptr<T[]> other(new T[size]);
        for (uint32_t i = 0; i < m_count; ++i)
        {
            other[i] = m_items[(m_head + i) & (m_capacity - 1)];
        }
        m_items = std::move(other);
        m_capacity = size;
        m_head = 0;
    }

    // 24 bytes: a switch port holds several rings, a large fabric tens of thousands of ports.
    std::unique_ptr<T[]> m_items; //!< storage, m_capacity items
    uint32_t m_capacity {0};      //!< a power of two, or 0
    uint32_t m_head {0};          //!< index of the oldest item
    uint32_t m_count {0};         //!< items held
};

/**
 * @brief One reference to a frame's packet, owned, with the packet's size: a frame leaves a
 * queue, crosses a cable and waits at the far port without its packet being read or its
 * reference count written (a queued packet has rarely stayed in cache). Move-only; releases
 * the reference when destroyed.
 */
class FrameRef
{
public:
    FrameRef() = default;

    /// Adopt the reference @p packet carries; @p size is its size in bytes.
    FrameRef(Packet* packet, uint32_t size)
        : m_packet(packet)
        , m_size(size)
    {
    }

    /// Take a reference to @p p.
    explicit FrameRef(const Ptr<Packet>& p)
        : m_packet(GetPointer(p))
        , m_size(p ? p->GetSize() : 0)
    {
    }

    FrameRef(FrameRef&& o) noexcept
        : m_packet(o.m_packet)
        , m_size(o.m_size)
    {
        o.m_packet = nullptr;
    }

    FrameRef& operator=(FrameRef&& o) noexcept
    {
        std::swap(m_packet, o.m_packet);
        std::swap(m_size, o.m_size);
        return *this;
    }

    FrameRef(const FrameRef&) = delete;
    FrameRef& operator=(const FrameRef&) = delete;

    ~FrameRef()
    {
        if (m_packet)
        {
            m_packet->Unref();
        }
    }

    /// @return true when it holds a frame
    explicit operator bool() const { return m_packet != nullptr; }

    /// @return the packet (the reference stays here)
    Packet* Get() const { return m_packet; }

    /// @return the packet's size in bytes
    uint32_t GetSize() const { return m_size; }

    /// @return the packet with the reference, which the caller now owns
    Packet* Release()
    {
        Packet* p = m_packet;
        m_packet = nullptr;
        return p;
    }

private:
    Packet* m_packet {nullptr}; //!< the packet (one reference), or none
    uint32_t m_size {0};        //!< its size
};

/**
 * @brief A queued frame and the switch port it arrived on (for ingress buffer accounting).
 */
struct QueuedPacket
{
    FrameRef frame;      //!< the frame
    uint16_t inPort {0}; //!< ingress port index
};

/**
 * @brief FIFO of packets (see Ring).
 *
 * The ring owns one reference to each queued packet through a raw pointer and keeps the
 * packet's size beside it: Pop hands that reference over, so a sent packet is freed as soon
 * as its last user lets go, and neither Pop nor the byte count touches the packet itself
 * (ns-3 3.37's Ptr has no move operations; every copy writes the packet's reference count).
 */
class PacketFifo
{
public:
    PacketFifo() = default;
    PacketFifo(const PacketFifo&) = delete;
    PacketFifo& operator=(const PacketFifo&) = delete;

    ~PacketFifo()
    {
        while (!IsEmpty())
        {
            Pop();
        }
    }

    /// @return true when empty
    bool IsEmpty() const { return m_ring.IsEmpty(); }

    /// @return number of packets queued
    uint32_t GetNPackets() const { return m_ring.GetSize(); }

    /// @return bytes queued
    uint64_t GetNBytes() const { return m_bytes; }

    /// Append a packet that arrived on port @p inPort.
    void Push(const Ptr<Packet>& p, uint16_t inPort)
    {
        uint32_t size = p->GetSize();
        NS_ASSERT_MSG(size <= UINT16_MAX, "frame of " << size << " bytes");
        Slot slot {GetPointer(p), static_cast<uint16_t>(size), inPort}; // takes a reference
        m_bytes += slot.size;
        m_ring.Push(slot);
    }

    /// @return the size of the oldest packet (the FIFO must not be empty)
    uint32_t PeekSize() const { return m_ring.Front().size; }

    /// Remove and return the oldest packet (the FIFO must not be empty).
    QueuedPacket Pop()
    {
        Slot slot = m_ring.Pop();
        m_bytes -= slot.size;
        return {FrameRef(slot.packet, slot.size), slot.inPort}; // hands the reference over
    }

private:
    /// A queued packet: one reference owned by the ring, and its size. Packed into 12 bytes
    /// instead of 16 (a deep queue holds hundreds of thousands; frames are < 64 KiB).
    struct __attribute__((packed)) Slot
    {
        Packet* packet {nullptr}; //!< the frame (one reference)
        uint16_t size {0};        //!< its size in bytes
        uint16_t inPort {0};      //!< ingress port index
    };

    static_assert(sizeof(Slot) == 12);

    Ring<Slot> m_ring;    //!< the packets, oldest first
    uint64_t m_bytes {0}; //!< bytes queued
};

} // namespace fabric
} // namespace ns3

#endif
