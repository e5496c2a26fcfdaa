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

/**
 * @brief Pending events in (timestamp, uid) order: a timing wheel of 4096 buckets of 2^10
 * time steps (1.024 ns at picosecond resolution, 4.2 us in all) ahead of the last event
 * taken out, and an EventHeap for events beyond it.
 *
 * A packet fabric's events are nearly all a serialization or a cable delay ahead of now, so
 * they land in the wheel. A bucket is a list in (timestamp, uid) order; an insert is nearly
 * always later than everything in its bucket (events at one time arrive in uid order), so it is
 * appended, and taking the earliest event finds the first non-empty bucket in a bitmap and takes
 * its head, instead of a heap's walk from root to leaf. A bucket holds at most 256 events; more
 * go to the heap. The wheel's earliest event is compared with the heap's before it is taken, so
 * the order is exact: by timestamp, then by uid. Events sit in one pool of nodes, reused.
 */
class EventQueue
{
public:
    using Event = Scheduler::Event;

    EventQueue();

    /// @return true when no event is pending
    bool IsEmpty() const { return m_inWheel == 0 && m_far.IsEmpty(); }

    /// Add @p ev.
    void Insert(const Event& ev)
    {
        // Beyond the wheel, before its start (wraps around), or into a bucket that is already
        // full: the heap.
        uint64_t slot = ev.key.m_ts >> SLOT_SHIFT;
        uint32_t bucket = static_cast<uint32_t>(slot) & (SLOTS - 1);
        if (slot - m_slot < SLOTS && m_count[bucket] < BUCKET_MAX)
        {
            uint32_t node = NewNode(ev);
            uint32_t tail = m_tail[bucket];
            if (m_head[bucket] == NIL)
            {
                m_head[bucket] = node;
                m_tail[bucket] = node;
                m_bits[bucket >> 6] |= uint64_t(1) << (bucket & 63);
            }
            else if (EventBefore(m_nodes[tail].ev, ev))
            {
                m_nodes[tail].next = node; // the usual case: later than all in the bucket
                m_tail[bucket] = node;
            }
            else
            {
                InsertSorted(bucket, node);
            }
            m_count[bucket]++;
            m_inWheel++;
        }
        else
        {
            m_far.Insert(ev);
        }
    }

    /// @return the earliest event (the queue must not be empty)
    Event Top() const;

    /// Remove and return the earliest event (the queue must not be empty).
    Event Pop();

    /// Remove the event with @p ev's timestamp and uid; @return false if there is none.
    bool Remove(const Event& ev);

private:
    static constexpr unsigned SLOT_SHIFT = 10; //!< a bucket spans 2^10 time steps
    static constexpr uint32_t SLOTS = 4096;    //!< buckets in the wheel
    static constexpr uint32_t WORDS = SLOTS / 64;
    static constexpr uint32_t NIL = UINT32_MAX;
    static constexpr uint32_t BUCKET_MAX = 256; //!< bounds an out-of-order insert's walk

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

    /// @return the first non-empty bucket from the wheel's start (the wheel must not be empty)
    uint32_t FirstBucket() const;

    /// Link @p node into @p bucket in (timestamp, uid) order, before its tail.
    void InsertSorted(uint32_t bucket, uint32_t node);

    /// Unlink the node held by @p link (the bucket head or a node's next) of @p bucket and free
    /// it; @p prev is the node before it, or NIL.
    void Unlink(uint32_t bucket, uint32_t* link, uint32_t prev);

    std::vector<Node> m_nodes;              //!< node pool
    uint32_t m_free {NIL};                  //!< free nodes, linked through next
    std::array<uint32_t, SLOTS> m_head;     //!< first (earliest) node of each bucket
    std::array<uint32_t, SLOTS> m_tail;     //!< last (latest) node of each bucket
    std::array<uint64_t, WORDS> m_bits {};  //!< non-empty buckets
    std::array<uint32_t, SLOTS> m_count {}; //!< events in each bucket
    uint64_t m_slot {0};                    //!< slot of the last event taken out
    std::size_t m_inWheel {0};              //!< events in the wheel
    EventHeap m_far;                        //!< events beyond the wheel
};

} // namespace fabric
} // namespace ns3

#endif
