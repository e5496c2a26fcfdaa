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
EventQueue::TakeBucket()
{
    uint32_t bucket = FirstBucket();
    m_run.clear();
    m_runHead = 0;
    bool uidOrder = true; // the list's order is uid order (so it is when uids follow inserts)
    for (uint32_t node = m_buckets[bucket].head; node != NIL;)
    {
        const Event& ev = m_nodes[node].ev;
        uidOrder = uidOrder && (m_run.empty() || m_run.back().key.m_uid < ev.key.m_uid);
        m_run.push_back(ev);
        uint32_t next = m_nodes[node].next;
        FreeNode(node);
        node = next;
    }
    m_inWheel -= m_run.size();
    m_buckets[bucket] = Bucket {};
    m_bits[bucket >> 6] &= ~(uint64_t(1) << (bucket & 63));
    // One slot: the order by (timestamp, uid) is the order by (timestamp within the slot, uid),
    // one 64-bit key. A bucket holds a few events, in insertion order (which is uid order), so
    // an insertion sort does few moves. A large bucket (a fabric of equal links keeps many
    // ports in step) in uid order is sorted by a stable counting sort on the timestamp within
    // the slot, which keeps the uid order of equal timestamps; any other by std::sort.
    auto before = [](const Event& a, const Event& b) {
        return InSlotKey(a) < InSlotKey(b);
    };
    if (m_run.size() > 32 && uidOrder)
    {
        std::array<uint32_t, (1u << SLOT_SHIFT) + 1> start {};
        for (const Event& ev : m_run)
        {
            start[(ev.key.m_ts & SLOT_MASK) + 1]++;
        }
        for (std::size_t t = 1; t < start.size(); ++t)
        {
            start[t] += start[t - 1];
        }
        m_sorted.resize(m_run.size());
        for (const Event& ev : m_run)
        {
            m_sorted[start[ev.key.m_ts & SLOT_MASK]++] = ev;
        }
        m_run.swap(m_sorted);
    }
    else if (m_run.size() > 32)
    {
        std::sort(m_run.begin(), m_run.end(), before);
    }
    else
    {
        for (std::size_t i = 1; i < m_run.size(); ++i)
        {
            Event ev = m_run[i];
            std::size_t j = i;
            for (; j > 0 && before(ev, m_run[j - 1]); --j)
            {
                m_run[j] = m_run[j - 1];
            }
            m_run[j] = ev;
        }
    }
    m_runSlot = m_run.front().key.m_ts >> SLOT_SHIFT;
}

void
EventQueue::InsertIntoRun(const Event& ev)
{
    if (m_runHead == m_run.size())
    {
        m_run.clear();
        m_runHead = 0;
        m_run.push_back(ev);
        return;
    }
    if (m_runHead > 0 && EventBefore(ev, m_run[m_runHead]))
    {
        m_run[--m_runHead] = ev; // earlier than every event left: reuse a taken-out place
        return;
    }
    auto at = std::upper_bound(m_run.begin() + m_runHead, m_run.end(), ev, EventBefore);
    m_run.insert(at, ev);
}

EventQueue::Event
EventQueue::Top() const
{
    const Event* next = nullptr;
    if (m_runHead < m_run.size())
    {
        next = &m_run[m_runHead];
    }
    else if (m_inWheel > 0)
    {
        // The earliest of the first bucket (its list is in insertion order).
        for (uint32_t node = m_buckets[FirstBucket()].head; node != NIL; node = m_nodes[node].next)
        {
            if (!next || EventBefore(m_nodes[node].ev, *next))
            {
                next = &m_nodes[node].ev;
            }
        }
    }
    if (next && (m_far.IsEmpty() || EventBefore(*next, m_far.Top())))
    {
        return *next;
    }
    return m_far.Top();
}

bool
EventQueue::Remove(const Event& ev)
{
    uint64_t slot = ev.key.m_ts >> SLOT_SHIFT;
    if (slot <= m_runSlot)
    {
        for (std::size_t i = m_runHead; i < m_run.size(); ++i)
        {
            if (m_run[i].key.m_uid == ev.key.m_uid)
            {
                m_run.erase(m_run.begin() + static_cast<std::ptrdiff_t>(i));
                return true;
            }
        }
    }
    else if (slot - m_slot < SLOTS)
    {
        uint32_t bucket = static_cast<uint32_t>(slot) & (SLOTS - 1);
        uint32_t prev = NIL;
        Bucket& b = m_buckets[bucket];
        for (uint32_t* link = &b.head; *link != NIL; link = &m_nodes[*link].next)
        {
            uint32_t node = *link;
            if (m_nodes[node].ev.key.m_uid == ev.key.m_uid)
            {
                *link = m_nodes[node].next;
                if (b.tail == node)
                {
                    b.tail = prev;
                }
                if (b.head == NIL)
                {
                    m_bits[bucket >> 6] &= ~(uint64_t(1) << (bucket & 63));
                }
                FreeNode(node);
                m_inWheel--;
                return true;
            }
            prev = node;
        }
    }
    // Inserted while beyond the wheel.
    return m_far.Remove(ev);
}

} // namespace fabric
} // namespace ns3
