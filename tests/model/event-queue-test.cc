/*
 * fabric's event queue on its own (the timing wheel, the run being taken out and the far
 * heap): events leave in (timestamp, uid) order whichever part holds them, across bucket and
 * wheel boundaries, with events added at the current time while a bucket is being taken out,
 * and Remove finds an event wherever it waits.
 */
#include "model/sim/event-queue.h"
#include "scheduler-event.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <set>
#include <utility>

using namespace ns3;
using namespace ns3::fabric;
using ns3::fabric::test::EventAt;

namespace
{

// The wheel's geometry as documented in event-queue.h: a bucket spans 2^8 time steps and the
// wheel 16384 buckets; later events wait in the far heap.
constexpr uint64_t BUCKET = 256;
constexpr uint64_t WHEEL = 16384 * BUCKET;

/// The queue beside a std::set of (timestamp, uid): every event taken out must be the set's
/// earliest.
class Checked
{
public:
    void Insert(uint64_t ts)
    {
        q.Insert(EventAt(ts, uid));
        ref.emplace(ts, uid);
        uid++;
    }

    /// Take the earliest event out; @return false (after reporting) if it is not the
    /// reference's earliest or the queue is empty (the reference loses its earliest either way).
    bool PopAndCheck()
    {
        auto expected = *ref.begin();
        ref.erase(ref.begin());
        if (q.IsEmpty())
        {
            ADD_FAILURE() << "empty, expected (" << expected.first << ", " << expected.second
                          << ")";
            return false;
        }
        EventQueue::Event top = q.Top();
        EventQueue::Event ev = q.Pop();
        now = ev.key.m_ts;
        EXPECT_EQ(top.key.m_ts, ev.key.m_ts);
        EXPECT_EQ(top.key.m_uid, ev.key.m_uid);
        EXPECT_EQ(ev.key.m_ts, expected.first);
        EXPECT_EQ(ev.key.m_uid, expected.second);
        return ev.key.m_ts == expected.first && ev.key.m_uid == expected.second
            && top.key.m_uid == ev.key.m_uid;
    }

    EventQueue q;
    std::set<std::pair<uint64_t, uint32_t>> ref;
    uint32_t uid {0};
    uint64_t now {0};
};

} // namespace

TEST(EventQueue, SameTimestampLeavesInUidOrderAndBucketsInTimeOrder)
{
    Checked c;
    // Three events at one time step, inserted with rising uids, and events on both sides of
    // bucket boundaries, inserted out of order.
    for (uint64_t ts : std::initializer_list<uint64_t> {BUCKET * 3 + 5,
                                                        BUCKET - 1,
                                                        BUCKET * 3 + 5,
                                                        BUCKET,
                                                        0,
                                                        BUCKET * 3 + 5,
                                                        BUCKET * 2 - 1,
                                                        BUCKET * 2})
    {
        c.Insert(ts);
    }
    while (!c.ref.empty() && c.PopAndCheck())
    {
    }
    EXPECT_TRUE(c.q.IsEmpty());
}

TEST(EventQueue, EventsBeyondTheWheelComeBackInOrderAfterItTurns)
{
    Checked c;
    // Events within the wheel, just past it, and several turns of it ahead.
    for (uint64_t ts : std::initializer_list<uint64_t> {
             WHEEL - 1, WHEEL, WHEEL + 1, 3 * WHEEL + 17, 10, WHEEL * 2, 7 * WHEEL})
    {
        c.Insert(ts);
    }
    c.PopAndCheck(); // 10
    // Now the wheel starts at slot 0 still; add more on both sides of its end.
    c.Insert(WHEEL - 2);
    c.Insert(WHEEL + 2);
    bool added = false;
    while (!c.ref.empty() && c.PopAndCheck())
    {
        if (c.ref.size() == 4 && !added)
        {
            added = true;
            // Part-way through: events after the current time, inside the new wheel and past it.
            c.Insert(c.now + 1);
            c.Insert(c.now + WHEEL + 3);
        }
    }
}

TEST(EventQueue, EventsAtTheCurrentTimeJoinTheBucketBeingTakenOut)
{
    Checked c;
    for (uint32_t i = 0; i < 6; ++i)
    {
        c.Insert(BUCKET * 5 + 10 * i); // one bucket
    }
    c.PopAndCheck(); // takes the bucket out; now = 5 * BUCKET
    // As ScheduleNow and short delays do: at the current time (after the events already
    // there, by uid), and between the bucket's remaining events.
    c.Insert(c.now);
    c.Insert(c.now + 15);
    c.Insert(c.now + 10);
    while (!c.ref.empty() && c.PopAndCheck())
    {
    }
}

TEST(EventQueue, RemoveFindsAnEventWhereverItWaitsAndNothingElse)
{
    Checked c;
    for (uint64_t ts : std::initializer_list<uint64_t> {100, 100, 5 * BUCKET, WHEEL / 2, 4 * WHEEL})
    {
        c.Insert(ts);
    }
    c.PopAndCheck(); // (100, 0): the rest of its bucket is now the run being taken out
    // One from the run, one from the wheel, one from the far heap.
    for (auto key : {std::make_pair(uint64_t(100), 1u),
                     std::make_pair(WHEEL / 2, 3u),
                     std::make_pair(4 * WHEEL, 4u)})
    {
        EXPECT_TRUE(c.q.Remove(EventAt(key.first, key.second)));
        c.ref.erase(key);
        EXPECT_FALSE(c.q.Remove(EventAt(key.first, key.second))) << "removed twice";
    }
    EXPECT_FALSE(c.q.Remove(EventAt(5 * BUCKET, 99))) << "a uid never inserted";
    EXPECT_FALSE(c.q.Remove(EventAt(6 * BUCKET, 2))) << "a uid at another time";
    while (!c.ref.empty() && c.PopAndCheck())
    {
    }
    EXPECT_TRUE(c.q.IsEmpty());
}

TEST(EventQueue, MatchesASortedReferenceUnderRandomTraffic)
{
    // A simulator's pattern: mostly short delays (serialization, propagation), some timers in
    // the microseconds, a few beyond the wheel; removals of pending events now and then.
    std::mt19937_64 rng(42);
    Checked c;
    for (int step = 0; step < 200000; ++step)
    {
        uint64_t r = rng() % 100;
        if (r < 55 || c.ref.empty())
        {
            uint64_t kind = rng() % 100;
            uint64_t delay = kind < 70 ? rng() % 2000
                           : kind < 97 ? rng() % (WHEEL / 2)
                                       : WHEEL + rng() % (5 * WHEEL);
            c.Insert(c.now + delay);
        }
        else if (r < 95)
        {
            ASSERT_TRUE(c.PopAndCheck()) << "at step " << step;
        }
        else
        {
            auto it = c.ref.begin();
            std::advance(it, rng() % c.ref.size());
            ASSERT_TRUE(c.q.Remove(EventAt(it->first, it->second)));
            c.ref.erase(it);
        }
    }
    while (!c.ref.empty() && c.PopAndCheck())
    {
    }
    EXPECT_TRUE(c.q.IsEmpty());
}
