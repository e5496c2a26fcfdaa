/*
 * The example programs' command line, with every value checked before it is used.
 */
#include "command-line-flags.h"

#include "config/attribute-defaults.h"
#include "config/units.h"
#include "helper/result-writer.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>

namespace ns3
{
namespace fabric
{

namespace
{

/// ns-3's help and introspection flags, left to its CommandLine.
bool
IsHelpFlag(const std::string& name)
{
    static const char* const kHelp[] = {"help",
                                        "PrintHelp",
                                        "PrintGlobals",
                                        "PrintGroups",
                                        "PrintGroup",
                                        "PrintTypeIds",
                                        "PrintAttributes",
                                        "PrintVersion",
                                        "version"};
    return std::find(std::begin(kHelp), std::end(kHelp), name) != std::end(kHelp);
}

/// @return the whole number @p text writes, if it is one no larger than @p max
std::optional<uint64_t>
WholeNumber(const std::string& text, uint64_t max)
{
    if (text.empty() || text.size() > 20
        || !std::all_of(text.begin(), text.end(), [](unsigned char c) {
               return std::isdigit(c);
           }))
    {
        return std::nullopt;
    }
    errno = 0;
    unsigned long long n = std::strtoull(text.c_str(), nullptr, 10);
    if (errno != 0 || n > max)
    {
        return std::nullopt;
    }
    return n;
}

/// @return the bool @p text writes (true/false/t/f/1/0, any case, as ns-3's CommandLine)
std::optional<bool>
Bool(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (text == "true" || text == "t" || text == "1")
    {
        return true;
    }
    if (text == "false" || text == "f" || text == "0")
    {
        return false;
    }
    return std::nullopt;
}

/**
 * Check and set one of ns-3's global values (RngSeed, RngRun, SimulatorImplementationType,
 * SchedulerType, ChecksumEnabled).
 * @return "" or the message; "?" when there is no global value of that name
 */
std::string
SetGlobal(const std::string& name, const std::string& text, bool apply)
{
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() != name)
        {
            continue;
        }
        std::string type = (*it)->GetChecker()->GetValueTypeName();
        if (type.rfind("ns3::", 0) == 0)
        {
            type = type.substr(5);
        }
        bool ok = true;
        std::string expected = (*it)->GetChecker()->GetUnderlyingTypeInformation();
        if (type == "TypeIdValue")
        {
            TypeId tid;
            ok = TypeId::LookupByNameFailSafe(text, &tid);
            expected = "a TypeId name, e.g. ns3::MapScheduler";
        }
        else if (type == "UintegerValue")
        {
            ok = WholeNumber(text, std::numeric_limits<uint32_t>::max()).has_value();
            expected = "a whole number";
        }
        else if (type == "BooleanValue")
        {
            ok = Bool(text).has_value();
            expected = "true or false";
        }
        if (ok && apply)
        {
            ok = GlobalValue::BindFailSafe(name, StringValue(text));
        }
        return ok ? "" : "--" + name + " must be " + expected + "; got '" + text + "'";
    }
    return "?";
}

} // namespace

CommandLineFlags::CommandLineFlags(const std::string& program, const std::string& usage)
    : m_program(program)
    , m_cmd(program)
{
    m_cmd.Usage(usage);
}

void
CommandLineFlags::Add(const std::string& name, const std::string& help, std::string& value)
{
    m_cmd.AddValue(name, help, value);
    m_items[name] = {Kind::STRING, &value};
}

void
CommandLineFlags::AddOutput(const std::string& name, const std::string& help, std::string& path)
{
    m_cmd.AddValue(name, help, path);
    m_items[name] = {Kind::OUTPUT, &path};
}

void
CommandLineFlags::Add(const std::string& name, const std::string& help, uint32_t& value)
{
    m_cmd.AddValue(name, help, value);
    m_items[name] = {Kind::U32, &value};
}

void
CommandLineFlags::Add(const std::string& name, const std::string& help, uint64_t& value)
{
    m_cmd.AddValue(name, help, value);
    m_items[name] = {Kind::U64, &value};
}

