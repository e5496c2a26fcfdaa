/*
 * A single-threaded simulator core for fabric simulations.
 */
#ifndef FABRIC_SIMULATOR_IMPL_H
#define FABRIC_SIMULATOR_IMPL_H

#include "model/sim/event-queue.h"

#include "ns3/event-id.h"
#include "ns3/scheduler.h"
#include "ns3/simulator-impl.h"
#include "ns3/simulator.h"

#include <functional>
#include <list>

namespace ns3
{
namespace fabric
{

/**
 * @brief An object whose own recurring events FabricSimulatorImpl runs without an EventImpl
 * (see FabricSimulatorImpl::ScheduleTarget): a port's transmit-complete and arrival events.
 */
class FastEventTarget
{
public:
    /// Run this object's event of kind @p kind (0 to 3).
    virtual void RunFastEvent(unsigned kind) = 0;

protected:
    ~FastEventTarget() = default;
};

/**
 * @brief ns-3's DefaultSimulatorImpl, less the per-event work a single-threaded packet
 * simulation does not need, with its event list inlined.
 *
 * Events run in the same order as under DefaultSimulatorImpl (timestamp, then the same
 * insertion uids), so a simulation gives identical results under either. Per event it saves
 * the virtual calls into the Scheduler (the EventQueue is called directly when the scheduler
 * is FabricHeapScheduler; any other scheduler is used through its interface), the EventId
 * that DefaultSimulatorImpl builds for its pre-event hook, and the thread checks: events must
 * be scheduled from the thread that runs the simulation (there is no real-time or
 * multi-threaded use of the plugin). Select it with
 * `--SimulatorImplementationType=ns3::fabric::FabricSimulatorImpl` (UseFabricScheduler does).
 *
 * A FastEventTarget's events (ScheduleTarget) are queued as a tagged pointer to the target in
 * place of an EventImpl: they take the same place in the event order (a uid like any other),
 * and run as a direct call, without an event object, its reference count and ns-3's logged
 * EventImpl::Invoke. They have no EventId and cannot be cancelled.
 */
class FabricSimulatorImpl : public SimulatorImpl
{
public:
    /// @return the TypeId
    static TypeId GetTypeId();
    FabricSimulatorImpl();
    ~FabricSimulatorImpl() override;

    void Destroy() override;
    bool IsFinished() const override;
    void Stop() override;
    void Stop(const Time& delay) override;
    EventId Schedule(const Time& delay, EventImpl* event) override;
    void ScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event) override;
    EventId ScheduleNow(EventImpl* event) override;
    EventId ScheduleDestroy(EventImpl* event) override;
    void Remove(const EventId& id) override;
    void Cancel(const EventId& id) override;
    bool IsExpired(const EventId& id) const override;
    void Run() override;
    Time Now() const override;
    Time GetDelayLeft(const EventId& id) const override;
    Time GetMaximumSimulationTime() const override;
    void SetScheduler(ObjectFactory schedulerFactory) override;
    uint32_t GetSystemId() const override;
    uint32_t GetContext() const override;
    uint64_t GetEventCount() const override;

    /// @return the FabricSimulatorImpl that ns-3 runs (set by Run, cleared when it is
    /// destroyed), or nullptr if another implementation runs or none has run yet
    static FabricSimulatorImpl* Active() { return s_active; }

    /**
     * Call @p hook from the event loop once every 2^@p log2Events events (a progress meter;
     * it adds no event, so runs stay identical). An empty hook removes it.
     */
    static void SetProgressHook(std::function<void()> hook, unsigned log2Events = 16)
    {
        s_progressHook = std::move(hook);
        s_progressMask = (uint64_t(1) << log2Events) - 1;
    }

    /// @return the current time step: Now() without Simulator's lookup and virtual call
    uint64_t NowStep() const { return m_currentTs; }

    /// ScheduleWithContext() without Simulator's lookup and virtual call.
    void ScheduleStepsWithContext(uint32_t context, uint64_t delaySteps, EventImpl* event)
    {
        Insert(event, m_currentTs + delaySteps, context);
    }

