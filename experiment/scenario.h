/*
 * One simulation run of synthetic traffic (permutation, all-to-all) on a fabric profile.
 */
#ifndef FABRIC_SCENARIO_H
#define FABRIC_SCENARIO_H

#include "experiment/result-row.h"
#include "helper/fabric-profile.h"
#include "helper/topology-spec.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <string>

namespace ns3
{
namespace fabric
{

class Fabric;

/// Synthetic traffic of a scenario.
struct TrafficSpec
{
    std::string pattern {"permutation"}; //!< permutation | all-to-all
    uint64_t bytes {2 * 1024 * 1024};    //!< per flow (permutation) or per pair (all-to-all)
    uint32_t qpsPerPair {1};             //!< queue pairs per connection (bytes split over them)
    uint32_t seed {1};                   //!< permutation, hash seeds, random tie-breaks
};

/// Run limits and optional outputs of a scenario.
struct ScenarioOptions
{
    Time stopTime {Seconds(1)}; //!< simulated-time limit
    std::string fctCsv;         //!< if set, per-flow CSV (src,dst,bytes,fct_us) is written here
    std::string linkCsv; //!< if set, per-link CSV (tier, switch, port, direction, bytes, flows)
    /// If set, called once the fabric is built and before the simulation runs (e.g. to attach
    /// monitors or pcap).
    std::function<void(Fabric&)> onBuilt;
    /// Account bytes per flow per link (flow_collisions, uplink_load_*); costs about 10% of
    /// the run time. When false those columns are absent.
    bool linkStats {true};
};

/**
 * Build the fabric, apply the profile, run the traffic to completion (or stopTime), and report.
 * Destroys the simulator before returning. Invalid inputs throw std::invalid_argument with
 * a message naming what is wrong.
 * @return columns: profile and its parts, topology, traffic, FCTs, throughput, collisions,
 * link-load balance, ECN marks, CNPs, PFC pauses, retransmissions, drops, conservation and
 * simulator speed (see README, "Output columns")
 */
ResultRow RunScenario(const TopologySpec& topology,
                      const FabricProfile& profile,
                      const TrafficSpec& traffic,
                      const ScenarioOptions& options = ScenarioOptions());

} // namespace fabric
} // namespace ns3

#endif
