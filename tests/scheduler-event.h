/*
 * A scheduler event for the event-queue and scheduler tests: a timestamp and a uid, no
 * implementation (the queues order events by key and never look at it).
 */
#ifndef FABRIC_TEST_SCHEDULER_EVENT_H
#define FABRIC_TEST_SCHEDULER_EVENT_H

#include "ns3/scheduler.h"

#include <cstdint>

namespace ns3
{
namespace fabric
{
namespace test
{

/// @return an event at time step @p ts with uid @p uid
inline Scheduler::Event
EventAt(uint64_t ts, uint32_t uid)
{
    Scheduler::Event ev;
    ev.impl = nullptr;
    ev.key.m_ts = ts;
    ev.key.m_uid = uid;
    ev.key.m_context = 0;
    return ev;
}

} // namespace test
} // namespace fabric
} // namespace ns3

#endif
