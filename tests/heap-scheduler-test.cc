/*
 * FabricHeapScheduler: events leave in (timestamp, insertion order) order, whatever the mix of
 * inserts, removals of the earliest and cancellations; checked against a sorted reference.
 */
#include "helper/heap-scheduler.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <utility>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

Scheduler::Event
EventAt(uint64_t ts, uint32_t uid)
{
    Scheduler::Event ev;
    ev.impl = nullptr; // the scheduler never looks at it
    ev.key.m_ts = ts;
    ev.key.m_uid = uid;
    ev.key.m_context = 0;
    return ev;
}

} // namespace

TEST(FabricHeapScheduler, MatchesASortedReferenceUnderRandomOperations)
{
    // Timestamps from a small range so that many events share one and the uid must break
    // the tie; a reference std::set of (ts, uid) gives the expected order.
    std::mt19937_64 rng(12345);
    Ptr<FabricHeapScheduler> heap = CreateObject<FabricHeapScheduler>();
    std::set<std::pair<uint64_t, uint32_t>> ref;
    uint32_t uid = 0;
    uint64_t now = 0;
    uint64_t popped = 0;
    for (int step = 0; step < 200000; ++step)
    {
        uint32_t op = rng() % 10;
        if (op < 5 || ref.empty())
        {
            uint64_t ts = now + rng() % 64;
            heap->Insert(EventAt(ts, uid));
            ref.emplace(ts, uid);
            uid++;
        }
        else if (op < 9)
        {
            ASSERT_FALSE(heap->IsEmpty());
            Scheduler::Event peek = heap->PeekNext();
            Scheduler::Event ev = heap->RemoveNext();
            auto expected = *ref.begin();
            ref.erase(ref.begin());
            ASSERT_EQ(peek.key.m_uid, ev.key.m_uid);
            ASSERT_EQ(ev.key.m_ts, expected.first) << "step " << step;
            ASSERT_EQ(ev.key.m_uid, expected.second) << "step " << step;
            now = ev.key.m_ts;
            popped++;
        }
        else
        {
            // Cancel a random pending event.
            auto it = ref.begin();
            std::advance(it, rng() % ref.size());
            heap->Remove(EventAt(it->first, it->second));
            ref.erase(it);
        }
    }
    while (!ref.empty())
    {
        Scheduler::Event ev = heap->RemoveNext();
        ASSERT_EQ(ev.key.m_ts, ref.begin()->first);
        ASSERT_EQ(ev.key.m_uid, ref.begin()->second);
        ref.erase(ref.begin());
        popped++;
    }
    EXPECT_TRUE(heap->IsEmpty());
    EXPECT_GT(popped, 50000u);
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

TEST(FabricHeapScheduler, KeepsOrderAcrossTheWheelTheHeapAndFullBuckets)
{
    // Delays of every scale: within one 1.024 ns bucket, across the 4.2 us wheel, far beyond
    // it (timers), and bursts at one time step that overflow a bucket into the heap; with
    // removals. A std::set of (ts, uid) gives the expected order.
    std::mt19937_64 rng(777);
    Ptr<FabricHeapScheduler> heap = CreateObject<FabricHeapScheduler>();
    std::set<std::pair<uint64_t, uint32_t>> ref;
    uint32_t uid = 0;
    uint64_t now = 0;
    uint64_t beyondWheel = 0;
    uint64_t popped = 0;
    auto insert = [&](uint64_t ts) {
        heap->Insert(EventAt(ts, uid));
        ref.emplace(ts, uid);
        uid++;
    };
    for (int step = 0; step < 100000; ++step)
    {
        uint64_t delay = 0;
        switch (rng() % 5)
        {
            case 0:
                delay = rng() % 1024; // same bucket
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
                    for (int k = 0; k < 40; ++k) // a burst at one time step
                    {
                        insert(now);
                    }
                }
                break;
        }
        beyondWheel += delay >= 4194304 ? 1 : 0;
        insert(now + delay);
        if (rng() % 32 == 0 && !ref.empty())
        {
            auto it = ref.begin();
            std::advance(it, rng() % std::min<std::size_t>(ref.size(), 256));
            heap->Remove(EventAt(it->first, it->second));
            ref.erase(it);
        }
        for (uint32_t k = rng() % 5; k > 0 && !ref.empty(); --k)
        {
            Scheduler::Event peek = heap->PeekNext();
            Scheduler::Event ev = heap->RemoveNext();
            ASSERT_EQ(peek.key.m_uid, ev.key.m_uid);
            ASSERT_EQ(ev.key.m_ts, ref.begin()->first) << "step " << step;
            ASSERT_EQ(ev.key.m_uid, ref.begin()->second) << "step " << step;
            ref.erase(ref.begin());
            now = ev.key.m_ts;
            popped++;
        }
    }
    while (!ref.empty())
    {
        Scheduler::Event ev = heap->RemoveNext();
        ASSERT_EQ(ev.key.m_ts, ref.begin()->first);
        ASSERT_EQ(ev.key.m_uid, ref.begin()->second);
        ref.erase(ref.begin());
        popped++;
    }
    EXPECT_TRUE(heap->IsEmpty());
    EXPECT_GT(beyondWheel, 20000u);
    EXPECT_GT(popped, 150000u);
}
