/*
 * An event scheduler for fabric simulations: a 4-ary min-heap of events stored by value.
 */
#include "heap-scheduler.h"

#include "ns3/abort.h"
#include "ns3/global-value.h"
#include "ns3/string.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(FabricHeapScheduler);

namespace
{

/// Strict order of two events: timestamp, then insertion order (uid).
inline bool
Before(const Scheduler::Event& a, const Scheduler::Event& b)
{
    return a.key.m_ts < b.key.m_ts || (a.key.m_ts == b.key.m_ts && a.key.m_uid < b.key.m_uid);
}

constexpr std::size_t ARITY = 4;

} // namespace

TypeId
FabricHeapScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::FabricHeapScheduler")
                            .SetParent<Scheduler>()
                            .SetGroupName("Fabric")
                            .AddConstructor<FabricHeapScheduler>();
    return tid;
}

FabricHeapScheduler::FabricHeapScheduler()
{
    m_heap.reserve(1024);
}

FabricHeapScheduler::~FabricHeapScheduler() = default;

void
FabricHeapScheduler::SiftUp(std::size_t i)
{
    Event ev = m_heap[i];
    while (i > 0)
    {
        std::size_t parent = (i - 1) / ARITY;
        if (!Before(ev, m_heap[parent]))
        {
            break;
        }
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = ev;
}

std::size_t
FabricHeapScheduler::MinChild(std::size_t i, std::size_t n) const
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
        if (Before(m_heap[c], m_heap[best]))
        {
            best = c;
        }
    }
    return best;
}

void
FabricHeapScheduler::SiftDown(std::size_t i)
{
    std::size_t n = m_heap.size();
    Event ev = m_heap[i];
    while (true)
    {
        std::size_t best = MinChild(i, n);
        if (best == n || !Before(m_heap[best], ev))
        {
            break;
        }
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = ev;
}

void
FabricHeapScheduler::PopRoot()
{
    // Floyd's bottom-up deletion: move the hole at the root down along the smallest children
    // to a leaf without comparing against the element that will fill it (the heap's last,
    // usually among the latest events), then put that element in the hole and sift it up.
    // About half the comparisons of a plain sift-down; the order of events is the same (the
    // keys are a strict total order).
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

void
FabricHeapScheduler::Insert(const Event& ev)
{
    m_heap.push_back(ev);
    SiftUp(m_heap.size() - 1);
}

bool
FabricHeapScheduler::IsEmpty() const
{
    return m_heap.empty();
}

Scheduler::Event
FabricHeapScheduler::PeekNext() const
{
    NS_ABORT_MSG_IF(m_heap.empty(), "FabricHeapScheduler: no event");
    return m_heap.front();
}

Scheduler::Event
FabricHeapScheduler::RemoveNext()
{
    NS_ABORT_MSG_IF(m_heap.empty(), "FabricHeapScheduler: no event");
    Event top = m_heap.front();
    PopRoot();
    return top;
}

void
FabricHeapScheduler::Remove(const Event& ev)
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
            return;
        }
    }
    NS_ABORT_MSG("FabricHeapScheduler::Remove: no such event");
}

void
UseFabricScheduler()
{
    // The global value outlives Simulator::Destroy(); a later --SchedulerType=... overrides it.
    GlobalValue::Bind("SchedulerType", StringValue("ns3::fabric::FabricHeapScheduler"));
}

} // namespace fabric
} // namespace ns3
