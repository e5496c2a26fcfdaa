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
 */
class PacketFifo
{
public:
    /// @return true when empty
    bool IsEmpty() const { return m_count == 0; }

    /// @return number of packets queued
    uint32_t GetNPackets() const { return m_count; }

    /// @return bytes queued
    uint64_t GetNBytes() const { return m_bytes; }

    /// Append a packet that arrived on port @p inPort.
    void Push(Ptr<Packet> p, uint16_t inPort)
    {
        if (m_count == m_ring.size())
        {
            Grow();
        }
        m_bytes += p->GetSize();
        QueuedPacket& slot = m_ring[(m_head + m_count) & (m_ring.size() - 1)];
        slot.packet = std::move(p);
        slot.inPort = inPort;
        m_count++;
    }

    /// Remove and return the oldest packet (the FIFO must not be empty).
    QueuedPacket Pop()
    {
        QueuedPacket q = std::move(m_ring[m_head]);
        m_head = (m_head + 1) & (m_ring.size() - 1);
        m_count--;
        m_bytes -= q.packet->GetSize();
        return q;
    }

private:
    /// Double the ring (power-of-two sizes keep the index arithmetic a mask).
    void Grow()
    {
        std::vector<QueuedPacket> bigger(m_ring.empty() ? 8 : m_ring.size() * 2);
        for (uint32_t i = 0; i < m_count; ++i)
        {
            bigger[i] = std::move(m_ring[(m_head + i) & (m_ring.size() - 1)]);
        }
        m_ring.swap(bigger);
        m_head = 0;
    }

    std::vector<QueuedPacket> m_ring; //!< storage, size a power of two
    uint32_t m_head {0};              //!< index of the oldest packet
    uint32_t m_count {0};             //!< packets queued
    uint64_t m_bytes {0};             //!< bytes queued
};

} // namespace fabric
} // namespace ns3

#endif
