/*
 * An ns-3 Scheduler whose order of same-time events does not depend on how the nodes are
 * split over MPI ranks.
 */
#ifndef FABRIC_NODE_ORDER_SCHEDULER_H
#define FABRIC_NODE_ORDER_SCHEDULER_H

#include "ns3/event-impl.h"
#include "ns3/scheduler.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief An event that delivers a frame to a port: NodeOrderScheduler orders it by the port,
 * not by when it was scheduled.
 */
class PortArrivalEvent : public EventImpl
{
public:
    /// @return the receiving port's interface index on its node
    virtual uint32_t GetPortIndex() const = 0;
};

/**
 * @brief ns-3 Scheduler that orders events by (time, node, then the node's own order), so that
 * a simulation split over MPI ranks runs every node's events in the same order as one process.
 *
 * ns-3's schedulers order same-time events by insertion (uid). Under the distributed engine a
 * frame from another rank is inserted when the rank's messages are read, not when its sender
 * started it, so insertion order depends on the partition. This scheduler orders:
 * 1. by time step;
 * 2. by context (the node; events without one, such as set-up work, last);
 * 3. within a node and a time step, every other event first, in insertion order (they were
 *    all scheduled by that node's own earlier events, in an order that does not depend on the
 *    partition), then frame arrivals (PortArrivalEvent) in the order of the receiving ports.
 *
 * Events of different nodes at the same time touch different state, so their order does not
 * change the result. The order differs from FabricSimulatorImpl's (insertion order) only
 * between same-picosecond events. Select it with `--SchedulerType=ns3::fabric::NodeOrderScheduler`
 * under ns3::DefaultSimulatorImpl (one process) or ns3::DistributedSimulatorImpl (MPI, which
 * fabric selects itself when launched by mpirun or srun).
 */
class NodeOrderScheduler : public Scheduler
{
public:
    /// @return the TypeId
    static TypeId GetTypeId();
    NodeOrderScheduler();
    ~NodeOrderScheduler() override;

    void Insert(const Event& ev) override;
    bool IsEmpty() const override;
    Event PeekNext() const override;
    Event RemoveNext() override;
    void Remove(const Event& ev) override;

private:
    /// An event with its place in the order.
    struct Entry
    {
        uint64_t ts;      //!< time step
        uint32_t context; //!< node
        uint32_t rank;    //!< 0: other events; 1: arrivals
        uint64_t sub;     //!< insertion uid, or the arrival's port
        Event ev;         //!< the event

        /// @return true when this event runs before @p o
        bool operator<(const Entry& o) const
        {
            if (ts != o.ts)
            {
                return ts < o.ts;
            }
            if (context != o.context)
            {
                return context < o.context;
            }
            if (rank != o.rank)
            {
                return rank < o.rank;
            }
            return sub < o.sub;
        }
    };

    /// @return @p ev's entry
    static Entry MakeEntry(const Event& ev);

    /// Heap order: the event that runs first at the front.
    static bool Later(const Entry& a, const Entry& b) { return b < a; }

    std::vector<Entry> m_events; //!< pending events, a binary heap (std::push_heap)
};

} // namespace fabric
} // namespace ns3

#endif
