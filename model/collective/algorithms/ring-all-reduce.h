/*
 * Ring all-reduce schedule.
 */
#ifndef FABRIC_RING_ALL_REDUCE_H
#define FABRIC_RING_ALL_REDUCE_H

#include "model/collective/algorithms/ring-schedule.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ring all-reduce (NCCL "ring"): a reduce-scatter of n - 1 steps then an all-gather of
 * n - 1 steps around the ring; each step moves one block of S/n to the next rank. Every rank
 * sends 2(n-1)/n * S bytes.
 */
class RingAllReduce : public RingSchedule
{
public:
    static TypeId GetTypeId();

    RingAllReduce();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_REDUCE; }

    std::string GetName() const override { return "ring"; }
};

} // namespace fabric
} // namespace ns3

#endif
