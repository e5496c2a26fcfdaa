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

TypeId
FabricHeapScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::FabricHeapScheduler")
                            .SetParent<Scheduler>()
                            .SetGroupName("Fabric")
                            .AddConstructor<FabricHeapScheduler>();
    return tid;
}

FabricHeapScheduler::FabricHeapScheduler() = default;

FabricHeapScheduler::~FabricHeapScheduler() = default;

void
FabricHeapScheduler::Insert(const Event& ev)
{
    m_heap.Insert(ev);
}

bool
FabricHeapScheduler::IsEmpty() const
{
    return m_heap.IsEmpty();
}

Scheduler::Event
FabricHeapScheduler::PeekNext() const
{
    NS_ABORT_MSG_IF(m_heap.IsEmpty(), "FabricHeapScheduler: no event");
    return m_heap.Top();
}

Scheduler::Event
FabricHeapScheduler::RemoveNext()
{
    NS_ABORT_MSG_IF(m_heap.IsEmpty(), "FabricHeapScheduler: no event");
    return m_heap.Pop();
}

void
FabricHeapScheduler::Remove(const Event& ev)
{
    NS_ABORT_MSG_IF(!m_heap.Remove(ev), "FabricHeapScheduler::Remove: no such event");
}

void
EventHeap::SiftDown(std::size_t i)
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

void
UseFabricScheduler()
{
    // The global value outlives Simulator::Destroy(); a later --SchedulerType=... overrides it.
    GlobalValue::Bind("SimulatorImplementationType",
                      StringValue("ns3::fabric::FabricSimulatorImpl"));
    GlobalValue::Bind("SchedulerType", StringValue("ns3::fabric::FabricHeapScheduler"));
}

} // namespace fabric
} // namespace ns3
