/*
 * Point-to-point send/receive schedule (nccl-tests sendrecv, pipeline-parallel transfers).
 */
#include "send-recv.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

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
                            MakeBooleanChecker());
    return tid;
}

uint32_t
SendRecv::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    return shape.ranks > 1 && m_shift % shape.ranks != 0 ? 1 : 0;
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
    if (m_wrap || rank + shift < n)
    {
        plan.Send((rank + shift) % n, laneBytes);
    }
    if (m_wrap || rank >= shift)
    {
        plan.Recv((rank + n - shift) % n, laneBytes);
    }
}

} // namespace fabric
} // namespace ns3
