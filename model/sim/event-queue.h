/*
 * Pending simulation events: a timing wheel for the near future, a heap beyond it.
 */
#ifndef FABRIC_EVENT_QUEUE_H
#define FABRIC_EVENT_QUEUE_H

#include "model/sim/event-heap.h"

#include "ns3/scheduler.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace fabric
{

/// Low bits of an event's impl pointer that FabricSimulatorImpl may use as a tag (its queued
/// FastEventTargets); the address is the pointer without them.
constexpr uintptr_t EVENT_TAG_MASK = 7;

/**
 * @brief Pending events in (timestamp, uid) order: a timing wheel of 16384 buckets of 2^8
 * time steps (256 ps at picosecond resolution, 4.2 us in all) ahead of the last event
 * taken out, and an EventHeap for events beyond it.
 *
 * A packet fabric's events are nearly all a serialization or a cable delay ahead of now, so
 * they land in the wheel. An insert appends the event to its bucket's list, unsorted: events
 * scheduled with different delays (a transmit-complete 84 ns ahead, an arrival a microsecond
 * ahead) interleave within a bucket, and keeping each list sorted would walk it on most inserts.
 * When the wheel's earliest bucket is needed, its events move to the run, a vector sorted by
 * (timestamp, uid), which is taken out from the front; an event due no later than the run's
 * bucket is inserted into the run in order. Every event in the run precedes every event in the
 * wheel's buckets, so the next event is the run's first or the heap's top, whichever is earlier:
 * the order is exact, by timestamp, then by uid. Bucket events sit in one pool of nodes, reused.
 */
class EventQueue
{
public:
    using Event = Scheduler::Event;

    EventQueue();

    /// @return true when no event is pending
    bool IsEmpty() const { return m_runHead == m_run.size() && m_inWheel == 0 && m_far.IsEmpty(); }

    /// Add @p ev.
    void Insert(const Event& ev)
    {
        uint64_t slot = ev.key.m_ts >> SLOT_SHIFT;
        if (slot <= m_runSlot)
        {
            InsertIntoRun(ev); // due in (or before) the bucket being taken out
        }
        else if (slot - m_slot < SLOTS)
        {
            uint32_t bucket = static_cast<uint32_t>(slot) & (SLOTS - 1);
            uint32_t node = NewNode(ev);
            Bucket& b = m_buckets[bucket];
            if (b.head == NIL)
            {
                b.head = node;
                m_bits[bucket >> 6] |= uint64_t(1) << (bucket & 63);
            }
            else
            {
                m_nodes[b.tail].next = node;
            }
            b.tail = node;
            m_inWheel++;
        }
        else
        {
            m_far.Insert(ev); // beyond the wheel
        }
    }

    /// @return the earliest event (the queue must not be empty)
    Event Top() const;

    /// Remove and return the earliest event (the queue must not be empty).
    Event Pop()
    {
        if (m_runHead == m_run.size() && m_inWheel > 0)
        {
            TakeBucket();
        }
        Event ev;
        if (m_runHead < m_run.size()
            && (m_far.IsEmpty() || EventBefore(m_run[m_runHead], m_far.Top())))
        {
            ev = m_run[m_runHead++];
            if (m_runHead == m_run.size())
            {
                m_run.clear();
                m_runHead = 0;
            }
            else
            {
                // The next event's object, fetched while this event runs (its address, less a
                // FabricSimulatorImpl tag in the low bits).
                __builtin_prefetch(reinterpret_cast<const void*>(
                    reinterpret_cast<uintptr_t>(m_run[m_runHead].impl) & ~EVENT_TAG_MASK));
            }
        }
        else
        {
            ev = m_far.Pop();
        }
        // Never behind the last event taken out: both the run and the heap hold only events
        // due at or after it.
        m_slot = ev.key.m_ts >> SLOT_SHIFT;
        return ev;
    }

    /// Remove the event with @p ev's timestamp and uid; @return false if there is none.
    bool Remove(const Event& ev);

private:
    static constexpr unsigned SLOT_SHIFT = 8; //!< a bucket spans 2^8 time steps
    static constexpr uint32_t SLOTS = 16384;  //!< buckets in the wheel
    static constexpr uint32_t WORDS = SLOTS / 64;
    static constexpr uint32_t NIL = UINT32_MAX;
    static constexpr uint64_t SLOT_MASK = (uint64_t(1) << SLOT_SHIFT) - 1; //!< step within a slot

    /// A pending event in the wheel, linked to the next one of its bucket.
    struct Node
    {
        Event ev;      //!< the event
        uint32_t next; //!< next node in the bucket (or in the free list), NIL at the end
    };

    /// @return a node holding @p ev (from the free list, else a new one)
    uint32_t NewNode(const Event& ev)
    {
        uint32_t node = m_free;
        if (node != NIL)
        {
            m_free = m_nodes[node].next;
            m_nodes[node] = {ev, NIL};
            return node;
        }
        m_nodes.push_back({ev, NIL});
        return static_cast<uint32_t>(m_nodes.size() - 1);
    }

    /// @return the order of @p ev among events of its slot: (timestamp within the slot, uid)
    static uint64_t InSlotKey(const Event& ev)
    {
        return ((ev.key.m_ts & SLOT_MASK) << 32) | ev.key.m_uid;
    }

    /// Return @p node to the free list.
    void FreeNode(uint32_t node)
    {
        m_nodes[node].next = m_free;
        m_free = node;
    }

    /// @return the first non-empty bucket from the wheel's start (the wheel must not be empty)
    uint32_t FirstBucket() const;

    /// Move the wheel's earliest bucket into the (empty) run and sort it.
    void TakeBucket();

    /// Insert @p ev into the run in (timestamp, uid) order.
    void InsertIntoRun(const Event& ev);

    std::vector<Node> m_nodes; //!< node pool
    uint32_t m_free {NIL};     //!< free nodes, linked through next

    /// A bucket's list of nodes, in insertion order.
    struct Bucket
    {
        uint32_t head {NIL}; //!< first node
        uint32_t tail {NIL}; //!< last node
    };

    std::array<Bucket, SLOTS> m_buckets;   //!< the wheel
    std::array<uint64_t, WORDS> m_bits {}; //!< non-empty buckets
    uint64_t m_slot {0};                   //!< slot of the last event taken out
    std::size_t m_inWheel {0};             //!< events in the wheel's buckets
    std::vector<Event> m_run;              //!< the bucket being taken out, sorted
    std::vector<Event> m_sorted;           //!< TakeBucket's scratch for a counting sort
    std::size_t m_runHead {0};             //!< the run's first event not yet taken out
    uint64_t m_runSlot {0};                //!< slot of the bucket last moved to the run
    EventHeap m_far;                       //!< events beyond the wheel
};

} // namespace fabric
} // namespace ns3

#endif
