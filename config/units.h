/*
 * Parsing of quantities with units (rates, times, sizes) without aborting on bad input.
 */
#ifndef FABRIC_UNITS_H
#define FABRIC_UNITS_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// @return the rate units ParseDataRate knows ("Gbps", "GB/s", ...), in the order messages
/// list them
const std::vector<std::string>& RateUnitNames();

/// @return the time units ParseTime knows ("ps" to "min")
const std::vector<std::string>& TimeUnitNames();

/// @return the size units ParseBytes knows ("B", "KB", "KiB", ...)
const std::vector<std::string>& SizeUnitNames();

/**
 * @param text e.g. "400Gbps", "12.5GB/s"
 * @return the rate, or nothing when @p text is not a rate with a unit
 */
std::optional<DataRate> ParseDataRate(const std::string& text);

/**
 * @param text e.g. "600ns", "1us", "2.5ms" (a unit is required)
 * @return the time, or nothing when @p text is not a time with a unit
 */
std::optional<Time> ParseTime(const std::string& text);

/**
 * @param text e.g. "4096B", "2MiB", "32MB", "1GiB" (a unit is required)
 * @return the number of bytes, or nothing when @p text is not a size with a unit
 */
std::optional<uint64_t> ParseBytes(const std::string& text);

/// @return @p bytes written with the largest binary unit that divides it (e.g. "2MiB")
std::string FormatBytes(uint64_t bytes);

/// @return @p bytes with the largest binary or decimal unit that keeps it exact ("2MiB", "800KB")
std::string FormatSize(uint64_t bytes);

/// @return @p rate written with the largest unit that keeps it exact ("400Gbps")
std::string FormatRate(DataRate rate);

/// @return @p t written with the largest unit that keeps it exact ("600ns", "1us", "1s")
std::string FormatTime(Time t);

/**
 * Split a flag's list ("standard, spectrum-x", "0:*,1:*").
 * @param text the list
 * @param separator between items
 * @return the items with surrounding spaces removed; empty items are dropped
 */
std::vector<std::string> SplitList(const std::string& text, char separator = ',');

/// @return CPU seconds used by this process so far (user + system)
double ProcessCpuSeconds();

/// @return peak resident set size of this process, kB
uint64_t PeakRssKb();

} // namespace fabric
} // namespace ns3

#endif
