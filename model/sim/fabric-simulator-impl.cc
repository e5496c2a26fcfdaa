/*
 * A single-threaded simulator core for fabric simulations.
 */
#include "fabric-simulator-impl.h"

#include "model/sim/fabric-heap-scheduler.h"

#include "ns3/abort.h"
#include "ns3/event-impl.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(FabricSimulatorImpl);

FabricSimulatorImpl* FabricSimulatorImpl::s_active = nullptr;
std::function<void()> FabricSimulatorImpl::s_progressHook;
uint64_t FabricSimulatorImpl::s_progressMask = 0;

TypeId
FabricSimulatorImpl::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::FabricSimulatorImpl")
                            .SetParent<SimulatorImpl>()
                            .SetGroupName("Fabric")
                            .AddConstructor<FabricSimulatorImpl>();
    return tid;
}

FabricSimulatorImpl::FabricSimulatorImpl()
    : m_currentContext(Simulator::NO_CONTEXT)
{
}

FabricSimulatorImpl::~FabricSimulatorImpl()
{
    if (s_active == this)
    {
        s_active = nullptr;
    }
}

void
FabricSimulatorImpl::DoDispose()
{
    while (!NoEvents())
    {
        Scheduler::Event next = PopNext();
        if (!IsTarget(next.impl))
        {
            next.impl->Unref();
        }
    }
    m_other = nullptr;
    SimulatorImpl::DoDispose();
}

void
FabricSimulatorImpl::Destroy()
{
    while (!m_destroyEvents.empty())
    {
        Ptr<EventImpl> ev = m_destroyEvents.front().PeekEventImpl();
        m_destroyEvents.pop_front();
        if (!ev->IsCancelled())
        {
            ev->Invoke();
        }
    }
}

void
FabricSimulatorImpl::SetScheduler(ObjectFactory schedulerFactory)
{
    Ptr<Scheduler> other;
    if (schedulerFactory.GetTypeId() != FabricHeapScheduler::GetTypeId())
    {
        other = schedulerFactory.Create<Scheduler>();
    }
    // Move the pending events to the new event list.
    EventQueue events;
    while (!NoEvents())
    {
        Scheduler::Event ev = PopNext();
        other ? other->Insert(ev) : events.Insert(ev);
    }
    m_events = std::move(events);
    m_other = other;
}

uint32_t
FabricSimulatorImpl::GetSystemId() const
{
    return 0;
}

bool
FabricSimulatorImpl::IsFinished() const
{
    return NoEvents() || m_stop;
}

void
FabricSimulatorImpl::Run()
{
    // Only the simulator that ns-3 runs is reached through Simulator::Run; until then the
    // shortcuts take Simulator's way, which ends here too.
    s_active = this;
    m_stop = false;
    while (!m_stop && !NoEvents())
    {
        Scheduler::Event next = PopNext();
        NS_ASSERT(next.key.m_ts >= m_currentTs);
        m_eventCount++;
        m_currentTs = next.key.m_ts;
        m_currentContext = next.key.m_context;
        m_currentUid = next.key.m_uid;
        RunEvent(next.impl);
        if (s_progressHook && (m_eventCount & s_progressMask) == 0)
        {
            s_progressHook();
        }
    }
}

void
FabricSimulatorImpl::Stop()
{
    m_stop = true;
}

void
FabricSimulatorImpl::Stop(const Time& delay)
{
    Simulator::Schedule(delay, &Simulator::Stop);
}

EventId
FabricSimulatorImpl::Schedule(const Time& delay, EventImpl* event)
{
    NS_ABORT_MSG_IF(delay.IsStrictlyNegative(), "FabricSimulatorImpl::Schedule: negative delay");
    uint64_t ts = m_currentTs + delay.GetTimeStep();
    uint32_t uid = Insert(event, ts, m_currentContext);
    return EventId(event, ts, m_currentContext, uid);
}

void
FabricSimulatorImpl::ScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event)
{
    NS_ABORT_MSG_IF(delay.IsStrictlyNegative(),
                    "FabricSimulatorImpl::ScheduleWithContext: negative delay");
    Insert(event, m_currentTs + delay.GetTimeStep(), context);
}

EventId
FabricSimulatorImpl::ScheduleNow(EventImpl* event)
{
    uint32_t uid = Insert(event, m_currentTs, m_currentContext);
    return EventId(event, m_currentTs, m_currentContext, uid);
}

EventId
FabricSimulatorImpl::ScheduleDestroy(EventImpl* event)
{
    EventId id(Ptr<EventImpl>(event, false), m_currentTs, 0xffffffff, 2);
    m_destroyEvents.push_back(id);
    m_uid++;
    return id;
}

Time
FabricSimulatorImpl::Now() const
{
    return TimeStep(m_currentTs);
}

Time
FabricSimulatorImpl::GetDelayLeft(const EventId& id) const
{
    return IsExpired(id) ? TimeStep(0) : TimeStep(id.GetTs() - m_currentTs);
}

void
FabricSimulatorImpl::Remove(const EventId& id)
{
    if (id.GetUid() == 2)
    {
        for (auto i = m_destroyEvents.begin(); i != m_destroyEvents.end(); ++i)
        {
            if (*i == id)
            {
                m_destroyEvents.erase(i);
                break;
            }
        }
        return;
    }
    if (IsExpired(id))
    {
        return;
    }
    Scheduler::Event event;
    event.impl = id.PeekEventImpl();
    event.key.m_ts = id.GetTs();
    event.key.m_context = id.GetContext();
    event.key.m_uid = id.GetUid();
    if (m_other)
    {
        m_other->Remove(event);
    }
    else
    {
        NS_ABORT_MSG_IF(!m_events.Remove(event), "FabricSimulatorImpl::Remove: no such event");
    }
    event.impl->Cancel();
    event.impl->Unref(); // the event list held a reference
}

void
FabricSimulatorImpl::Cancel(const EventId& id)
{
    if (!IsExpired(id))
    {
        id.PeekEventImpl()->Cancel();
    }
}

bool
FabricSimulatorImpl::IsExpired(const EventId& id) const
{
    if (id.GetUid() == 2)
    {
        if (id.PeekEventImpl() == nullptr || id.PeekEventImpl()->IsCancelled())
        {
            return true;
        }
        for (const EventId& d : m_destroyEvents)
        {
            if (d == id)
            {
                return false;
            }
        }
        return true;
    }
    return id.PeekEventImpl() == nullptr || id.GetTs() < m_currentTs
        || (id.GetTs() == m_currentTs && id.GetUid() <= m_currentUid)
        || id.PeekEventImpl()->IsCancelled();
}

Time
FabricSimulatorImpl::GetMaximumSimulationTime() const
{
    return TimeStep(0x7fffffffffffffffLL);
}

uint32_t
FabricSimulatorImpl::GetContext() const
{
    return m_currentContext;
}

uint64_t
FabricSimulatorImpl::GetEventCount() const
{
    return m_eventCount;
}

} // namespace fabric
} // namespace ns3
