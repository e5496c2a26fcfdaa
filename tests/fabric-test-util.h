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
        EXPECT_EQ(s.framesCreated,
                  s.framesConsumed + s.switchDrops + s.errorModelDrops + s.linkDownDrops)
            << "created " << s.framesCreated << " consumed " << s.framesConsumed << " switch drops "
            << s.switchDrops << " error-model drops " << s.errorModelDrops << " link-down drops "
            << s.linkDownDrops;
        EXPECT_TRUE(s.Conserved());
    }
};

/**
 * Follow the forwarding tables from @p sw toward @p dst along every equal-cost branch.
 * @return number of paths that end at the destination NIC; fails the test on any path that
 * drops, loops or is longer than @p maxHops switches
 */
inline uint64_t
CountPaths(
    Ptr<FabricSwitch> sw, Ipv4Address dst, Ptr<RdmaNic> target, uint32_t hops, uint32_t maxHops)
{
    if (hops > maxHops)
    {
        ADD_FAILURE() << "path to " << dst << " longer than " << maxHops << " switches";
        return 0;
    }
    EcmpGroup g = sw->GetForwardingTable().Lookup(dst);
    if (g.size == 0)
    {
        ADD_FAILURE() << "switch " << sw->GetId() << " has no route to " << dst;
        return 0;
    }
    uint64_t paths = 0;
    for (uint32_t i = 0; i < g.size; ++i)
    {
        Ptr<FabricNetDevice> peer = sw->GetPort(g.ports[i])->GetPeer();
        if (auto nic = DynamicCast<RdmaNic>(peer))
        {
            if (nic != target)
            {
                ADD_FAILURE() << "route to " << dst << " ends at " << nic->GetIpv4Address();
            }
            else
            {
                paths++;
            }
            continue;
        }
        auto next = DynamicCast<FabricSwitch>(peer->GetNode());
        paths += CountPaths(next, dst, target, hops + 1, maxHops);
    }
    return paths;
}

} // namespace test
} // namespace fabric
} // namespace ns3

#endif
