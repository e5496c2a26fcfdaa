/*
 * Ring reduce-scatter schedule.
 */
#ifndef FABRIC_RING_REDUCE_SCATTER_H
#define FABRIC_RING_REDUCE_SCATTER_H

#include "model/collective/algorithms/ring-schedule.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Ring reduce-scatter: n - 1 steps, each moving one block of S/n (S = the input of a
 * rank) to the next rank; every rank sends (n-1)/n * S bytes.
 */
class RingReduceScatter : public RingSchedule
{
public:
    static TypeId GetTypeId();

    RingReduceScatter();

    CollectiveOp GetOp() const override { return CollectiveOp::REDUCE_SCATTER; }

    std::string GetName() const override { return "ring"; }
};

} // namespace fabric
} // namespace ns3

#endif
