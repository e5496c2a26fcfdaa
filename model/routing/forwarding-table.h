/*
 * Destination-prefix forwarding table of a fabric switch.
 */
#ifndef FABRIC_FORWARDING_TABLE_H
#define FABRIC_FORWARDING_TABLE_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief A set of equal-cost egress ports.
 */
struct EcmpGroup
{
    const uint16_t* ports {nullptr}; //!< egress port indices
    uint32_t size {0};               //!< number of ports
};

/**
 * @brief Maps a destination address to its group of equal-cost egress ports.
 *
 * Entries are address ranges: a leaf's block of hosts, a pod's block of leaves, or one host on
 * its own leaf. A destination outside every range takes the default group (the up-links). The
 * builder assigns addresses so that every leaf and every pod owns one contiguous, aligned block,
 * which makes each range an IPv4 prefix; no switch holds a route per remote host, and a table
 * has one entry per down-neighbour, so building all tables is linear in the number of links.
 * Lookup is a binary search over the entries; an entry holds where its group's ports are, so a
 * lookup reads the entries and the ports and nothing else.
 */
class ForwardingTable
{
public:
    /// Returned by AddGroup; identifies a group of ports.
    using GroupId = uint32_t;

    /**
     * Add a group of egress ports.
     * @param ports the port indices (not empty)
     * @return its id
     */
    GroupId AddGroup(const std::vector<uint16_t>& ports);

    /**
     * Route the address range [first, last] to a group. Ranges must not overlap.
     * @param first first address of the range
     * @param last last address of the range
     * @param group the group
     */
    void AddRoute(Ipv4Address first, Ipv4Address last, GroupId group);

    /**
     * Drop traffic to the address range [first, last] (addresses of a leaf's block that no
     * host owns), so that it cannot bounce between tiers.
     */
    void AddDiscardRoute(Ipv4Address first, Ipv4Address last);

    /// Route every address without a range to @p group.
    void SetDefaultGroup(GroupId group);

    /// Sort the ranges and check that they do not overlap (aborts if they do).
    void Finalize();

    /**
     * @param destination a destination address
     * @return its egress group; size 0 when the address has no route
     */
    EcmpGroup Lookup(Ipv4Address destination) const;

    /// As Lookup(Ipv4Address), with the address as its 32-bit value.
    EcmpGroup Lookup(uint32_t destination) const
    {
        // Without failures there are no live-route overrides and this test is all they cost.
        return m_overrides.empty() ? LookupConfigured(destination) : LookupOverridden(destination);
    }

    /// @return the group the table was built with for @p destination, ignoring overrides
    EcmpGroup LookupConfigured(uint32_t destination) const;

    /// A live route: an address range whose traffic may use only some of its configured ports
    /// (the others lead to failed links), or none (size 0: no live path).
    struct Override
    {
        uint32_t first {0};          //!< first address
        uint32_t last {0};           //!< last address
        std::vector<uint16_t> ports; //!< live egress ports (may be empty)
    };

    /**
     * Replace the live-route overrides (routes recomputed after link failures). An override
     * takes precedence over the configured route for its range; ranges must not overlap one
     * another. An empty list restores the configured routes.
     */
    void SetOverrides(std::vector<Override> overrides);

    /// @return number of live-route overrides in force
    std::size_t GetNOverrides() const { return m_overrides.size(); }

    /// @return number of range entries
    std::size_t GetNRoutes() const { return m_routes.size(); }

    /// @return number of groups
    std::size_t GetNGroups() const { return m_groupStart.size(); }

    /// @return bytes of memory held by the table (entries, groups, ports)
    std::size_t GetMemoryBytes() const;

private:
    /// One address range and its group of ports.
    struct Route
    {
        uint32_t first; //!< first address
        uint32_t last;  //!< last address
        uint32_t start; //!< offset of the group's ports in m_ports
        uint32_t size;  //!< number of ports (0: a discard route)
    };

    // What Lookup reads comes first (one cache line); the groups are for building.
    std::vector<Route> m_routes;        //!< ranges sorted by first address after Finalize
    std::vector<uint16_t> m_ports;      //!< all groups' ports, back to back
    Route m_defaultRoute {0, 0, 0, 0};  //!< the default group's ports (set by Finalize)
    std::vector<uint32_t> m_groupStart; //!< offset of each group in m_ports
    std::vector<uint16_t> m_groupSize;  //!< size of each group
    static constexpr GroupId NO_GROUP = UINT32_MAX; //!< marks "no default group"
    GroupId m_default {NO_GROUP};                   //!< group of addresses outside every range
    std::vector<Route> m_overrides;                 //!< live routes, sorted by first address
    std::vector<uint16_t> m_overridePorts;          //!< their ports, back to back

    /// Lookup with overrides in force.
    EcmpGroup LookupOverridden(uint32_t destination) const;
};

} // namespace fabric
} // namespace ns3

#endif
