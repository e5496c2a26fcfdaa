/*
 * A sweep: a base experiment and named axes, expanded into numbered points (plain structs).
 */
#ifndef FABRIC_SWEEP_SPEC_H
#define FABRIC_SWEEP_SPEC_H

#include "config/experiment-spec.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace fabric
{

/// One named axis of a sweep and its values.
struct SweepAxis
{
    std::string name;                //!< as written in the file ("profile", "topology.gpus")
    std::vector<std::string> paths;  //!< dotted experiment paths it sets
    std::vector<std::string> values; //!< the values as written (flow YAML for maps and lists)
};

/// One point of a sweep: a complete experiment.
struct SweepPoint
{
    uint32_t index {0}; //!< position in the expansion (first axis varies slowest)
    std::string id;     //!< hash of every parameter of the experiment (12 hex digits)
    std::vector<std::pair<std::string, std::string>> values; //!< axis name -> value
    ExperimentSpec spec;                                     //!< the experiment

    /// @return "profile=standard size=2MiB" ("base" for a sweep without axes)
    std::string Label() const;
};

/// A sweep file, expanded.
struct SweepSpec
{
    std::string file;               //!< the sweep file
    std::string name;               //!< the experiment name ("" when not given)
    std::vector<SweepAxis> axes;    //!< in file order
    std::vector<SweepPoint> points; //!< the cross product of the axes, in a stable order

    /// @return the point with id @p id, or null
    const SweepPoint* FindById(const std::string& id) const;
};

/**
 * @return a stable identifier of @p spec: 12 hex digits of the FNV-1a hash of its canonical
 * YAML without the outputs section (so the same parameters give the same id in any sweep)
 */
std::string ExperimentId(const ExperimentSpec& spec);

/// @return the short axis names and the dotted paths each one sets
const std::vector<std::pair<std::string, std::vector<std::string>>>& SweepAxisAliases();

/// Most points a sweep may expand to.
constexpr std::size_t MAX_SWEEP_POINTS = 10000;

} // namespace fabric
} // namespace ns3

#endif
