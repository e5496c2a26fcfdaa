/*
 * ns-3 attribute defaults an experiment sets for its run (YAML key `attributes`).
 */
#include "attribute-defaults.h"

#include "config/units.h"
#include "config/yaml-error.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/queue-size.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

namespace
{

/// The attribute @p name names, or what is wrong with the name.
struct Lookup
{
    TypeId tid;                           //!< its TypeId
    TypeId::AttributeInformation info {}; //!< the attribute (zeroed: its enums are read)
    std::string error;                    //!< non-empty when not found
};

Lookup
Find(const std::string& name)
{
    Lookup l;
    std::size_t sep = name.rfind("::");
    if (sep == std::string::npos || sep == 0 || sep + 2 >= name.size())
    {
        l.error = "'" + name + "' is not TypeId::Attribute (e.g. ns3::fabric::RdmaNic::AckDscp)";
        return l;
    }
    std::string tidName = name.substr(0, sep);
    std::string attribute = name.substr(sep + 2);
    if (!TypeId::LookupByNameFailSafe(tidName, &l.tid))
    {
        std::vector<std::string> fabricTypes;
        for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
        {
            TypeId t = TypeId::GetRegistered(i);
            if (t.GetGroupName() == "Fabric")
            {
                fabricTypes.push_back(t.GetName());
            }
        }
        std::string match = ClosestMatch(tidName, fabricTypes);
        l.error = "no TypeId '" + tidName + "'"
                + (match.empty() ? " (this project's TypeIds: any example --PrintGroup=Fabric)"
                                 : "; did you mean '" + match + "'?");
        return l;
    }
    std::vector<std::string> known;
    for (TypeId t = l.tid;; t = t.GetParent())
    {
        for (uint32_t i = 0; i < t.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = t.GetAttribute(i);
            if (info.name == attribute)
            {
                if (t == l.tid)
                {
                    l.info = info;
                    return l;
                }
                // Config::SetDefault only reaches attributes a TypeId declares itself.
                l.error = "'" + attribute + "' is declared by " + t.GetName() + "; write "
                        + t.GetName() + "::" + attribute;
                return l;
            }
            known.push_back(info.name);
        }
        if (t.GetParent() == t)
        {
            break;
        }
    }
    l.error = tidName + " has no attribute '" + attribute + "'" + SuggestionFor(attribute, known);
    return l;
}

/**
 * @return the value @p text gives attribute @p l, or null with @p why set
 */
Ptr<AttributeValue>
Parse(const Lookup& l, const std::string& text, std::string* why)
{
    // Checkers name their value types with or without the namespace.
    std::string type = l.info.checker->GetValueTypeName();
    if (type.rfind("ns3::", 0) == 0)
    {
        type = type.substr(5);
    }
    if (type == "TimeValue")
    {
        if (auto t = ParseTime(text))
        {
            return l.info.checker->CreateValidValue(TimeValue(*t));
        }
        *why = "expected a time with its unit, e.g. 600ns or 2us";
        return nullptr;
    }
    if (type == "DataRateValue")
    {
        if (auto r = ParseDataRate(text))
        {
            return l.info.checker->CreateValidValue(DataRateValue(*r));
        }
        *why = "expected a rate with its unit, e.g. 400Gbps";
        return nullptr;
    }
    if (type == "QueueSizeValue")
    {
        auto b = ParseBytes(text);
        if (b && *b <= UINT32_MAX)
        {
            return l.info.checker->CreateValidValue(
                QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, static_cast<uint32_t>(*b))));
        }
        *why = "expected a size with its unit, below 4 GiB, e.g. 128MiB";
        return nullptr;
    }
    // ns-3's own parsers of numbers abort on bad text, so numbers, booleans and enum names
    // are checked here before the checker sees them.
    const std::string expected = l.info.checker->GetUnderlyingTypeInformation();
    Ptr<AttributeValue> v;
    errno = 0;
    char* end = nullptr;
    if (type == "UintegerValue" && !text.empty() && text[0] != '-')
    {
        unsigned long long n = std::strtoull(text.c_str(), &end, 10);
        if (errno == 0 && end != text.c_str() && *end == '\0')
        {
            v = l.info.checker->CreateValidValue(UintegerValue(n));
        }
    }
    else if (type == "IntegerValue")
    {
        long long n = std::strtoll(text.c_str(), &end, 10);
        if (errno == 0 && end != text.c_str() && *end == '\0')
        {
            v = l.info.checker->CreateValidValue(IntegerValue(n));
        }
    }
    else if (type == "DoubleValue")
    {
        double x = std::strtod(text.c_str(), &end);
        if (errno == 0 && end != text.c_str() && *end == '\0' && std::isfinite(x))
        {
            v = l.info.checker->CreateValidValue(DoubleValue(x));
        }
    }
    else if (type == "BooleanValue")
    {
        if (text == "true" || text == "false")
        {
            v = l.info.checker->CreateValidValue(BooleanValue(text == "true"));
        }
    }
    else if (type == "EnumValue")
    {
        // The checker describes its names as "A|B|C".
        std::string names = "|" + expected + "|";
        if (!text.empty() && text.find('|') == std::string::npos
            && names.find("|" + text + "|") != std::string::npos)
        {
            v = l.info.checker->CreateValidValue(StringValue(text));
        }
    }
    else if (type == "StringValue")
    {
        v = l.info.checker->CreateValidValue(StringValue(text));
    }
    else
    {
        *why = "it holds a " + type
             + ", which cannot be set from a file (numbers, booleans, names, times, rates "
               "and sizes can)";
        return nullptr;
    }
    if (!v)
    {
        *why = "expected " + (type == "BooleanValue" ? std::string("true or false") : expected);
    }
    return v;
}

