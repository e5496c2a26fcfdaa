/*
 * An event scheduler for fabric simulations: a 4-ary min-heap of events stored by value.
 */
#ifndef FABRIC_HEAP_SCHEDULER_H
#define FABRIC_HEAP_SCHEDULER_H

#include "ns3/scheduler.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief ns-3 Scheduler keeping pending events in one vector as a 4-ary min-heap ordered by
 * (timestamp, uid).
 *
 * Compared with ns-3's MapScheduler (a std::map: one allocation and a red-black rebalance
 * per event) it allocates nothing per event and its shallow heap keeps sift-downs in few
 * cache lines; compared with ns-3's binary HeapScheduler it halves the depth. Remove (used by
 * Simulator::Remove, not by EventId::Cancel) is a linear search. Select it with
 * `--SchedulerType=ns3::fabric::FabricHeapScheduler` or
 * `Simulator::SetScheduler(ObjectFactory("ns3::fabric::FabricHeapScheduler"))`.
 */
class FabricHeapScheduler : public Scheduler
{
public:
    static TypeId GetTypeId();
    FabricHeapScheduler();
    ~FabricHeapScheduler() override;

    void Insert(const Event& ev) override;
    bool IsEmpty() const override;
    Event PeekNext() const override;
    Event RemoveNext() override;
    void Remove(const Event& ev) override;

private:
    /// Move the event at @p i up to its place.
    void SiftUp(std::size_t i);
    /// Move the event at @p i down to its place.
    void SiftDown(std::size_t i);
    /// @return the earliest of the children of @p i among the first @p n events, or @p n if none
    std::size_t MinChild(std::size_t i, std::size_t n) const;
    /// Remove the root (the earliest event).
    void PopRoot();

    std::vector<Event> m_heap; //!< pending events, heap-ordered
};

/**
 * Make FabricHeapScheduler the scheduler of every simulation created from now on (sets the
 * SchedulerType global value; call first thing in main, before CommandLine::Parse so that
 * --SchedulerType can still override it).
 */
void UseFabricScheduler();

} // namespace fabric
} // namespace ns3

#endif
