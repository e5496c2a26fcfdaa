/*
 * Pending simulation events as a 4-ary min-heap stored by value.
 */
#include "event-heap.h"

namespace ns3
{
namespace fabric
{

void
EventHeap::SiftDown(std::size_t i)
{
    std::size_t n = m_heap.size();
    Event ev = m_heap[i];
    while (true)
    {
        std::size_t best = MinChild(i, n);
        if (best == n || !EventBefore(m_heap[best], ev))
        {
            break;
        }
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = ev;
}

bool
EventHeap::Remove(const Event& ev)
{
    for (std::size_t i = 0; i < m_heap.size(); ++i)
    {
        if (m_heap[i].key.m_uid == ev.key.m_uid)
        {
            m_heap[i] = m_heap.back();
            m_heap.pop_back();
            if (i < m_heap.size())
            {
                SiftUp(i);
                SiftDown(i);
            }
            return true;
        }
    }
    return false;
}

} // namespace fabric
} // namespace ns3
