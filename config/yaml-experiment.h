/*
 * Experiment files: YAML <-> ExperimentSpec (topology file or inline, workload, profile with
 * overrides, seed, limits, outputs).
 */
#ifndef FABRIC_YAML_EXPERIMENT_H
#define FABRIC_YAML_EXPERIMENT_H

#include "config/experiment-spec.h"
#include "config/yaml-error.h"

#include <string>

namespace ns3
{
namespace fabric
{

/**
 * Read an experiment file (schema: README, "Experiment files"). A topology named by file is
 * resolved relative to the experiment file's directory.
 * @throws SpecError with file:line:column and the expected form
 */
ExperimentSpec ReadExperimentFile(const std::string& path);

/**
 * Read an experiment from YAML text.
 * @param text the document
 * @param name file name used in messages and to resolve relative paths
 * @throws SpecError
 */
ExperimentSpec ReadExperimentText(const std::string& text, const std::string& name);

/**
 * @param spec the experiment
 * @param withOutputs also write the outputs section
 * @return @p spec as a YAML document (topology inline) that ReadExperimentText reads back to
 * equal values
 */
std::string WriteExperimentYaml(const ExperimentSpec& spec, bool withOutputs = true);

/// @return true when every field of @p a and @p b is equal (the round-trip check)
bool SameExperiment(const ExperimentSpec& a, const ExperimentSpec& b);

/// @return true when every field of @p a and @p b is equal
bool SameTopology(const TopologyConfig& a, const TopologyConfig& b);

} // namespace fabric
} // namespace ns3

#endif
