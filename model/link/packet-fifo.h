/*
 * A compact FIFO of packets.
 */
#ifndef FABRIC_PACKET_FIFO_H
#define FABRIC_PACKET_FIFO_H

#include "ns3/packet.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief A queued frame and the switch port it arrived on (for ingress buffer accounting).
 */
struct QueuedPacket
{
    Ptr<Packet> packet;  //!< the frame
    uint16_t inPort {0}; //!< ingress port index
};

/**
 * @brief FIFO of packets in a ring buffer that grows by doubling and allocates nothing while
 * empty (a switch has thousands of queues, most of them idle).
 *
 * The ring owns one reference to each queued packet through a raw pointer and keeps the
 * packet's size beside it: Pop hands that reference over and clears the slot, so a sent
 * packet is freed as soon as its last user lets go (not when its slot is reused), and neither
 * Pop nor the byte count touches the packet itself (ns-3 3.37's Ptr has no move operations;
 * every copy writes the packet's reference count).
 */
class PacketFifo
{
public:
    PacketFifo() = default;
    PacketFifo(const PacketFifo&) = delete;
    PacketFifo& operator=(const PacketFifo&) = delete;

    ~PacketFifo()
    {
        while (m_count > 0)
        {
            Pop();
        }
    }

    /// @return true when empty
    bool IsEmpty() const { return m_count == 0; }

    /// @return number of packets queued
    uint32_t GetNPackets() const { return m_count; }

    /// @return bytes queued
    uint64_t GetNBytes() const { return m_bytes; }

    /// Append a packet that arrived on port @p inPort.
    void Push(const Ptr<Packet>& p, uint16_t inPort)
    {
        if (m_count == m_ring.size())
        {
            Grow();
        }
        Slot& slot = m_ring[(m_head + m_count) & (m_ring.size() - 1)];
        slot.packet = GetPointer(p); // takes a reference
        slot.size = p->GetSize();
        slot.inPort = inPort;
        m_bytes += slot.size;
        m_count++;
    }

    /// @return the size of the oldest packet (the FIFO must not be empty)
    uint32_t PeekSize() const { return m_ring[m_head].size; }

    /// Remove and return the oldest packet (the FIFO must not be empty).
    QueuedPacket Pop()
    {
        Slot& slot = m_ring[m_head];
        QueuedPacket q {Ptr<Packet>(slot.packet, false), slot.inPort}; // adopts the reference
        slot.packet = nullptr;
        m_bytes -= slot.size;
        m_head = (m_head + 1) & (m_ring.size() - 1);
        m_count--;
        return q;
    }

private:
    /// A queued packet: one reference owned by the ring, and its size.
    struct Slot
    {
        Packet* packet {nullptr}; //!< the frame (one reference)
        uint32_t size {0};        //!< its size in bytes
        uint16_t inPort {0};      //!< ingress port index
    };

    /// Double the ring (power-of-two sizes keep the index arithmetic a mask).
    void Grow()
    {
        std::vector<Slot> bigger(m_ring.empty() ? 8 : m_ring.size() * 2);
        for (uint32_t i = 0; i < m_count; ++i)
        {
            bigger[i] = m_ring[(m_head + i) & (m_ring.size() - 1)];
        }
        m_ring.swap(bigger);
        m_head = 0;
    }

    std::vector<Slot> m_ring; //!< storage, size a power of two
    uint32_t m_head {0};      //!< index of the oldest packet
    uint32_t m_count {0};     //!< packets queued
    uint64_t m_bytes {0};     //!< bytes queued
};

} // namespace fabric
} // namespace ns3

#endif
