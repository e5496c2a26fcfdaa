/*
 * PXN all-to-all schedule (NCCL 2.12): NVLink to the GPU on the destination's rail, then the rail.
 */
#ifndef FABRIC_PXN_ALL_TO_ALL_H
#define FABRIC_PXN_ALL_TO_ALL_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief PXN all-to-all over a server-major communicator of N servers with m ranks each.
 * Step 0 (NVLink): rank (a, i) hands local rank (a, j) everything it has for local index j
 * on every server (including (a, j) itself). Step 1 (network, one rail): rank (a, i) sends
 * to each (b, i), b != a, the blocks of all m local ranks for (b, i), aggregated into one
 * message. Only same-rail connections cross the network (N - 1 peers per NIC instead of
 * n - 1), and small blocks are aggregated m at a time. With m = 1 it is the direct
 * all-to-all.
 */
class PxnAllToAll : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::ALL_TO_ALL; }

    std::string GetName() const override { return "pxn"; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;
};

} // namespace fabric
} // namespace ns3

#endif
