/*
 * NodeOrderScheduler: same-time events in the order of their nodes, each node's own events in
 * insertion order, then its frame arrivals by port, whatever the order of insertion.
 */
#include "model/sim/node-order-scheduler.h"

#include "ns3/ptr.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

namespace ns3
{
namespace fabric
{
namespace
{

/// An arrival at a port (never run).
class TestArrival : public PortArrivalEvent
{
public:
    explicit TestArrival(uint32_t port)
        : m_port(port)
    {
    }

    uint32_t GetPortIndex() const override { return m_port; }

protected:
    void Notify() override {}

private:
    uint32_t m_port;
};

struct Spec
{
    uint64_t ts;
    uint32_t context;
    bool arrival;
    uint32_t uidOrPort;
};

TEST(NodeOrderScheduler, SameTimeEventsRunByNodeThenOwnOrderThenArrivalsByPortWhateverTheInsertion)
{
    // Three times, three nodes plus set-up events without a node, a mix of both kinds.
    std::vector<Spec> specs;
    uint32_t uid = 10;
    for (uint64_t ts : {5u, 7u, 9u})
    {
        for (uint32_t context : {2u, 0u, uint32_t(Simulator::NO_CONTEXT), 1u})
        {
            for (uint32_t k = 0; k < 3; ++k)
            {
                specs.push_back({ts, context, false, uid++});
            }
            if (context != Simulator::NO_CONTEXT)
            {
                for (uint32_t port : {4u, 0u, 2u})
                {
                    specs.push_back({ts, context, true, port});
                }
            }
        }
    }
    // The rule, written out: time; node (no node last); the node's events by uid; its
    // arrivals by port.
    std::vector<Spec> expected = specs;
    std::sort(expected.begin(), expected.end(), [](const Spec& a, const Spec& b) {
        return std::make_tuple(a.ts, a.context, a.arrival, a.uidOrPort)
             < std::make_tuple(b.ts, b.context, b.arrival, b.uidOrPort);
    });
    ASSERT_EQ(expected.front().context, 0u);
    ASSERT_EQ(expected[5].context, 0u);
    ASSERT_EQ(expected[6].context, 1u);
    ASSERT_TRUE(expected[3].arrival); // node 0's arrivals after its own events

    std::mt19937 rng(7);
    std::vector<Ptr<TestArrival>> keep; // the arrival events stay alive
    for (int trial = 0; trial < 5; ++trial)
    {
        std::vector<Spec> shuffled = specs;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        NodeOrderScheduler s;
        uint32_t arrivalUid = 1000; // arrivals get uids too; the order must not use them
        for (const Spec& sp : shuffled)
        {
            Scheduler::Event ev;
            ev.key.m_ts = sp.ts;
            ev.key.m_context = sp.context;
            ev.impl = nullptr;
            ev.key.m_uid = sp.uidOrPort;
            if (sp.arrival)
            {
                keep.push_back(Create<TestArrival>(sp.uidOrPort));
                ev.impl = PeekPointer(keep.back());
                ev.key.m_uid = arrivalUid--; // later insertions get smaller uids here
            }
            s.Insert(ev);
        }
        for (const Spec& want : expected)
        {
            ASSERT_FALSE(s.IsEmpty());
            Scheduler::Event ev = s.RemoveNext();
            EXPECT_EQ(ev.key.m_ts, want.ts);
            EXPECT_EQ(ev.key.m_context, want.context);
            auto* arrival = dynamic_cast<TestArrival*>(ev.impl);
            ASSERT_EQ(arrival != nullptr, want.arrival);
            EXPECT_EQ(arrival ? arrival->GetPortIndex() : ev.key.m_uid, want.uidOrPort);
        }
        EXPECT_TRUE(s.IsEmpty());
    }
}

TEST(NodeOrderScheduler, RemovesTheEventAskedFor)
{
    NodeOrderScheduler s;
    Ptr<TestArrival> a = Create<TestArrival>(3);
    Scheduler::Event first;
    first.impl = nullptr;
    first.key.m_ts = 4;
    first.key.m_uid = 1;
    first.key.m_context = 0;
    Scheduler::Event second = first;
    second.key.m_uid = 2;
    Scheduler::Event arrival = first;
    arrival.key.m_uid = 3;
    arrival.impl = PeekPointer(a);
    s.Insert(first);
    s.Insert(arrival);
    s.Insert(second);
    s.Remove(second);
    EXPECT_EQ(s.RemoveNext().key.m_uid, 1u);
    EXPECT_EQ(s.PeekNext().impl, PeekPointer(a));
    s.Remove(arrival);
    EXPECT_TRUE(s.IsEmpty());
}

} // namespace
} // namespace fabric
} // namespace ns3
