/*
 * Units: one table per kind (rates, times, sizes) read by the parsers and the writers. A value
 * is written with the largest unit that keeps it exact, and reads back as itself.
 */
#include "config/units.h"

#include <gtest/gtest.h>

#include <random>

using namespace ns3;
using namespace ns3::fabric;

TEST(Units, ValuesAreWrittenWithTheLargestExactUnit)
{
    EXPECT_EQ(FormatSize(2 * 1048576), "2MiB");
    EXPECT_EQ(FormatSize(800000), "800KB");    // 800,000 = 800 x 10^3, not a multiple of 1024
    EXPECT_EQ(FormatSize(1024000), "1000KiB"); // binary units come first
    EXPECT_EQ(FormatSize(999), "999B");
    EXPECT_EQ(FormatSize(0), "0B");
    EXPECT_EQ(FormatBytes(3ull << 30), "3GiB");
    EXPECT_EQ(FormatBytes(1000), "1000B"); // binary units only
    EXPECT_EQ(FormatRate(DataRate(400000000000ull)), "400Gbps");
    EXPECT_EQ(FormatRate(DataRate(12500000000ull)), "12500Mbps");
    EXPECT_EQ(FormatRate(DataRate(1600000000000ull)), "1600Gbps");
    EXPECT_EQ(FormatRate(DataRate(2000000000000ull)), "2Tbps");
    EXPECT_EQ(FormatRate(DataRate(1)), "1bps");
    EXPECT_EQ(FormatTime(NanoSeconds(600)), "600ns");
    EXPECT_EQ(FormatTime(NanoSeconds(1500)), "1500ns");
    EXPECT_EQ(FormatTime(MicroSeconds(300)), "300us");
    EXPECT_EQ(FormatTime(Seconds(1)), "1s");
    EXPECT_EQ(FormatTime(PicoSeconds(12911680)), "12911680ps");
    EXPECT_EQ(FormatTime(Time(0)), "0s");
}

TEST(Units, EveryWrittenValueReadsBackAsItself)
{
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20000; ++i)
    {
        // Values that are multiples of some unit more often than chance would make them.
        uint64_t unit = std::vector<uint64_t> {1, 1000, 1024, 1000000, 1048576}[rng() % 5];
        uint64_t v = (rng() % 100000) * unit;
        auto size = ParseBytes(FormatSize(v));
        ASSERT_TRUE(size) << FormatSize(v);
        EXPECT_EQ(*size, v) << FormatSize(v);
        auto bytes = ParseBytes(FormatBytes(v));
        ASSERT_TRUE(bytes) << FormatBytes(v);
        EXPECT_EQ(*bytes, v);
        auto rate = ParseDataRate(FormatRate(DataRate(v * 1000)));
        ASSERT_TRUE(rate) << FormatRate(DataRate(v * 1000));
        EXPECT_EQ(rate->GetBitRate(), v * 1000);
        Time t = PicoSeconds(static_cast<int64_t>(v));
        auto back = ParseTime(FormatTime(t));
        ASSERT_TRUE(back) << FormatTime(t);
        EXPECT_EQ(*back, t) << FormatTime(t);
    }
}
