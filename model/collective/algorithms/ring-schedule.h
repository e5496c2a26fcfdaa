/*
 * The ring schedule that every ring collective is made of: passes of blocks around the ring,
 * or a chain from the root.
 */
#ifndef FABRIC_RING_SCHEDULE_H
#define FABRIC_RING_SCHEDULE_H

#include "model/collective/collective-algorithm.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/// One pass of a ring schedule.
struct RingPass
{
    enum Kind
    {
        /// n - 1 steps; at step t of the pass the rank at ring position p sends block
        /// p + offset - t (mod n, of S/n) to the next position and receives block
        /// p + offset - t - 1 from the previous one
        BLOCKS,
        /// 2 steps: every rank but the root receives the whole lane from the previous
        /// position, then every rank but the last passes it on (the next rank's first step)
        CHAIN,
    };

    Kind kind;      //!< what the pass moves
    int offset {0}; //!< BLOCKS: the block a rank sends first, relative to its position
};

/**
 * @brief A ring collective as a list of passes: all-gather is one pass of blocks (offset 0),
 * reduce-scatter one pass at offset -1 (position p ends with block p reduced), all-reduce a
 * pass at 0 then one at +1 (the all-gather of the reduced blocks), broadcast one chain.
 */
class RingSchedule : public CollectiveAlgorithm
{
public:
    uint32_t NumSteps(const CommShape& shape, uint32_t rank, uint32_t lane) const override;
    void GetStep(const CommShape& shape,
                 uint32_t rank,
                 uint32_t lane,
                 uint32_t step,
                 uint64_t laneBytes,
                 StepPlan& plan) const override;

protected:
    /// @param passes the passes, run one after the other
    explicit RingSchedule(std::vector<RingPass> passes);

private:
    /// @return steps of @p pass on @p n ranks
    static uint32_t PassSteps(const RingPass& pass, uint32_t n);

    std::vector<RingPass> m_passes; //!< the passes in order
};

} // namespace fabric
} // namespace ns3

#endif
