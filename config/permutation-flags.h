/*
 * The permutation program's flags as an experiment spec: the same spec a YAML sweep point
 * with `workload: {type: permutation}` gives.
 */
#ifndef FABRIC_PERMUTATION_FLAGS_H
#define FABRIC_PERMUTATION_FLAGS_H

#include "config/command-line-flags.h"
#include "config/experiment-spec.h"
#include "config/topology-flags.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace fabric
{

/**
 * @brief The core's experiment: every GPU sends one message to a GPU on another leaf, on the
 * bare fabric (profile "ideal": no congestion control, no PFC) with the routing and NIC
 * receive mode given.
 */
struct PermutationFlags
{
    TopologyFlags topo;                  //!< the fabric
    std::string routing {"ecmp"};        //!< routing policy name (or TypeId)
    uint64_t bytes {2 << 20};            //!< message per GPU
    uint32_t mtu {4096};                 //!< RoCE payload bytes per packet
    uint32_t seed {1};                   //!< permutation and hash seeds
    std::string receiveMode {"InOrder"}; //!< NIC receive mode
    Time stop {Seconds(1)};              //!< simulated-time limit

    /// Register the flags on @p cmd.
    void AddTo(CommandLineFlags& cmd);

    /**
     * @param spec filled: workload permutation, profile ideal with the routing and receive
     * mode, the MTU as an attribute default, the switches as ns-3's defaults hold them
     * @return "" on success, else the message naming the flag
     */
    std::string ToSpec(ExperimentSpec* spec) const;
};

} // namespace fabric
} // namespace ns3

#endif
