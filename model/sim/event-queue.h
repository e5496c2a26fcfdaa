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
 * they land in the wheel (a bucket takes at most 32; more events in one go to the heap): an insert
 * links the event into its bucket, and taking the earliest finds the first non-empty bucket in a
 * bitmap and the earliest of the few events in it, instead of a heap's walk from root to leaf. The
 * earliest event of the wheel is compared with the heap's before it is taken, so the order is
 * exact: by timestamp, then by uid. Events sit in one pool of nodes, reused; the wheel never moves
 * them.
 */
class EventQueue
{
public:
    using Event = Scheduler::Event;

    EventQueue();

    /// @return true when no event is pending
    bool IsEmpty() const { return m_size == 0; }

    /// @return the number of pending events
    std::size_t GetSize() const { return m_size; }

    /// Add @p ev.
    void Insert(const Event& ev)
    {
        // Beyond the wheel, before its start (wraps around), or into a bucket that is already
        // full (many events at one time, as at start-up): the heap.
        uint64_t slot = ev.key.m_ts >> SLOT_SHIFT;
        uint32_t bucket = static_cast<uint32_t>(slot) & (SLOTS - 1);
        if (slot - m_slot < SLOTS && m_count[bucket] < BUCKET_MAX)
        {
            m_count[bucket]++;
            uint32_t node = NewNode(ev);
            m_nodes[node].next = m_head[bucket];
            m_head[bucket] = node;
            m_bits[bucket >> 6] |= uint64_t(1) << (bucket & 63);
            m_inWheel++;
        }
        else
        {
            m_far.Insert(ev);
        }
        m_size++;
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
    static constexpr uint32_t BUCKET_MAX = 32; //!< a bucket is scanned whole: keep it short

    /// A pending event in the wheel, linked to the next one of its bucket.
    struct Node
    {
        Event ev;      //!< the event
        uint32_t next; //!< next node in the bucket (or in the free list), NIL at the end
    };

    /// Strict order of two events: timestamp, then insertion order (uid).
    static bool Before(const Event& a, const Event& b)
    {
        return a.key.m_ts < b.key.m_ts || (a.key.m_ts == b.key.m_ts && a.key.m_uid < b.key.m_uid);
    }

    /// @return a node holding @p ev (from the free list, else a new one)
    uint32_t NewNode(const Event& ev)
    {
        uint32_t node = m_free;
        if (node != NIL)
        {
            m_free = m_nodes[node].next;
            m_nodes[node].ev = ev;
            return node;
        }
        m_nodes.push_back({ev, NIL});
        return static_cast<uint32_t>(m_nodes.size() - 1);
    }

    /// @return the first non-empty bucket from the wheel's start (the wheel must not be empty)
    uint32_t FirstBucket() const;

    /// @return the link (bucket head or a node's next) that holds the earliest node of
    /// @p bucket
    const uint32_t* EarliestLink(uint32_t bucket) const;

    /// Unlink the node held by @p link of @p bucket and free it.
    void Unlink(uint32_t bucket, uint32_t* link);

    std::vector<Node> m_nodes;              //!< node pool
    uint32_t m_free {NIL};                  //!< free nodes, linked through next
    std::array<uint32_t, SLOTS> m_head;     //!< first node of each bucket
    std::array<uint64_t, WORDS> m_bits {};  //!< non-empty buckets
    std::array<uint32_t, SLOTS> m_count {}; //!< events in each bucket
    uint64_t m_slot {0};                    //!< slot of the last event taken out
    std::size_t m_inWheel {0};              //!< events in the wheel
    std::size_t m_size {0};                 //!< events in all
    EventHeap m_far;                        //!< events beyond the wheel
};

} // namespace fabric
} // namespace ns3

#endif
