/*
 * A list of fabric profiles as a program's flag gives it: "standard,spectrum-x/cc=none".
 */
#ifndef FABRIC_PROFILE_LIST_H
#define FABRIC_PROFILE_LIST_H

#include "helper/fabric-profile.h"

#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * Read a list of profiles, each a name with /key=value overrides (FabricProfile::FromVariant).
 * @param text the list
 * @param separator between profiles (',' or ';'); spaces around each are ignored
 * @param what what one is called in messages ("profile", "variant")
 * @param flag the flag that gave the list ("--profile")
 * @param profiles filled in order
 * @return "" on success, else "WHAT 'ITEM': why" or "FLAG names no profile"
 */
std::string ParseProfileList(const std::string& text,
                             char separator,
                             const std::string& what,
                             const std::string& flag,
                             std::vector<FabricProfile>* profiles);

/// @return the names of @p profiles, in order
std::vector<std::string> ProfileNames(const std::vector<FabricProfile>& profiles);

} // namespace fabric
} // namespace ns3

#endif
