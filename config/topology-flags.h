/*
 * Command-line flags that describe a fabric, shared by the example programs.
 */
#ifndef FABRIC_TOPOLOGY_FLAGS_H
#define FABRIC_TOPOLOGY_FLAGS_H

#include "config/command-line-flags.h"
#include "helper/topology-spec.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace fabric
{

/**
 * @brief The flags --topology, --gpus, --hostsPerLeaf, --spines, --leafUplinks, --k, --wiring
 * and --rate, registered on a CommandLine and turned into a checked TopologySpec.
 */
struct TopologyFlags
{
    std::string topology {"leaf-spine"}; //!< leaf-spine or fat-tree
    uint32_t gpus {1024};                //!< GPUs (leaf-spine)
    uint32_t hostsPerLeaf {16};          //!< GPUs per leaf (leaf-spine)
    uint32_t spines {0};                 //!< spines (0: as many as leaf uplinks)
    uint32_t leafUplinks {0};            //!< uplinks per leaf (0: hostsPerLeaf)
    uint32_t k {16};                     //!< fat-tree arity
    std::string wiring {"tor"};          //!< tor or rail
    std::string rate {"400Gbps"};        //!< every link's rate, with unit

    /// Register the flags on @p cmd, which ToSpec then asks which flags were given.
    void AddTo(CommandLineFlags& cmd);

    /**
     * @param spec filled with the fabric the flags describe
     * @return "" on success, else the message naming the flag and the expected form (also for
     * a flag given that the topology does not use, e.g. --k on a leaf-spine)
     */
    std::string ToSpec(TopologySpec* spec) const;

private:
    const CommandLineFlags* m_cmd {nullptr}; //!< where the flags were registered
};

} // namespace fabric
} // namespace ns3

#endif
