/*
 * A list of fabric profiles as a program's flag gives it.
 */
#include "profile-list.h"

#include "config/units.h"

namespace ns3
{
namespace fabric
{

std::string
ParseProfileList(const std::string& text,
                 char separator,
                 const std::string& what,
                 const std::string& flag,
                 std::vector<FabricProfile>* profiles)
{
    profiles->clear();
    for (const auto& item : SplitList(text, separator))
    {
        FabricProfile p;
        std::string why = FabricProfile::FromVariant(item, &p);
        if (!why.empty())
        {
            return what + " '" + item + "': " + why;
        }
        profiles->push_back(p);
    }
    return profiles->empty() ? flag + " names no profile" : "";
}

std::vector<std::string>
ProfileNames(const std::vector<FabricProfile>& profiles)
{
    std::vector<std::string> names;
    for (const auto& p : profiles)
    {
        names.push_back(p.name);
    }
    return names;
}

} // namespace fabric
} // namespace ns3
