/*
 * An ns-3 Scheduler over the fabric event list.
 */
#include "fabric-heap-scheduler.h"

#include "ns3/abort.h"

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
    m_events.Insert(ev);
}

bool
FabricHeapScheduler::IsEmpty() const
{
    return m_events.IsEmpty();
}

Scheduler::Event
FabricHeapScheduler::PeekNext() const
{
    NS_ABORT_MSG_IF(m_events.IsEmpty(), "FabricHeapScheduler: no event");
    return m_events.Top();
}

Scheduler::Event
FabricHeapScheduler::RemoveNext()
{
    NS_ABORT_MSG_IF(m_events.IsEmpty(), "FabricHeapScheduler: no event");
    return m_events.Pop();
}

void
FabricHeapScheduler::Remove(const Event& ev)
{
    NS_ABORT_MSG_IF(!m_events.Remove(ev), "FabricHeapScheduler::Remove: no such event");
}

} // namespace fabric
} // namespace ns3