void
CommandLineFlags::Add(const std::string& name, const std::string& help, double& value)
{
    m_cmd.AddValue(name, help, value);
    m_items[name] = {Kind::DOUBLE, &value};
}

void
CommandLineFlags::Add(const std::string& name, const std::string& help, bool& value)
{
    m_cmd.AddValue(name, help, value);
    m_items[name] = {Kind::BOOL, &value};
}

void
CommandLineFlags::AddTime(const std::string& name,
                          const std::string& help,
                          Time& value,
                          bool zeroAllowed)
{
    m_texts.push_back(FormatTime(value));
    m_cmd.AddValue(name, help, m_texts.back());
    m_items[name] = {zeroAllowed ? Kind::TIME_OR_ZERO : Kind::TIME, &value};
}

void
CommandLineFlags::AddRate(const std::string& name, const std::string& help, DataRate& value)
{
    m_texts.push_back(FormatRate(value));
    m_cmd.AddValue(name, help, m_texts.back());
    m_items[name] = {Kind::RATE, &value};
}

void
CommandLineFlags::AddSize(const std::string& name, const std::string& help, uint64_t& value)
{
    m_texts.push_back(FormatSize(value));
    m_cmd.AddValue(name, help, m_texts.back());
    m_items[name] = {Kind::SIZE, &value};
}

std::string
CommandLineFlags::Assign(const std::string& name,
                         const Item& item,
                         const std::string& text,
                         bool apply)
{
    switch (item.kind)
    {
        case Kind::OUTPUT:
            if (text.empty())
            {
                return "--" + name + " needs a file name";
            }
            [[fallthrough]];
        case Kind::STRING:
            if (apply)
            {
                *static_cast<std::string*>(item.value) = text;
            }
            return "";
        case Kind::U32:
        case Kind::U64: {
            uint64_t max = item.kind == Kind::U32 ? std::numeric_limits<uint32_t>::max()
                                                  : std::numeric_limits<uint64_t>::max();
            auto n = WholeNumber(text, max);
            if (!n)
            {
                return "--" + name + " must be a whole number from 0 to " + std::to_string(max)
                     + "; got '" + text + "'";
            }
            if (apply && item.kind == Kind::U32)
            {
                *static_cast<uint32_t*>(item.value) = static_cast<uint32_t>(*n);
            }
            else if (apply)
            {
                *static_cast<uint64_t*>(item.value) = *n;
            }
            return "";
        }
        case Kind::DOUBLE: {
            errno = 0;
            char* end = nullptr;
            double x = std::strtod(text.c_str(), &end);
            if (text.empty() || errno != 0 || *end != '\0' || !std::isfinite(x)
                || std::isspace(static_cast<unsigned char>(text[0])))
            {
                return "--" + name + " must be a finite number; got '" + text + "'";
            }
            if (apply)
            {
                *static_cast<double*>(item.value) = x;
            }
            return "";
        }
        case Kind::BOOL: {
            auto b = Bool(text);
            if (!b)
            {
                return "--" + name + " must be true or false; got '" + text + "'";
            }
            if (apply)
            {
                *static_cast<bool*>(item.value) = *b;
            }
            return "";
        }
        case Kind::TIME:
        case Kind::TIME_OR_ZERO: {
            bool zero = item.kind == Kind::TIME_OR_ZERO;
            auto t = ParseTime(text);
            if (!t || t->IsStrictlyNegative() || (!zero && t->IsZero()))
            {
                return "--" + name + (zero ? " must be a time >= 0" : " must be a positive time")
                     + " with a unit, e.g. 5us; got '" + text + "'";
            }
            if (apply)
            {
                *static_cast<Time*>(item.value) = *t;
            }
            return "";
        }
        case Kind::RATE: {
            auto r = ParseDataRate(text);
            if (!r || r->GetBitRate() == 0)
            {
                return "--" + name + " must be a positive rate with a unit, e.g. 400Gbps; got '"
                     + text + "'";
            }
            if (apply)
            {
                *static_cast<DataRate*>(item.value) = *r;
            }
            return "";
        }
        case Kind::SIZE: {
            auto b = ParseBytes(text);
            if (!b || *b == 0)
            {
                return "--" + name + " must be a positive size with a unit, e.g. 2MiB; got '" + text
                     + "'";
            }
            if (apply)
            {
                *static_cast<uint64_t*>(item.value) = *b;
            }
            return "";
        }
    }
    return "";
}

