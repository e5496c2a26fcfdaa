/*
 * The ring schedule that every ring collective is made of.
 */
#include "ring-schedule.h"

namespace ns3
{
namespace fabric
{

RingSchedule::RingSchedule(std::vector<RingPass> passes)
    : m_passes(std::move(passes))
{
}

uint32_t
RingSchedule::PassSteps(const RingPass& pass, uint32_t n)
{
    return pass.kind == RingPass::CHAIN ? 2 : n - 1;
}

uint32_t
RingSchedule::NumSteps(const CommShape& shape, uint32_t, uint32_t) const
{
    if (shape.ranks <= 1)
    {
        return 0;
    }
    uint32_t steps = 0;
    for (const RingPass& pass : m_passes)
    {
        steps += PassSteps(pass, shape.ranks);
    }
    return steps;
}

void
RingSchedule::GetStep(const CommShape& shape,
                      uint32_t rank,
                      uint32_t lane,
                      uint32_t step,
                      uint64_t laneBytes,
                      StepPlan& plan) const
{
    uint32_t n = shape.ranks;
    uint32_t first = 0; // the pass's first step
    for (const RingPass& pass : m_passes)
    {
        uint32_t steps = PassSteps(pass, n);
        if (step >= first + steps)
        {
            first += steps;
            continue;
        }
        uint32_t t = step - first;
        uint32_t p = RingPosOf(shape, lane, rank);
        uint32_t next = RingRankAt(shape, lane, (p + 1) % n);
        uint32_t prev = RingRankAt(shape, lane, (p + n - 1) % n);
        if (pass.kind == RingPass::CHAIN)
        {
            uint32_t k = (p + n - RingPosOf(shape, lane, shape.root)) % n; // hops from the root
            if (t == 0 && k > 0)
            {
                plan.Recv(prev, laneBytes);
            }
            if (t == 1 && k + 1 < n)
            {
                plan.Send(next, laneBytes, first); // received in the next rank's first step
            }
            return;
        }
        auto block = [n](int64_t b) {
            return static_cast<uint32_t>(((b % n) + n) % n);
        };
        int64_t sendBlock = int64_t(p) + pass.offset - int64_t(t);
        plan.Send(next, Share(laneBytes, n, block(sendBlock)));
        plan.Recv(prev, Share(laneBytes, n, block(sendBlock - 1)));
        return;
    }
}

} // namespace fabric
} // namespace ns3
