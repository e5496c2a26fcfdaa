/*
 * Strategies (routing policies, congestion controls) by the short name each gives itself.
 */
#ifndef FABRIC_STRATEGY_NAMES_H
#define FABRIC_STRATEGY_NAMES_H

#include "ns3/object-factory.h"
#include "ns3/type-id.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * The short names of the strategies derived from @p Base: every TypeId registered as a child
 * of Base with a constructor is made once and asked its GetName(), so a strategy in a user's
 * own library is found as the built-in ones are, with no table to extend.
 * @return short name -> TypeId name, in name order
 */
template<class Base>
const std::map<std::string, std::string>&
StrategyNames()
{
    static const std::map<std::string, std::string> names = [] {
        std::map<std::string, std::string> m;
        TypeId base = Base::GetTypeId();
        for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
        {
            TypeId tid = TypeId::GetRegistered(i);
            if (tid != base && tid.IsChildOf(base) && tid.HasConstructor())
            {
                ObjectFactory factory(tid.GetName());
                m.emplace(factory.Create<Base>()->GetName(), tid.GetName());
            }
        }
        return m;
    }();
    return names;
}

/// @return the TypeId name of the @p Base strategy called @p name (its GetName(), or its full
/// TypeId name); "" when there is none
template<class Base>
std::string
StrategyTypeId(const std::string& name)
{
    const auto& names = StrategyNames<Base>();
    if (auto it = names.find(name); it != names.end())
    {
        return it->second;
    }
    TypeId tid;
    if (TypeId::LookupByNameFailSafe(name, &tid) && tid.IsChildOf(Base::GetTypeId()))
    {
        return name;
    }
    return "";
}

/// @return the short names of the @p Base strategies, joined by ", " (for messages)
template<class Base>
std::string
StrategyNameList()
{
    std::string list;
    for (const auto& [name, tid] : StrategyNames<Base>())
    {
        list += (list.empty() ? "" : ", ") + name;
    }
    return list;
}

} // namespace fabric
} // namespace ns3

#endif
