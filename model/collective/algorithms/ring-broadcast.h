/*
 * Pipelined ring broadcast schedule.
 */
#ifndef FABRIC_RING_BROADCAST_H
#define FABRIC_RING_BROADCAST_H

#include "model/collective/algorithms/ring-schedule.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Pipelined ring broadcast: the root's S bytes flow along the ring, chunk by chunk;
 * every rank but the last forwards each chunk as soon as it arrived. Step 0: receive from
 * the previous rank (not the root); step 1: send to the next (not the last rank).
 */
class RingBroadcast : public RingSchedule
{
public:
    static TypeId GetTypeId();

    RingBroadcast();

    CollectiveOp GetOp() const override { return CollectiveOp::BROADCAST; }

    std::string GetName() const override { return "ring"; }
};

} // namespace fabric
} // namespace ns3

#endif
