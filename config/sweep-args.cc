/*
 * fabric-sweep's command line.
 */
#include "sweep-args.h"

#include <algorithm>
#include <cstdint>
#include <thread>

namespace ns3
{
namespace fabric
{

bool
ParseIndex(const std::string& text, uint32_t* value)
{
    if (text.empty() || text.size() > 10
        || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    unsigned long long v = std::stoull(text);
    if (v > UINT32_MAX)
    {
        return false;
    }
    *value = static_cast<uint32_t>(v);
    return true;
}

SweepArgs::SweepArgs()
    : jobs(std::max(1u, std::thread::hardware_concurrency()))
{
}

std::string
SweepArgs::Parse(const std::vector<std::string>& args)
{
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        auto value = [&](std::string* out) {
            if (i + 1 >= args.size())
            {
                return false;
            }
            *out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--out")
        {
            if (!value(&outDir))
            {
                return "option " + a + " needs a directory";
            }
        }
        else if (a == "--jobs" || a == "-j")
        {
            if (!value(&v))
            {
                return "option " + a + " needs a number";
            }
            if (!ParseIndex(v, &jobs) || jobs == 0 || jobs > 1024)
            {
                return "--jobs must be a number between 1 and 1024; got '" + v + "'";
            }
        }
        else if (a == "--point")
        {
            if (!value(&v))
            {
                return "option " + a + " needs a point index";
            }
            if (!ParseIndex(v, &point))
            {
                return "--point must be a point index (0, 1, ...); got '" + v + "'";
            }
            havePoint = true;
        }
        else if (a == "--check")
        {
            if (!value(&check))
            {
                return "option " + a + " needs a YAML file";
            }
        }
        else if (a == "--list" || a == "--count" || a == "--merge" || a == "--force"
                 || a == "--quiet")
        {
            bool* flag = a == "--list"  ? &list
                       : a == "--count" ? &count
                       : a == "--merge" ? &merge
                       : a == "--force" ? &force
                                        : &quiet;
            *flag = true;
        }
        else if (a == "--help" || a == "-h")
        {
            help = true;
            return "";
        }
        else if (a.rfind("-", 0) == 0)
        {
            return "unknown option '" + a + "'";
        }
        else if (file.empty())
        {
            file = a;
        }
        else
        {
            return "more than one sweep file ('" + file + "', '" + a + "')";
        }
    }
    if (!check.empty())
    {
        return "";
    }
    if (file.empty())
    {
        return "no sweep file given";
    }
    if (list + count + merge + havePoint > 1)
    {
        return "--list, --count, --point and --merge exclude each other";
    }
    return "";
}

} // namespace fabric
} // namespace ns3
