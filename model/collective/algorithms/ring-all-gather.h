/*
 * Ring all-gather schedule.
 */
#ifndef FABRIC_RING_ALL_GATHER_H
#define FABRIC_RING_ALL_GATHER_H

#include "model/collective/algorithms/ring-schedule.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ring all-gather: n - 1 steps, each forwarding one block of S/n (S = the gathered
 * output) to the next rank; every rank sends (n-1)/n * S bytes.
 */
class RingAllGather : public RingSchedule
{
public:
    static TypeId GetTypeId();

    RingAllGather();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_GATHER; }

    std::string GetName() const override { return "ring"; }
};

} // namespace fabric
} // namespace ns3

#endif
