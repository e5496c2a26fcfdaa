/*
 * Sweep files: an experiment plus named axes, expanded into numbered points.
 */
#ifndef FABRIC_YAML_SWEEP_H
#define FABRIC_YAML_SWEEP_H

#include "config/sweep-spec.h"
#include "config/yaml-error.h"

#include <string>

namespace ns3
{
namespace fabric
{

/**
 * Read a sweep file (schema: README, "Sweep files"): the keys of an experiment file plus
 * `axes`, a map from an axis name (a short alias such as `profile`, `size`, `gpus`, `seed`,
 * or a dotted path such as `topology.hostLink.delay`) to a list of values. Every point is
 * read and checked here, so a bad value is reported before anything runs.
 * An experiment file without axes is a sweep of one point.
 * @throws SpecError with file:line:column and the expected form
 */
SweepSpec ReadSweepFile(const std::string& path);

/// Read a sweep from YAML text; @p name is used in messages and to resolve relative paths.
SweepSpec ReadSweepText(const std::string& text, const std::string& name);

} // namespace fabric
} // namespace ns3

#endif
