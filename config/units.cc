/*
 * Parsing of quantities with units (rates, times, sizes) without aborting on bad input.
 */
#include "units.h"

#include <sys/resource.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <sstream>

namespace ns3
{
namespace fabric
{

namespace
{

/// A unit and what one of it is worth in the base unit (bit/s, picosecond, byte).
struct UnitScale
{
    const char* name;
    double scale;
};

// The one table of each kind: the parsers read them, and error messages list their names in
// this order.
const UnitScale RATE_UNITS[]
    = {{"bps", 1},    {"Kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9},  {"Tbps", 1e12},
       {"b/s", 1},    {"Kb/s", 1e3}, {"Mb/s", 1e6}, {"Gb/s", 1e9},  {"Tb/s", 1e12},
       {"Bps", 8},    {"KBps", 8e3}, {"MBps", 8e6}, {"GBps", 8e9},  {"B/s", 8},
       {"KB/s", 8e3}, {"MB/s", 8e6}, {"GB/s", 8e9}, {"TB/s", 8e12}, {"kbps", 1e3}};
const UnitScale TIME_UNITS[]
    = {{"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}, {"min", 60e12}};
const UnitScale SIZE_UNITS[] = {{"B", 1},
                                {"KB", 1e3},
                                {"kB", 1e3},
                                {"MB", 1e6},
                                {"GB", 1e9},
                                {"TB", 1e12},
                                {"KiB", 1024.0},
                                {"MiB", 1048576.0},
                                {"GiB", 1073741824.0},
                                {"TiB", 1099511627776.0}};

template<std::size_t N>
std::vector<std::string>
NamesOf(const UnitScale (&table)[N])
{
    std::vector<std::string> names;
    for (const UnitScale& u : table)
    {
        names.emplace_back(u.name);
    }
    return names;
}

} // namespace

const std::vector<std::string>&
RateUnitNames()
{
    static const std::vector<std::string> NAMES = NamesOf(RATE_UNITS);
    return NAMES;
}

const std::vector<std::string>&
TimeUnitNames()
{
    static const std::vector<std::string> NAMES = NamesOf(TIME_UNITS);
    return NAMES;
}

const std::vector<std::string>&
SizeUnitNames()
{
    static const std::vector<std::string> NAMES = NamesOf(SIZE_UNITS);
    return NAMES;
}

namespace
{

/// Split "12.5Gbps" into 12.5 and "Gbps"; false unless a finite number and a unit are present.
bool
SplitNumberUnit(const std::string& text, double* value, std::string* unit)
{
    const char* begin = text.c_str();
    while (std::isspace(static_cast<unsigned char>(*begin)))
    {
        ++begin;
    }
    char* end = nullptr;
    *value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(*value))
    {
        return false;
    }
    std::string rest(end);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back())))
    {
        rest.pop_back();
    }
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
    {
        rest.erase(rest.begin());
    }
    *unit = rest;
    return !rest.empty();
}

} // namespace

std::optional<DataRate>
ParseDataRate(const std::string& text)
{
    double v;
    std::string unit;
    if (!SplitNumberUnit(text, &v, &unit) || v < 0)
    {
        return std::nullopt;
    }

    for (const auto& u : RATE_UNITS)
    {
        if (unit == u.name)
        {
            double bps = v * u.scale;
            if (bps > 1e18)
            {
                return std::nullopt;
            }
            return DataRate(static_cast<uint64_t>(std::llround(bps)));
        }
    }
    return std::nullopt;
}

std::optional<Time>
ParseTime(const std::string& text)
{
    double v;
    std::string unit;
    if (!SplitNumberUnit(text, &v, &unit))
    {
        return std::nullopt;
    }

    for (const auto& u : TIME_UNITS)
    {
        if (unit == u.name)
        {
            double ps = v * u.scale;
            if (std::fabs(ps) > 9e18)
            {
                return std::nullopt;
            }
            return PicoSeconds(static_cast<int64_t>(std::llround(ps)));
        }
    }
    return std::nullopt;
}

std::optional<uint64_t>
ParseBytes(const std::string& text)
{
    double v;
    std::string unit;
    if (!SplitNumberUnit(text, &v, &unit) || v < 0)
    {
        return std::nullopt;
    }

    for (const auto& u : SIZE_UNITS)
    {
        if (unit == u.name)
        {
            double b = v * u.scale;
            if (b > 1.8e19 || b != std::floor(b))
            {
                return std::nullopt;
            }
            return static_cast<uint64_t>(b);
        }
    }
    return std::nullopt;
}

namespace
{

/**
 * @return @p value written with the first of the @p preferred units (names in @p table) that
 * divides it exactly, else in the table's base unit @p base
 */
template<std::size_t N>
std::string
FormatExact(int64_t value,
            const UnitScale (&table)[N],
            std::initializer_list<const char*> preferred,
            const char* base)
{
    for (const char* name : preferred)
    {
        for (const UnitScale& u : table)
        {
            if (std::strcmp(u.name, name) != 0)
            {
                continue;
            }
            auto scale = static_cast<int64_t>(u.scale);
            if (value != 0 && value % scale == 0)
            {
                return std::to_string(value / scale) + name;
            }
        }
    }
    return std::to_string(value) + base;
}

} // namespace

std::string
FormatBytes(uint64_t bytes)
{
    return FormatExact(static_cast<int64_t>(bytes), SIZE_UNITS, {"TiB", "GiB", "MiB", "KiB"}, "B");
}

std::string
FormatSize(uint64_t bytes)
{
    return FormatExact(static_cast<int64_t>(bytes),
                       SIZE_UNITS,
                       {"TiB", "GiB", "MiB", "KiB", "TB", "GB", "MB", "KB"},
                       "B");
}

std::string
FormatRate(DataRate rate)
{
    return FormatExact(static_cast<int64_t>(rate.GetBitRate()),
                       RATE_UNITS,
                       {"Tbps", "Gbps", "Mbps", "Kbps"},
                       "bps");
}

std::string
FormatTime(Time t)
{
    int64_t ps = t.GetPicoSeconds();
    return ps == 0 ? "0s" : FormatExact(ps, TIME_UNITS, {"s", "ms", "us", "ns"}, "ps");
}

std::vector<std::string>
SplitList(const std::string& text, char separator)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, separator))
    {
        auto first = item.find_first_not_of(" \t");
        if (first != std::string::npos)
        {
            out.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
        }
    }
    return out;
}

double
ProcessCpuSeconds()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec
         + ru.ru_stime.tv_usec * 1e-6;
}

uint64_t
PeakRssKb()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<uint64_t>(ru.ru_maxrss);
}

} // namespace fabric
} // namespace ns3
