/*
 * Pending simulation events as a 4-ary min-heap stored by value.
 */
#ifndef FABRIC_EVENT_HEAP_H
#define FABRIC_EVENT_HEAP_H

#include "ns3/scheduler.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/// Strict order of two events: timestamp, then insertion order (uid); ns-3's event order.
inline bool
EventBefore(const Scheduler::Event& a, const Scheduler::Event& b)
{
    return a.key.m_ts < b.key.m_ts || (a.key.m_ts == b.key.m_ts && a.key.m_uid < b.key.m_uid);
}

/**
 * @brief Pending events in one vector as a 4-ary min-heap ordered by (timestamp, uid): the
 * part of EventQueue beyond its timing wheel.
 *
 * Compared with ns-3's MapScheduler (a std::map: one allocation and a red-black rebalance
 * per event) it allocates nothing per event and its shallow heap keeps sift-downs in few
 * cache lines; compared with ns-3's binary HeapScheduler it halves the depth. Remove is a
 * linear search (Simulator::Remove is rare; EventId::Cancel does not remove).
 */
class EventHeap
{
public:
    using Event = Scheduler::Event;

    EventHeap() { m_heap.reserve(1024); }

    /// @return true when no event is pending
    bool IsEmpty() const { return m_heap.empty(); }

    /// @return the earliest event (the heap must not be empty)
    const Event& Top() const { return m_heap.front(); }

    /// Add @p ev.
    void Insert(const Event& ev)
    {
        m_heap.push_back(ev);
        SiftUp(m_heap.size() - 1);
    }

    /// Remove and return the earliest event (the heap must not be empty).
    Event Pop()
    {
        Event top = m_heap.front();
        PopRoot();
        return top;
    }

    /// Remove the event with @p ev's uid; @return false if there is none.
    bool Remove(const Event& ev);

private:
    static constexpr std::size_t ARITY = 4;

    /// Move the event at @p i up to its place.
    void SiftUp(std::size_t i)
    {
        Event ev = m_heap[i];
        while (i > 0)
        {
            std::size_t parent = (i - 1) / ARITY;
            if (!EventBefore(ev, m_heap[parent]))
            {
                break;
            }
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = ev;
    }

    /// Move the event at @p i down to its place.
    void SiftDown(std::size_t i);

    /// @return the earliest of the children of @p i among the first @p n events, or @p n if none
    std::size_t MinChild(std::size_t i, std::size_t n) const
    {
        std::size_t first = i * ARITY + 1;
        if (first >= n)
        {
            return n;
        }
        std::size_t best = first;
        std::size_t last = first + ARITY < n ? first + ARITY : n;
        for (std::size_t c = first + 1; c < last; ++c)
        {
            if (EventBefore(m_heap[c], m_heap[best]))
            {
                best = c;
            }
        }
        return best;
    }

    /// Remove the root (the earliest event).
    void PopRoot()
    {
        // Floyd's bottom-up deletion: move the hole at the root down along the smallest
        // children to a leaf without comparing against the element that will fill it (the
        // heap's last, usually among the latest events), then put that element in the hole
        // and sift it up. About half the comparisons of a plain sift-down; the order of events
        // is the same (the keys are a strict total order).
        std::size_t n = m_heap.size() - 1; // the last element leaves the array
        Event last = m_heap[n];
        m_heap.pop_back();
        if (n == 0)
        {
            return;
        }
        std::size_t i = 0;
        while (true)
        {
            std::size_t best = MinChild(i, n);
            if (best == n)
            {
                break;
            }
            m_heap[i] = m_heap[best];
            i = best;
        }
        m_heap[i] = last;
        SiftUp(i);
    }

    std::vector<Event> m_heap; //!< pending events, heap-ordered
};

} // namespace fabric
} // namespace ns3

#endif
