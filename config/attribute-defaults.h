/*
 * ns-3 attribute defaults an experiment sets for its run (YAML key `attributes`).
 */
#ifndef FABRIC_ATTRIBUTE_DEFAULTS_H
#define FABRIC_ATTRIBUTE_DEFAULTS_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * Check one attribute default: @p name is "TypeId::Attribute" (e.g.
 * "ns3::fabric::RdmaNic::AckDscp"), declared by that TypeId itself, and @p text is a valid value
 * for it. Times, rates and sizes need their units (1us, 400Gbps, 128MiB); numbers, booleans,
 * enum names and strings are checked by the attribute's own checker. Attributes holding
 * objects, pointers or callbacks cannot be set this way.
 * @param inValue if not null, set to true when the value (not the name) is at fault
 * @return an empty string when valid, else what is wrong (for a SpecError)
 */
std::string CheckAttributeDefault(const std::string& name,
                                  const std::string& text,
                                  bool* inValue = nullptr);

/**
 * Check one attribute default as CheckAttributeDefault does and, if it is good, set it
 * (Config::SetDefault) for the rest of the process (the command line's --TypeId::Attribute=value).
 * @return an empty string when set, else what is wrong
 */
std::string SetAttributeDefault(const std::string& name, const std::string& text);

/**
 * @brief Sets attribute defaults (Config::SetDefault) for the life of the object and puts the
 * previous ones back when it is destroyed, so that one run's settings never leak into the next
 * run of the same process. Every entry must have passed CheckAttributeDefault.
 */
class AttributeDefaults
{
public:
    explicit AttributeDefaults(const std::map<std::string, std::string>& defaults);
    ~AttributeDefaults();
    AttributeDefaults(const AttributeDefaults&) = delete;
    AttributeDefaults& operator=(const AttributeDefaults&) = delete;

private:
    /// Attribute name -> the default it had before
    std::vector<std::pair<std::string, Ptr<const AttributeValue>>> m_saved;
};

} // namespace fabric
} // namespace ns3

#endif
