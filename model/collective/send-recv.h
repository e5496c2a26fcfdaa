/*
 * Point-to-point send/receive schedule (nccl-tests sendrecv, pipeline-parallel transfers).
 */
#ifndef FABRIC_SEND_RECV_H
#define FABRIC_SEND_RECV_H

#include "collective-algorithm.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief Send/receive: rank r sends S bytes to rank r + Shift and receives S bytes from
 * r - Shift in one step (nccl-tests sendrecv with Shift 1). With Wrap false the shift does
 * not wrap around: the last Shift ranks only receive and the first only send, so a
 * two-rank communicator {a, b} with Wrap false is one transfer a -> b (a pipeline stage
 * handing activations to the next).
 */
class SendRecv : public CollectiveAlgorithm
{
public:
    static TypeId GetTypeId();

    CollectiveOp GetOp() const override { return CollectiveOp::SEND_RECV; }

    std::string GetName() const override { return "p2p"; }

    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

private:
    uint32_t m_shift {1}; //!< distance to the peer
    bool m_wrap {true};   //!< wrap around the communicator
};

} // namespace fabric
} // namespace ns3

#endif
