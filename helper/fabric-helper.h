/*
 * The one way to build a fabric for a run: a topology, a profile, a seed.
 */
#ifndef FABRIC_FABRIC_HELPER_H
#define FABRIC_FABRIC_HELPER_H

#include "helper/fabric-profile.h"
#include "helper/fabric.h"
#include "helper/topology-spec.h"

#include "ns3/nstime.h"

#include <memory>

namespace ns3
{
namespace fabric
{

/**
 * @brief Turns (topology, profile, seed) into a fabric ready to run. Every runner and example
 * builds through it, so that all of them run the same fabric for the same inputs:
 *
 * 1. checks the profile (FabricProfile::Validate, which also rejects a congestion control
 *    whose switch support is off) and starts a new simulation (Simulator::Destroy);
 * 2. selects fabric's simulator core (FabricSimulatorImpl + FabricHeapScheduler) unless the
 *    user chose another with --SimulatorImplementationType / --SchedulerType (ns-3's own
 *    defaults, DefaultSimulatorImpl with MapScheduler, count as no choice: the events are the
 *    same under both cores, fabric's runs them faster);
 * 3. seeds ns-3's random number generator (RngSeedManager seed = @p seed, run 1);
 * 4. applies the profile to a FabricBuilder and builds the topology;
 * 5. sets every NIC's RdmaNic::BaseRtt to the idle round-trip time of the topology's longest
 *    path (IdleRtt), unless the user set RdmaNic::BaseRtt's default explicitly;
 * 6. gives every switch a fixed random stream (its index), so results do not depend on what
 *    else drew random numbers before.
 * The fabric records what was chosen: Fabric::baseRtt and Fabric::simulatorCore.
 */
class FabricHelper
{
public:
    /**
     * @param topology the topology
     * @param profile what the fabric runs
     * @param seed ECMP hash seeds, random streams
     */
    FabricHelper(const TopologySpec& topology, const FabricProfile& profile, uint64_t seed = 1);

    /**
     * Build the fabric (see the class description).
     * @return the fabric
     * @throws std::invalid_argument for an invalid profile, TopologyError for a bad topology
     */
    std::unique_ptr<Fabric> Build() const;

    /**
     * Idle round-trip time of the longest path of @p topology: a full data frame out (one
     * store-and-forward serialization and the cable delay per link, the switch latency per
     * switch) and an ACK back. The longest path crosses every tier up and down:
     * 2 links per tier, 2 x tiers - 1 switches.
     * @param topology the topology
     * @param switchLatency per-switch forwarding latency
     * @param mtu payload bytes of a full data frame
     * @return the round-trip time
     */
    static Time IdleRtt(const TopologySpec& topology, Time switchLatency, uint32_t mtu);

private:
    TopologySpec m_topology; //!< what to build
    FabricProfile m_profile; //!< what it runs
    uint64_t m_seed;         //!< seed
};

} // namespace fabric
} // namespace ns3

#endif
