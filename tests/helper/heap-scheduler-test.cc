/*
 * FabricHeapScheduler: events leave in (timestamp, insertion order) order, whatever the mix of
 * inserts, removals of the earliest and cancellations; checked against a sorted reference.
 */
#include "helper/heap-scheduler.h"
#include "scheduler-event.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <set>
#include <utility>

using namespace ns3;
using namespace ns3::fabric;
using ns3::fabric::test::EventAt;

namespace
{

/// A FabricHeapScheduler beside a reference std::set of (ts, uid), which gives the expected
/// order: every operation goes to both, and every event taken out is checked against the
/// reference's earliest.
class Checked
{
public:
    /// Insert an event at @p ts with the next uid.
    void Insert(uint64_t ts)
    {
        InsertWithUid(ts, m_uid);
        m_uid++;
    }

    /// Insert an event at @p ts with uid @p uid (unused so far).
    void InsertWithUid(uint64_t ts, uint32_t uid)
    {
        m_heap->Insert(EventAt(ts, uid));
        m_ref.emplace(ts, uid);
    }

    /// Remove (cancel) the pending event that is @p k-th in time order.
    void RemoveNth(std::size_t k)
    {
        auto it = m_ref.begin();
        std::advance(it, k);
        m_heap->Remove(EventAt(it->first, it->second));
        m_ref.erase(it);
    }

    /// Take the earliest event out and check it (and what PeekNext said); its time goes to
    /// @p now.
    void Pop(uint64_t* now)
    {
        ASSERT_FALSE(m_heap->IsEmpty());
        Scheduler::Event peek = m_heap->PeekNext();
        Scheduler::Event ev = m_heap->RemoveNext();
        ASSERT_EQ(peek.key.m_uid, ev.key.m_uid);
        ASSERT_EQ(ev.key.m_ts, m_ref.begin()->first);
        ASSERT_EQ(ev.key.m_uid, m_ref.begin()->second);
        m_ref.erase(m_ref.begin());
        *now = ev.key.m_ts;
        m_popped++;
    }

    /// Take every pending event out, checking each; then the scheduler must be empty.
    void Drain()
    {
        uint64_t now = 0;
        while (!m_ref.empty())
        {
            ASSERT_NO_FATAL_FAILURE(Pop(&now));
        }
        ASSERT_TRUE(m_heap->IsEmpty());
    }

    /// @return events pending
    std::size_t Pending() const { return m_ref.size(); }

    /// @return events taken out so far
    uint64_t Popped() const { return m_popped; }

private:
    Ptr<FabricHeapScheduler> m_heap = CreateObject<FabricHeapScheduler>();
    std::set<std::pair<uint64_t, uint32_t>> m_ref;
    uint32_t m_uid {0};
    uint64_t m_popped {0};
};

} // namespace

TEST(FabricHeapScheduler, MatchesASortedReferenceUnderRandomOperations)
{
    // Timestamps from a small range so that many events share one and the uid must break
    // the tie.
    std::mt19937_64 rng(12345);
    Checked heap;
    uint64_t now = 0;
    for (int step = 0; step < 200000; ++step)
    {
        uint32_t op = rng() % 10;
        if (op < 5 || heap.Pending() == 0)
        {
            heap.Insert(now + rng() % 64);
        }
        else if (op < 9)
        {
            ASSERT_NO_FATAL_FAILURE(heap.Pop(&now)) << "step " << step;
        }
        else
        {
            heap.RemoveNth(rng() % heap.Pending()); // cancel a random pending event
        }
    }
    ASSERT_NO_FATAL_FAILURE(heap.Drain());
    EXPECT_GT(heap.Popped(), 50000u);
}

TEST(FabricHeapScheduler, SingleAndEmpty)
{
    Ptr<FabricHeapScheduler> heap = CreateObject<FabricHeapScheduler>();
    EXPECT_TRUE(heap->IsEmpty());
    heap->Insert(EventAt(7, 1));
    EXPECT_FALSE(heap->IsEmpty());
    EXPECT_EQ(heap->RemoveNext().key.m_uid, 1u);
    EXPECT_TRUE(heap->IsEmpty());
    // Equal timestamps leave in insertion order.
    for (uint32_t u = 10; u > 0; --u)
    {
        heap->Insert(EventAt(5, 100 - u));
    }
    for (uint32_t u = 10; u > 0; --u)
    {
        EXPECT_EQ(heap->RemoveNext().key.m_uid, 100 - u);
    }
}

TEST(FabricHeapScheduler, KeepsOrderAcrossTheRunTheWheelAndTheHeap)
{
    // Delays of every scale: within one 256 ps bucket (into the sorted run), across the
    // 4.2 us wheel, far beyond it (timers), and bursts at one time step, now or later; with
    // removals.
    std::mt19937_64 rng(777);
    Checked heap;
    uint64_t now = 0;
    uint64_t beyondWheel = 0;
    for (int step = 0; step < 100000; ++step)
    {
        uint64_t delay = 0;
        switch (rng() % 5)
        {
            case 0:
                delay = rng() % 256; // same bucket
                break;
            case 1:
                delay = 80000 + rng() % 600000; // serialization, cable, switch
                break;
            case 2:
                delay = 4000000 + rng() % 400000; // around the end of the wheel
                break;
            case 3:
                delay = 1000000000ull + rng() % 1000; // a timer, far beyond
                break;
            default:
                if (rng() % 8 == 0)
                {
                    // A burst at one time step: now (into the run) or in a later bucket (more
                    // than a small bucket's worth to sort when it is taken out).
                    uint64_t at = now + (rng() % 2) * (3000 + rng() % 1000);
                    for (int k = 0; k < 40; ++k)
                    {
                        heap.Insert(at);
                    }
                }
                break;
        }
        beyondWheel += delay >= 4194304 ? 1 : 0;
        heap.Insert(now + delay);
        if (rng() % 32 == 0)
        {
            heap.RemoveNth(rng() % std::min<std::size_t>(heap.Pending(), 256));
        }
        for (uint32_t k = rng() % 5; k > 0 && heap.Pending() > 0; --k)
        {
            ASSERT_NO_FATAL_FAILURE(heap.Pop(&now)) << "step " << step;
        }
    }
    ASSERT_NO_FATAL_FAILURE(heap.Drain());
    EXPECT_GT(beyondWheel, 20000u);
    EXPECT_GT(heap.Popped(), 150000u);
}

TEST(FabricHeapScheduler, SortsALargeBucketWhateverTheOrderOfUids)
{
    // Many events in one later bucket (256 time steps), at a few time steps: inserted in uid
    // order (a counting sort on the time step keeps it), and in scrambled uid order (a general
    // sort); each bucket is taken out and checked event by event.
    std::mt19937_64 rng(99);
    Checked heap;
    uint64_t now = 0;
    heap.Insert(0);
    ASSERT_NO_FATAL_FAILURE(heap.Pop(&now));
    for (uint64_t base : {10240u, 20480u})
    {
        for (int k = 0; k < 300; ++k)
        {
            heap.Insert(base + rng() % 4 * 60);
        }
    }
    for (uint32_t k = 0; k < 300; ++k)
    {
        heap.InsertWithUid(30720 + rng() % 256, 1000000 - 7 * k - uint32_t(rng() % 5));
    }
    ASSERT_NO_FATAL_FAILURE(heap.Drain());
    EXPECT_EQ(heap.Popped(), 901u);
}
