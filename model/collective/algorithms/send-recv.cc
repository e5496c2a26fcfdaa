/*
 * Point-to-point send/receive schedule (nccl-tests sendrecv, pipeline-parallel transfers).
 */
#include "send-recv.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <random>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("SendRecv");
NS_OBJECT_ENSURE_REGISTERED(SendRecv);

TypeId
SendRecv::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::SendRecv")
              .SetParent<CollectiveAlgorithm>()
              .SetGroupName("Fabric")
              .AddConstructor<SendRecv>()
              .AddAttribute("Shift",
                            "Rank r sends to r + Shift and receives from r - Shift.",
                            UintegerValue(1),
                            MakeUintegerAccessor(&SendRecv::m_shift),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("Wrap",
                            "Wrap the shift around the communicator (false: the last ranks "
                            "only receive, the first only send).",
                            BooleanValue(true),
                            MakeBooleanAccessor(&SendRecv::m_wrap),
                            MakeBooleanChecker())
              .AddAttribute("Permutation",
                            "Peers from a random cyclic permutation of the ranks instead of "
                            "the shift (the permutation workload).",
                            BooleanValue(false),
                            MakeBooleanAccessor(&SendRecv::m_permutation),
                            MakeBooleanChecker())
              .AddAttribute("PermutationSeed",
                            "Seed of the permutation.",
                            UintegerValue(1),
                            MakeUintegerAccessor(&SendRecv::m_permutationSeed),
                            MakeUintegerChecker<uint64_t>());
    return tid;
}

uint32_t
SendRecv::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    if (m_permutation)
    {
        return shape.ranks > 1 ? 1 : 0;
    }
    return shape.ranks > 1 && m_shift % shape.ranks != 0 ? 1 : 0;
}

void
SendRecv::Draw(uint32_t ranks) const
{
    if (m_to.size() == ranks && m_drawnSeed == m_permutationSeed)
    {
        return;
    }
    m_drawnSeed = m_permutationSeed;
    // Sattolo's shuffle: a uniformly random permutation with a single cycle.
    m_to.resize(ranks);
    for (uint32_t i = 0; i < ranks; ++i)
    {
        m_to[i] = i;
    }
    std::mt19937_64 rng(m_permutationSeed);
    for (uint32_t i = ranks; i > 1; --i)
    {
        std::swap(m_to[i - 1], m_to[rng() % (i - 1)]);
    }
    m_from.assign(ranks, 0);
    for (uint32_t i = 0; i < ranks; ++i)
    {
        m_from[m_to[i]] = i;
    }
}

uint32_t
SendRecv::SendPeer(uint32_t rank, uint32_t ranks) const
{
    if (m_permutation)
    {
        Draw(ranks);
        return m_to[rank];
    }
    return (rank + m_shift % ranks) % ranks;
}

uint32_t
SendRecv::RecvPeer(uint32_t rank, uint32_t ranks) const
{
    if (m_permutation)
    {
        Draw(ranks);
        return m_from[rank];
    }
    return (rank + ranks - m_shift % ranks) % ranks;
}

void
SendRecv::GetStep(const CommShape& shape,
                  uint32_t rank,
                  uint32_t,
                  uint32_t,
                  uint64_t laneBytes,
                  StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t shift = m_shift % n;
    if (m_permutation || m_wrap || rank + shift < n)
    {
        plan.Send(SendPeer(rank, n), laneBytes);
    }
    if (m_permutation || m_wrap || rank >= shift)
    {
        plan.Recv(RecvPeer(rank, n), laneBytes);
    }
}

} // namespace fabric
} // namespace ns3