/**
 * @return the value @p text gives attribute @p name, or null with @p why set and @p inValue
 * saying whether the value (else the name) is at fault; @p l receives the attribute
 */
Ptr<AttributeValue>
Resolve(
    const std::string& name, const std::string& text, Lookup& l, std::string* why, bool* inValue)
{
    l = Find(name);
    *inValue = false;
    if (!l.error.empty())
    {
        *why = l.error;
        return nullptr;
    }
    if ((l.info.flags & TypeId::ATTR_CONSTRUCT) == 0)
    {
        *why = name + " cannot be set at construction";
        return nullptr;
    }
    Ptr<AttributeValue> v = Parse(l, text, why);
    if (!v)
    {
        *inValue = true;
        *why = "'" + text + "' is not a valid " + name + ": " + *why;
    }
    return v;
}

} // namespace

std::string
CheckAttributeDefault(const std::string& name, const std::string& text, bool* inValue)
{
    Lookup l {};
    std::string why;
    bool valueAtFault = false;
    Resolve(name, text, l, &why, &valueAtFault);
    if (inValue)
    {
        *inValue = valueAtFault;
    }
    return why;
}

std::string
SetAttributeDefault(const std::string& name, const std::string& text)
{
    Lookup l {};
    std::string why;
    bool inValue = false;
    Ptr<AttributeValue> v = Resolve(name, text, l, &why, &inValue);
    if (!v)
    {
        return why;
    }
    Config::SetDefault(name, *v);
    return "";
}

AttributeDefaults::AttributeDefaults(const std::map<std::string, std::string>& defaults)
{
    // Every value is parsed before any default changes, so a bad entry changes nothing.
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> values;
    for (const auto& [name, text] : defaults)
    {
        Lookup l {};
        std::string why;
        bool inValue = false;
        Ptr<AttributeValue> v = Resolve(name, text, l, &why, &inValue);
        if (!v)
        {
            throw std::invalid_argument("attribute " + name + ": " + why);
        }
        values.emplace_back(name, v);
        m_saved.emplace_back(name, l.info.initialValue);
    }
    for (const auto& [name, v] : values)
    {
        Config::SetDefault(name, *v);
    }
}

AttributeDefaults::~AttributeDefaults()
{
    for (auto it = m_saved.rbegin(); it != m_saved.rend(); ++it)
    {
        Config::SetDefault(it->first, *it->second);
    }
}

} // namespace fabric
} // namespace ns3
