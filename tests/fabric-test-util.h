/*
 * Shared fixtures for the fabric tests.
 */
#ifndef FABRIC_TEST_UTIL_H
#define FABRIC_TEST_UTIL_H

#include "helper/fabric-builder.h"
#include "helper/flow-runner.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace fabric
{
namespace test
{

/// Line rate of the tests' fabrics.
constexpr double LINE_RATE_BPS = 400e9;

/// Best goodput fraction of a 4096-byte payload: 4096 / (4096 + 82 bytes of overhead).
constexpr double MAX_GOODPUT = 4096.0 / 4178.0;

/**
 * @brief Resets the simulator and the RNG before and after each test.
 */
class SimulatorTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        Simulator::Destroy();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }

    void TearDown() override { Simulator::Destroy(); }

    /// Check packet conservation over the whole fabric and that nothing is left in flight.
    static void ExpectConserved(const Fabric& fabric)
    {
        FabricStats s = fabric.CollectStats();
        EXPECT_EQ(s.inFlight, 0u);
        EXPECT_EQ(s.framesCreated, s.framesConsumed + s.switchDrops + s.errorModelDrops)
            << "created " << s.framesCreated << " consumed " << s.framesConsumed << " switch drops "
            << s.switchDrops << " error-model drops " << s.errorModelDrops;
        EXPECT_TRUE(s.Conserved());
    }
};

} // namespace test
} // namespace fabric
} // namespace ns3

#endif
