/*
 * Builds a fabric (nodes, NICs, switches, cables, addresses, forwarding tables) from a spec.
 */
#ifndef FABRIC_FABRIC_BUILDER_H
#define FABRIC_FABRIC_BUILDER_H

#include "helper/fabric.h"
#include "helper/topology-spec.h"

#include "ns3/object-factory.h"

#include <memory>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

/// Thrown by FabricBuilder::Build for a spec that cannot be built; what() lists the problems.
class TopologyError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

/**
 * @brief Creates the nodes and links of a TopologySpec, assigns addresses and fills the
 * forwarding tables, like ns-3's PointToPointHelper: it holds ObjectFactories for the NIC,
 * the switch and the routing policy and contains no model behaviour.
 *
 * Addresses: GPU NICs get 10.x.y.z addresses in blocks per leaf (block size the next power of
 * two of hostsPerLeaf), leaf-major, so every leaf and every pod owns an aligned prefix.
 * Forwarding tables are filled from the structure (up-down routing in a Clos): one entry per
 * down-neighbour and a default group of up-links, in time linear in the number of links.
 *
 * With TopologySpec::hostNic, after the GPU fabric: the front-end leaves, spines (pod-major)
 * and cores (3 tiers only), one host NIC per server (server-major), and their cables. Host NICs
 * get 172.16.x.y addresses in blocks per front-end leaf (block size the next power of two of
 * the host NICs per leaf), leaf-major, so every front-end pod owns a contiguous range;
 * front-end leaves route to their hosts and send the rest up (ECMP over their pod's spines),
 * front-end spines hold one prefix per front-end leaf of their pod (3 tiers: the rest goes up,
 * ECMP over the spine's cores), front-end cores one range per pod. Nothing joins the two
 * networks.
 */
class FabricBuilder
{
public:
    FabricBuilder();

    /// Set an attribute of every RdmaNic created.
    void SetNicAttribute(const std::string& name, const AttributeValue& value);

    /// Set an attribute of every FabricSwitch created.
    void SetSwitchAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Choose the routing policy of every switch by TypeId name.
     * @param typeId e.g. "ns3::fabric::EcmpRouting"
     */
    void SetRoutingPolicy(const std::string& typeId);

    /// Set an attribute of every routing policy created.
    void SetRoutingAttribute(const std::string& name, const AttributeValue& value);

    /// Seed from which each switch's ECMP hash seed is derived (different per switch).
    void SetSeed(uint64_t seed) { m_seed = seed; }

    /**
     * Build the fabric.
     * @param spec the topology
     * @return the fabric
     * @throws TopologyError when the spec is invalid
     */
    std::unique_ptr<Fabric> Build(const TopologySpec& spec) const;

    /**
     * @param name a short policy name ("ecmp", ...) or a TypeId name
     * @return the TypeId name, or "" when unknown
     */
    static std::string RoutingTypeIdFromName(const std::string& name);

private:
    struct ClosPlan;

    /**
     * Create one Clos network's switches, host NICs and cables, in this order: leaves, spines,
     * cores, hosts with their cables, leaf-spine cables, spine-core cables.
     * @param plan the network
     * @param switchIndex running count of switches created (seeds their hashes); advanced
     * @param switches receives the switches: leaves, spines (pod-major), cores
     * @param links receives the cables
     * @param nics receives the host NICs
     * @param nodes receives the hosts' nodes
     */
    void BuildClos(const ClosPlan& plan,
                   uint32_t& switchIndex,
                   std::vector<Ptr<FabricSwitch>>& switches,
                   std::vector<FabricLink>& links,
                   std::vector<Ptr<RdmaNic>>& nics,
                   NodeContainer& nodes) const;

    /// Fill the forwarding tables of a network BuildClos created from @p plan.
    static void RouteClos(const ClosPlan& plan, const std::vector<Ptr<FabricSwitch>>& switches);

    ObjectFactory m_nicFactory;     //!< creates RdmaNic
    ObjectFactory m_switchFactory;  //!< creates FabricSwitch
    ObjectFactory m_routingFactory; //!< creates the routing policy
    uint64_t m_seed {1};            //!< base of the per-switch hash seeds
};

} // namespace fabric
} // namespace ns3

#endif
