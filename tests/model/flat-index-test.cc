/*
 * The collective engine's connection index on its own: every key added is found with its
 * value and no other key is, against a std::unordered_map, through many growths; keys that
 * differ only in their high or low half stay apart; the slots stay between 3/8 and 3/4 full.
 */
#include "model/collective/flat-index.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

using namespace ns3::fabric;

TEST(FlatIndexTest, FindsEveryKeyAddedWithItsValueAndNoOtherKeyAgainstAnUnorderedMap)
{
    FlatIndex index;
    std::unordered_map<uint64_t, uint32_t> ref;
    std::mt19937_64 rng(7);
    for (uint32_t i = 0; i < 200000; ++i)
    {
        // Keys shaped as the engine's (src << 40 | dst << 16 | lane), over a small range so
        // that some draws repeat and are looked up instead of added.
        uint64_t key = ((rng() % 4096) << 40) | ((rng() % 4096) << 16) | (rng() % 4);
        auto it = ref.find(key);
        if (it == ref.end())
        {
            ASSERT_EQ(index.Find(key), FlatIndex::NONE) << "key " << key;
            index.Insert(key, i);
            ref.emplace(key, i);
        }
        else
        {
            ASSERT_EQ(index.Find(key), it->second) << "key " << key;
        }
    }
    ASSERT_EQ(index.Size(), ref.size());
    for (const auto& [key, value] : ref)
    {
        ASSERT_EQ(index.Find(key), value);
    }
    // Keys never added.
    for (uint32_t i = 0; i < 10000; ++i)
    {
        uint64_t key = (uint64_t(5000 + i) << 40) | i;
        EXPECT_EQ(index.Find(key), FlatIndex::NONE);
    }
}

TEST(FlatIndexTest, KeysThatDifferOnlyInOneHalfStayApart)
{
    FlatIndex index;
    for (uint32_t i = 1; i <= 1000; ++i)
    {
        index.Insert(uint64_t(i) << 32, i);                // high half only
        index.Insert(uint64_t(i), 100000 + i);             // low half only
        index.Insert((uint64_t(i) << 32) | i, 200000 + i); // both
    }
    EXPECT_EQ(index.Size(), 3000u);
    for (uint32_t i = 1; i <= 1000; ++i)
    {
        EXPECT_EQ(index.Find(uint64_t(i) << 32), i);
        EXPECT_EQ(index.Find(uint64_t(i)), 100000 + i);
        EXPECT_EQ(index.Find((uint64_t(i) << 32) | i), 200000 + i);
        EXPECT_EQ(index.Find((uint64_t(i) << 32) | (i + 1)), FlatIndex::NONE);
    }
}

TEST(FlatIndexTest, SlotsStayBetweenThreeEighthsAndThreeQuartersFull)
{
    FlatIndex index;
    EXPECT_EQ(index.Bytes(), 0u);
    for (uint32_t i = 0; i < 100000; ++i)
    {
        index.Insert(uint64_t(i) * 0x100000001ULL, i);
        if (i >= 16)
        {
            double slots = double(index.Bytes()) / 12; // a slot holds 12 bytes
            double load = double(index.Size()) / slots;
            ASSERT_LE(load, 0.75) << i;
            ASSERT_GT(load, 0.375) << i;
        }
    }
    index.Clear();
    EXPECT_EQ(index.Size(), 0u);
    EXPECT_EQ(index.Find(0), FlatIndex::NONE);
}
