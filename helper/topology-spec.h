/*
 * Plain description of a fabric topology (no YAML, no ns-3 objects).
 */
#ifndef FABRIC_TOPOLOGY_SPEC_H
#define FABRIC_TOPOLOGY_SPEC_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// How GPUs are cabled to leaves.
enum class Wiring
{
    TOR,  //!< all GPUs of a server on the same leaf (top of rack)
    RAIL, //!< GPU i of every server in a group on rail leaf i (rail-optimized)
};

/// Rate and propagation delay of the links of one tier.
struct LinkTier
{
    DataRate rate {"400Gbps"}; //!< line rate of both ends
    Time delay;                //!< propagation delay
};

/**
 * @brief A 2-tier leaf-spine or 3-tier Clos (pods of leaves and spines under a core tier).
 *
 * Counts left at 0 are derived: leafUplinks = hostsPerLeaf (1:1), spines = leafUplinks,
 * spineUplinks = the spine's down-links (1:1), cores = spineUplinks.
 * Oversubscription comes from giving fewer uplinks than down-links.
 *
 * Optional front end (hostNic): every server also gets one host NIC (Colossus: the server's
 * 9th 400GbE NIC, for storage and front-end traffic) on a separate Ethernet network that
 * shares no switch or cable with the GPU fabric: one front-end leaf per
 * frontEndServersPerLeaf servers (the last may hold fewer), each with one up-link to each
 * front-end spine (0: frontEndServersPerLeaf spines, 1:1). When all servers fit under one
 * front-end leaf there are no front-end spines. The front end has 2 tiers while a front-end
 * spine can hold a port per front-end leaf (always without switchRadix); beyond switchRadix
 * front-end leaves it has 3: pods of switchRadix / 2 front-end leaves (the last pod may hold
 * fewer), each under its own frontEndSpines pod spines with as many up-links as down-links
 * (1:1), and plane j of front-end cores above pod spine j of every pod, one link from each
 * pod spine to each core of its plane (a core has one port per pod). The front-end fields are
 * ignored while hostNic is off.
 */
struct TopologySpec
{
    static constexpr uint32_t MAX_PLANES = 8; //!< most NIC planes

    uint32_t tiers {2};         //!< 2 (leaf-spine) or 3 (leaf-spine-core)
    uint32_t gpus {1024};       //!< GPUs (one NIC each)
    uint32_t gpusPerServer {8}; //!< GPUs per server
    /// NIC planes: every GPU NIC is split into this many ports, each at 1/planes of every
    /// tier's rate and on its own copy of the fabric (its own switches and cables); 1: one
    /// fabric. A collective spreads each GPU pair's queue pairs over the planes.
    uint32_t planes {1};
    Wiring wiring {Wiring::TOR}; //!< GPU-to-leaf cabling
    uint32_t hostsPerLeaf {16};  //!< leaf down-links (GPU NICs per leaf)
    uint32_t leafUplinks {0};    //!< uplinks per leaf (0: hostsPerLeaf)
    uint32_t spines {0};         //!< 2-tier: spines; 3-tier: spines per pod (0: leafUplinks)
    uint32_t leavesPerPod {0};   //!< 3-tier: leaves per pod
    uint32_t spineUplinks {0};   //!< 3-tier: uplinks per pod spine (0: its down-links)
    uint32_t cores {0};          //!< 3-tier: core switches (0: spineUplinks)
    uint32_t switchRadix {0};    //!< if not 0, no switch may have more ports than this
    LinkTier hostLink {DataRate("400Gbps"), NanoSeconds(100)};   //!< GPU NIC <-> leaf
    LinkTier leafLink {DataRate("400Gbps"), NanoSeconds(500)};   //!< leaf <-> spine
    LinkTier spineLink {DataRate("400Gbps"), NanoSeconds(1000)}; //!< spine <-> core
    bool hostNic {false};                //!< one host NIC per server on a front-end network
    uint32_t frontEndServersPerLeaf {8}; //!< host NICs per front-end leaf (8: one rack)
    uint32_t frontEndSpines {0};         //!< front-end spines (0: frontEndServersPerLeaf)
    LinkTier frontEndLink {DataRate("400Gbps"), NanoSeconds(100)}; //!< every front-end cable

    /// A 2-tier leaf-spine: @p gpus over leaves of @p hostsPerLeaf, @p spines spines, 1:1.
    static TopologySpec LeafSpine(uint32_t gpus, uint32_t hostsPerLeaf, uint32_t spines);

    /// The classic k-ary fat tree: k pods of k/2 leaves and k/2 spines, (k/2)^2 cores, k^3/4 GPUs.
    static TopologySpec FatTree(uint32_t k);