std::string
CommandLineFlags::Run(const std::vector<std::string>& args, bool apply, bool* help)
{
    std::set<std::string> seen;
    for (const std::string& arg : args)
    {
        if (arg.size() < 2 || arg[0] != '-')
        {
            return "unexpected argument '" + arg + "' (flags are written --name=value; see --help)";
        }
        std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
        std::size_t eq = body.find('=');
        std::string name = body.substr(0, eq);
        bool hasValue = eq != std::string::npos;
        std::string text = hasValue ? body.substr(eq + 1) : "";
        if (name.empty())
        {
            return "unexpected argument '" + arg + "' (flags are written --name=value; see --help)";
        }
        if (IsHelpFlag(name))
        {
            *help = true;
            continue;
        }
        if (!seen.insert(name).second)
        {
            return "--" + name + " is given twice";
        }
        auto it = m_items.find(name);
        if (it != m_items.end())
        {
            if (!hasValue && it->second.kind != Kind::BOOL)
            {
                return "--" + name + " needs a value (--" + name + "=...)";
            }
            std::string error = Assign(name, it->second, hasValue ? text : "true", apply);
            if (!error.empty())
            {
                return error;
            }
            continue;
        }
        if (!hasValue)
        {
            return "unknown flag '--" + name + "' (see --help)";
        }
        std::string global = SetGlobal(name, text, apply);
        if (global != "?")
        {
            if (!global.empty())
            {
                return global;
            }
            continue;
        }
        if (name.find("::") != std::string::npos)
        {
            std::string error
                = apply ? SetAttributeDefault(name, text) : CheckAttributeDefault(name, text);
            if (!error.empty())
            {
                return "--" + name + ": " + error;
            }
            continue;
        }
        return "unknown flag '--" + name + "' (see --help)";
    }
    if (apply)
    {
        m_given = seen;
        for (const auto& [name, item] : m_items)
        {
            if (item.kind != Kind::OUTPUT || !Given(name))
            {
                continue;
            }
            std::string error = CheckWritable("--" + name, *static_cast<std::string*>(item.value));
            if (!error.empty())
            {
                return error;
            }
        }
    }
    return "";
}

std::string
CommandLineFlags::Check(const std::vector<std::string>& args)
{
    bool help = false;
    return Run(args, false, &help);
}

std::optional<int>
CommandLineFlags::Parse(int argc, char* argv[])
{
    std::vector<std::string> args(argv + 1, argv + argc);
    bool help = false;
    std::string error = Run(args, false, &help);
    if (error.empty() && help)
    {
        m_cmd.Parse(argc, argv); // prints and exits, as in every ns-3 program
        return 0;
    }
    if (error.empty())
    {
        error = Run(args, true, &help);
    }
    if (!error.empty())
    {
        return Fail(error);
    }
    return std::nullopt;
}

bool
CommandLineFlags::Given(const std::string& name) const
{
    return m_given.count(name) != 0;
}

std::string
CommandLineFlags::RejectGiven(const std::vector<std::string>& names,
                              const std::string& configuration) const
{
    for (const auto& n : names)
    {
        if (Given(n))
        {
            return "--" + n + " does not apply with " + configuration;
        }
    }
    return "";
}

const std::string&
CommandLineFlags::Program() const
{
    return m_program;
}

int
CommandLineFlags::Fail(const std::string& message) const
{
    std::cerr << m_program << ": error: " << message << "\n";
    return 2;
}

} // namespace fabric
} // namespace ns3
