/*
 * An ns-3 Scheduler whose order of same-time events does not depend on how the nodes are
 * split over MPI ranks.
 */
#include "node-order-scheduler.h"

#include "ns3/abort.h"

#include <algorithm>

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
    m_events.push_back(MakeEntry(ev));
    std::push_heap(m_events.begin(), m_events.end(), Later);
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
    return m_events.front().ev;
}

Scheduler::Event
NodeOrderScheduler::RemoveNext()
{
    NS_ABORT_MSG_IF(m_events.empty(), "NodeOrderScheduler: no event");
    std::pop_heap(m_events.begin(), m_events.end(), Later);
    Event ev = m_events.back().ev;
    m_events.pop_back();
    return ev;
}

void
NodeOrderScheduler::Remove(const Event& ev)
{
    // Rare (Simulator::Remove; a cancelled event stays queued): a search and a new heap.
    auto it = std::find_if(m_events.begin(), m_events.end(), [&ev](const Entry& e) {
        return e.ev.impl == ev.impl && e.ev.key.m_uid == ev.key.m_uid;
    });
    NS_ABORT_MSG_IF(it == m_events.end(), "NodeOrderScheduler::Remove: no such event");
    *it = m_events.back();
    m_events.pop_back();
    std::make_heap(m_events.begin(), m_events.end(), Later);
}

} // namespace fabric
} // namespace ns3
