/*
 * Pending simulation events: a timing wheel for the near future, a heap beyond it.
 */
#include "event-queue.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

EventQueue::EventQueue()
{
    m_head.fill(NIL);
    m_tail.fill(NIL);
    m_nodes.reserve(1024);
}

uint32_t
EventQueue::FirstBucket() const
{
    // The wheel's buckets, in time order, start at the last slot taken out and wrap around:
    // every event in the wheel lies in [m_slot, m_slot + SLOTS).
    uint32_t start = static_cast<uint32_t>(m_slot) & (SLOTS - 1);
    uint32_t w = start >> 6;
    uint64_t word = m_bits[w] & (~uint64_t(0) << (start & 63));
    for (uint32_t k = 0; k < WORDS; ++k)
    {
        if (word != 0)
        {
            return (w << 6) + static_cast<uint32_t>(__builtin_ctzll(word));
        }
        w = (w + 1) & (WORDS - 1);
        word = m_bits[w];
    }
    // Back at the start word: the buckets before the start are the wheel's last.
    return (w << 6) + static_cast<uint32_t>(__builtin_ctzll(word));
}

void
EventQueue::InsertSorted(uint32_t bucket, uint32_t node)
{
    uint32_t* link = &m_head[bucket];
    while (EventBefore(m_nodes[*link].ev, m_nodes[node].ev))
    {
        link = &m_nodes[*link].next; // stops before the tail, which is later than the node
    }
    m_nodes[node].next = *link;
    *link = node;
}

void
EventQueue::Unlink(uint32_t bucket, uint32_t* link, uint32_t prev)
{
    uint32_t node = *link;
    *link = m_nodes[node].next;
    if (m_tail[bucket] == node)
    {
        m_tail[bucket] = prev;
    }
    m_nodes[node].next = m_free;
    m_free = node;
    m_count[bucket]--;
    if (m_head[bucket] == NIL)
    {
        m_bits[bucket >> 6] &= ~(uint64_t(1) << (bucket & 63));
    }
    m_inWheel--;
}

EventQueue::Event
EventQueue::Top() const
{
    if (m_inWheel > 0)
    {
        const Event& near = m_nodes[m_head[FirstBucket()]].ev;
        if (m_far.IsEmpty() || EventBefore(near, m_far.Top()))
        {
            return near;
        }
    }
    return m_far.Top();
}

EventQueue::Event
EventQueue::Pop()
{
    Event ev;
    if (m_inWheel > 0)
    {
        uint32_t bucket = FirstBucket();
        uint32_t head = m_head[bucket];
        if (m_far.IsEmpty() || EventBefore(m_nodes[head].ev, m_far.Top()))
        {
            ev = m_nodes[head].ev;
            Unlink(bucket, &m_head[bucket], NIL);
            m_slot = ev.key.m_ts >> SLOT_SHIFT; // the wheel's earliest: never behind m_slot
            return ev;
        }
    }
    ev = m_far.Pop();
    m_slot = std::max(m_slot, ev.key.m_ts >> SLOT_SHIFT);
    return ev;
}

bool
EventQueue::Remove(const Event& ev)
{
    uint64_t slot = ev.key.m_ts >> SLOT_SHIFT;
    if (slot - m_slot < SLOTS)
    {
        uint32_t bucket = static_cast<uint32_t>(slot) & (SLOTS - 1);
        uint32_t prev = NIL;
        for (uint32_t* link = &m_head[bucket]; *link != NIL; link = &m_nodes[*link].next)
        {
            if (m_nodes[*link].ev.key.m_uid == ev.key.m_uid)
            {
                Unlink(bucket, link, prev);
                return true;
            }
            prev = *link;
        }
    }
    // Inserted while beyond the wheel (or before its start).
    return m_far.Remove(ev);
}

} // namespace fabric
} // namespace ns3
