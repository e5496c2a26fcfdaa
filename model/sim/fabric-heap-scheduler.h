/*
 * An ns-3 Scheduler over the fabric event list.
 */
#ifndef FABRIC_HEAP_SCHEDULER_MODEL_H
#define FABRIC_HEAP_SCHEDULER_MODEL_H

#include "model/sim/event-queue.h"

#include "ns3/scheduler.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief ns-3 Scheduler over an EventQueue (a timing wheel and a heap; the name is older than
 * the wheel). Select it with
 * `--SchedulerType=ns3::fabric::FabricHeapScheduler` or
 * `Simulator::SetScheduler(ObjectFactory("ns3::fabric::FabricHeapScheduler"))`.
 */
class FabricHeapScheduler : public Scheduler
{
public:
    /// @return the TypeId
    static TypeId GetTypeId();
    FabricHeapScheduler();
    ~FabricHeapScheduler() override;

    void Insert(const Event& ev) override;
    bool IsEmpty() const override;
    Event PeekNext() const override;
    Event RemoveNext() override;
    void Remove(const Event& ev) override;

private:
    EventQueue m_events; //!< pending events
};

} // namespace fabric
} // namespace ns3

#endif
