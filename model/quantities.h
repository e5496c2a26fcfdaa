/*
 * Quantities shared by the model: picoseconds per second, and the time bits take at a rate.
 */
#ifndef FABRIC_QUANTITIES_H
#define FABRIC_QUANTITIES_H

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{
namespace fabric
{

/// Picoseconds in a second (ns-3's Time resolution in fabric is the picosecond).
constexpr uint64_t PS_PER_S = 1000000000000ULL;

/// @return bits x 10^12 / bps, rounded down (@p half = 0) or to nearest (@p half = bps / 2);
/// exact for any bit count: past 2^64 / 10^12 bits (18.4 Mbit) the product is taken in 128 bits
inline uint64_t
BitsToPs(uint64_t bits, uint64_t bps, uint64_t half)
{
    if (bits < UINT64_MAX / PS_PER_S - 1)
    {
        return (bits * PS_PER_S + half) / bps;
    }
    return static_cast<uint64_t>((static_cast<unsigned __int128>(bits) * PS_PER_S + half) / bps);
}

/// @return the time @p bits take at @p bps, in whole picoseconds rounded down
inline Time
BitsTime(uint64_t bits, uint64_t bps)
{
    return PicoSeconds(static_cast<int64_t>(BitsToPs(bits, bps, 0)));
}

/// @return the time @p bits take at @p bps, to the nearest picosecond
inline Time
BitsTimeRounded(uint64_t bits, uint64_t bps)
{
    return PicoSeconds(static_cast<int64_t>(BitsToPs(bits, bps, bps / 2)));
}

} // namespace fabric
} // namespace ns3

#endif
