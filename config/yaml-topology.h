/*
 * Topology files: YAML <-> TopologyConfig (TopologySpec + switch attributes + GPU types).
 */
#ifndef FABRIC_YAML_TOPOLOGY_H
#define FABRIC_YAML_TOPOLOGY_H

#include "config/experiment-spec.h"
#include "config/yaml-error.h"

#include <string>

namespace ns3
{
namespace fabric
{

/**
 * Read a topology file (schema: README, "Topology files"). Every quantity needs its unit;
 * unknown keys, wrong types and specs that TopologySpec::Validate rejects are errors.
 * @param path the file
 * @return the topology
 * @throws SpecError with file:line:column and the expected form
 */
TopologyConfig ReadTopologyFile(const std::string& path);

/**
 * Read a topology from YAML text.
 * @param text the YAML document
 * @param name the file name used in messages
 * @throws SpecError
 */
TopologyConfig ReadTopologyText(const std::string& text, const std::string& name);

/// @return @p topology as a YAML document that ReadTopologyText reads back to equal values
std::string WriteTopologyYaml(const TopologyConfig& topology);

} // namespace fabric
} // namespace ns3

#endif