    /// Schedule @p target's event of kind @p kind (0 to 3) @p delaySteps from now in
    /// @p context; it runs as target->RunFastEvent(kind).
    void ScheduleTarget(uint32_t context,
                        uint64_t delaySteps,
                        FastEventTarget* target,
                        unsigned kind)
    {
        auto bits = reinterpret_cast<uintptr_t>(target);
        NS_ASSERT((bits & TAG_MASK) == 0 && kind < 4);
        Insert(reinterpret_cast<EventImpl*>(bits | (kind << 1) | TARGET_TAG),
               m_currentTs + delaySteps,
               context);
    }

private:
    static constexpr uintptr_t TARGET_TAG = 1;            //!< low bit of a queued FastEventTarget
    static constexpr uintptr_t TAG_MASK = EVENT_TAG_MASK; //!< the tag and the kind

    /// @return true when @p impl is a tagged FastEventTarget, not an EventImpl
    static bool IsTarget(const EventImpl* impl)
    {
        return (reinterpret_cast<uintptr_t>(impl) & TARGET_TAG) != 0;
    }

    /// Run the event @p impl (an EventImpl or a tagged target) and release it.
    static void RunEvent(EventImpl* impl)
    {
        auto bits = reinterpret_cast<uintptr_t>(impl);
        if (bits & TARGET_TAG)
        {
            reinterpret_cast<FastEventTarget*>(bits & ~TAG_MASK)
                ->RunFastEvent(static_cast<unsigned>(bits >> 1) & 3);
            return;
        }
        impl->Invoke();
        impl->Unref();
    }

    void DoDispose() override;

    /// Queue @p event at absolute time step @p ts in @p context; @return its uid. (Inline: the
    /// ports' shortcuts schedule through it for nearly every event.)
    uint32_t Insert(EventImpl* event, uint64_t ts, uint32_t context)
    {
        Scheduler::Event ev;
        ev.impl = event;
        ev.key.m_ts = ts;
        ev.key.m_context = context;
        ev.key.m_uid = m_uid++;
        if (m_other)
        {
            m_other->Insert(ev);
        }
        else
        {
            m_events.Insert(ev);
        }
        return ev.key.m_uid;
    }

    /// @return true when no event is pending
    bool NoEvents() const { return m_other ? m_other->IsEmpty() : m_events.IsEmpty(); }

    /// Remove and return the earliest pending event (there must be one).
    Scheduler::Event PopNext() { return m_other ? m_other->RemoveNext() : m_events.Pop(); }

    EventQueue m_events;                //!< pending events (with FabricHeapScheduler)
    Ptr<Scheduler> m_other;             //!< another scheduler, if one was chosen
    std::list<EventId> m_destroyEvents; //!< events to run at Simulator::Destroy
    bool m_stop {false};                //!< Stop() was called
    uint32_t m_uid {4};                 //!< next uid (0 invalid, 1 now, 2 destroy, as ns-3)
    uint32_t m_currentUid {0};          //!< uid of the running event
    uint64_t m_currentTs {0};           //!< time step of the running event
    uint32_t m_currentContext;          //!< context of the running event
    uint64_t m_eventCount {0};          //!< events run

    static std::function<void()> s_progressHook; //!< SetProgressHook
    static uint64_t s_progressMask;              //!< events between calls - 1
    static FabricSimulatorImpl* s_active;        //!< the instance ns-3 runs
};

/// @return the simulation time in time steps (Simulator::Now().GetTimeStep(), faster under
/// FabricSimulatorImpl)
inline int64_t
FastNowStep()
{
    FabricSimulatorImpl* sim = FabricSimulatorImpl::Active();
    return sim ? static_cast<int64_t>(sim->NowStep()) : Simulator::Now().GetTimeStep();
}

/// @return the simulation time (Simulator::Now(), faster under FabricSimulatorImpl)
inline Time
FastNow()
{
    return TimeStep(FastNowStep());
}

} // namespace fabric
} // namespace ns3

#endif