    /**
     * A Colossus-shaped fabric: 8-GPU servers, one NIC per GPU, 64-GPU racks (8 servers),
     * 512-GPU arrays (8 racks = 64 servers) wired rail-optimized (GPU i of every server of an
     * array on rail leaf i, so an array is 8 rail leaves of 64 down-links), a spine tier
     * joining the arrays of a pod, a core tier joining pods. Switch radix 128 (SN5600,
     * 128 x 400GbE).
     *
     * With @p arrays <= @p arraysPerPod everything fits under one spine tier (2 tiers);
     * otherwise pods of @p arraysPerPod arrays under a core tier (3 tiers). Each leaf has
     * 64 / @p leafOversubscription up-links (rounded down), one to each spine of its pod; each
     * spine has its down-links / @p spineOversubscription up-links, one to each core of its
     * plane.
     * Construction is linear in the number of links (100k GPUs: 196 arrays).
     *
     * @param arrays 512-GPU arrays (1 .. 1024)
     * @param arraysPerPod arrays under one set of spines (8 fills a radix-128 spine 1:1)
     * @param leafOversubscription leaf down-links per up-link (1 = non-blocking)
     * @param spineOversubscription spine down-links per up-link (3 tiers only)
     * @param hostNic also build each server's host NIC on a front-end network (one front-end
     *        leaf per 8-server rack, 8 front-end spines; above 128 racks, pods of 64 racks
     *        under 8 pod spines each, joined by 8 x 64 front-end cores); see
     *        TopologySpec::hostNic
     * @return the spec (check Validate(): bad counts are reported there, not here)
     */
    static TopologySpec Colossus(uint32_t arrays,
                                 uint32_t arraysPerPod = 8,
                                 uint32_t leafOversubscription = 1,
                                 uint32_t spineOversubscription = 1,
                                 bool hostNic = false);

    /**
     * Check the spec. Counts must divide evenly and fit the radix.
     * @return one message per problem; empty when the spec is valid
     */
    std::vector<std::string> Validate() const;

    // Derived counts (valid only for a valid spec).
    uint32_t NumLeaves() const { return gpus / hostsPerLeaf; } //!< leaves

    uint32_t LeafUplinks() const { return leafUplinks ? leafUplinks : hostsPerLeaf; } //!< per leaf

    uint32_t Spines() const { return spines ? spines : LeafUplinks(); } //!< (per pod if 3-tier)

    uint32_t NumPods() const { return tiers == 3 ? NumLeaves() / leavesPerPod : 1; } //!< pods

    uint32_t LinksPerLeafSpine() const { return LeafUplinks() / Spines(); } //!< parallel links

    uint32_t SpineDownlinks() const; //!< down-links of one spine

    uint32_t SpineUplinks() const
    {
        return spineUplinks ? spineUplinks : SpineDownlinks();
    } //!< 3-tier

    uint32_t Cores() const { return cores ? cores : SpineUplinks(); } //!< 3-tier

    uint32_t NumSpinesTotal() const { return Spines() * NumPods(); } //!< spines in all pods

    uint32_t NumServers() const { return gpus / gpusPerServer; } //!< servers

    /// @return host NICs per front-end leaf (all servers when they fit under one leaf)
    uint32_t FrontEndHostsPerLeaf() const;

    /// @return front-end leaves (0 without hostNic)
    uint32_t NumFrontEndLeaves() const;

    /// @return front-end spines per front-end pod, = up-links of a front-end leaf (all the
    /// front-end spines with 2 tiers; 0 without hostNic or with a single front-end leaf)
    uint32_t NumFrontEndSpines() const;

    /// @return 3 when the front-end leaves outnumber switchRadix (a 2-tier front-end spine
    /// would need more ports), else 2; meaningful only with hostNic
    uint32_t FrontEndTiers() const;

    /// @return front-end leaves per front-end pod: switchRadix / 2 with 3 tiers, all of them
    /// with 2 (the last pod may hold fewer)
    uint32_t FrontEndLeavesPerPod() const;

    /// @return front-end pods (1 with 2 tiers and front-end spines; 0 without spines)
    uint32_t NumFrontEndPods() const;

    /// @return front-end spines in all pods
    uint32_t NumFrontEndSpinesTotal() const { return NumFrontEndSpines() * NumFrontEndPods(); }

    /// @return up-links of a front-end pod spine: FrontEndLeavesPerPod() (1:1) with 3 tiers,
    /// else 0
    uint32_t FrontEndSpineUplinks() const;

    /// @return front-end cores: NumFrontEndSpines() planes of FrontEndSpineUplinks() cores
    /// (0 with 2 tiers)
    uint32_t NumFrontEndCores() const { return NumFrontEndSpines() * FrontEndSpineUplinks(); }
};

} // namespace fabric
} // namespace ns3

#endif
