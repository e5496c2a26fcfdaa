/*
 * An ns-3 Scheduler whose order of same-time events does not depend on how the nodes are
 * split over MPI ranks.
 */
#include "node-order-scheduler.h"

#include "ns3/abort.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(NodeOrderScheduler);

TypeId
NodeOrderScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::NodeOrderScheduler")
                            .SetParent<Scheduler>()
                            .SetGroupName("Fabric")
                            .AddConstructor<NodeOrderScheduler>();
    return tid;
}

NodeOrderScheduler::NodeOrderScheduler() = default;

NodeOrderScheduler::~NodeOrderScheduler() = default;

NodeOrderScheduler::Entry
NodeOrderScheduler::MakeEntry(const Event& ev)
{
    Entry e {ev.key.m_ts, ev.key.m_context, 0, ev.key.m_uid, ev};
    if (const auto* arrival = dynamic_cast<const PortArrivalEvent*>(ev.impl))
    {
        e.rank = 1;
        e.sub = arrival->GetPortIndex();
    }
    return e;
}

void
NodeOrderScheduler::Insert(const Event& ev)
{
    bool inserted = m_events.insert(MakeEntry(ev)).second;
    NS_ABORT_MSG_UNLESS(inserted,
                        "NodeOrderScheduler: two arrivals at one port at the same time step");
}

bool
NodeOrderScheduler::IsEmpty() const
{
    return m_events.empty();
}

Scheduler::Event
NodeOrderScheduler::PeekNext() const
{
    NS_ABORT_MSG_IF(m_events.empty(), "NodeOrderScheduler: no event");
    return m_events.begin()->ev;
}

Scheduler::Event
NodeOrderScheduler::RemoveNext()
{
    NS_ABORT_MSG_IF(m_events.empty(), "NodeOrderScheduler: no event");
    Event ev = m_events.begin()->ev;
    m_events.erase(m_events.begin());
    return ev;
}

void
NodeOrderScheduler::Remove(const Event& ev)
{
    NS_ABORT_MSG_IF(m_events.erase(MakeEntry(ev)) == 0,
                    "NodeOrderScheduler::Remove: no such event");
}

} // namespace fabric
} // namespace ns3
