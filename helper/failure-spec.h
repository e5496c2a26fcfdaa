/*
 * A failure or degradation of cables, as the examples' flags and the YAML readers give it.
 */
#ifndef FABRIC_FAILURE_SPEC_H
#define FABRIC_FAILURE_SPEC_H

#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{
namespace fabric
{

/**
 * @brief One condition on a set of cables of the GPU fabric.
 *
 * Without a rate or a loss the cables fail (both ends down: frames on them are lost with the
 * reason link-down); with either, they stay up and are degraded. `at` and `until` are
 * simulated times from the start of the simulation; without `at` the condition holds from
 * before the run, and for a failure every switch already knows it (routes converged).
 */
struct FailureSpec
{
    /// Which cables, a comma-separated list of selectors:
    /// - `leaf3-spine1`: every cable between the two switches;
    /// - `leaf3:64`: the cable on port 64 of leaf3;
    /// - `spine1`: every cable of the switch (a switch failure);
    /// - `gpu17`: the cable of GPU 17's NIC;
    /// - `TIER:P%` or `TIER:N` with TIER gpu-leaf | leaf-spine | spine-core: that share (or
    ///   number) of the tier's cables, drawn with the seed.
    /// Switches are named by tier (leafN, spineN, coreN: N counts the tier's switches in
    /// fabric order), as in the link monitor's CSVs.
    std::string links;
    std::optional<Time> at;    //!< start; none: before the run
    std::optional<Time> until; //!< end (cables back up, or back to full rate); none: never
    uint64_t rateBps {0};      //!< degrade to this line rate (0: not degraded)
    double loss {0};           //!< degrade: probability that a frame is lost (0: none)
    std::string where;         //!< where it was given ("file.yaml:12", "--failLinks"), for errors

    /// @return true when the cables are degraded rather than failed
    bool IsDegradation() const { return rateBps > 0 || loss > 0; }

    /// @return "fail leaf-spine:10% before the run", "degrade leaf0-spine1 to 200 Gb/s ..."
    std::string Describe() const;
};

} // namespace fabric
} // namespace ns3

#endif
