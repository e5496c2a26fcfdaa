/*
 * Destination-prefix forwarding table of a fabric switch.
 */
#include "forwarding-table.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("ForwardingTable");

ForwardingTable::GroupId
ForwardingTable::AddGroup(const std::vector<uint16_t>& ports)
{
    NS_ABORT_MSG_IF(ports.empty(), "ForwardingTable: an egress group needs at least one port");
    m_groupStart.push_back(static_cast<uint32_t>(m_ports.size()));
    m_groupSize.push_back(static_cast<uint16_t>(ports.size()));
    m_ports.insert(m_ports.end(), ports.begin(), ports.end());
    return static_cast<GroupId>(m_groupStart.size() - 1);
}

void
ForwardingTable::AddRoute(Ipv4Address first, Ipv4Address last, GroupId group)
{
    NS_ABORT_MSG_IF(first.Get() > last.Get(), "ForwardingTable: empty address range");
    NS_ABORT_MSG_IF(group >= m_groupStart.size(), "ForwardingTable: unknown group " << group);
    m_routes.push_back({first.Get(), last.Get(), m_groupStart[group], m_groupSize[group]});
}

void
ForwardingTable::AddDiscardRoute(Ipv4Address first, Ipv4Address last)
{
    NS_ABORT_MSG_IF(first.Get() > last.Get(), "ForwardingTable: empty address range");
    m_routes.push_back({first.Get(), last.Get(), 0, 0});
}

void
ForwardingTable::SetDefaultGroup(GroupId group)
{
    NS_ABORT_MSG_IF(group >= m_groupStart.size(), "ForwardingTable: unknown group " << group);
    m_default = group;
}

void
ForwardingTable::Finalize()
{
    std::sort(m_routes.begin(), m_routes.end(), [](const Route& a, const Route& b) {
        return a.first < b.first;
    });
    for (std::size_t i = 1; i < m_routes.size(); ++i)
    {
        NS_ABORT_MSG_IF(m_routes[i].first <= m_routes[i - 1].last,
                        "ForwardingTable: overlapping ranges starting at " << Ipv4Address(
                            m_routes[i - 1].first) << " and " << Ipv4Address(m_routes[i].first));
    }
    m_routes.shrink_to_fit();
    m_ports.shrink_to_fit();
    if (m_default != NO_GROUP)
    {
        m_defaultRoute.start = m_groupStart[m_default];
        m_defaultRoute.size = m_groupSize[m_default];
    }
}

EcmpGroup
ForwardingTable::Lookup(Ipv4Address destination) const
{
    return Lookup(destination.Get());
}

EcmpGroup
ForwardingTable::LookupConfigured(uint32_t dst) const
{
    // First range whose first address is greater than dst; the candidate is the one before.
    auto it
        = std::upper_bound(m_routes.begin(), m_routes.end(), dst, [](uint32_t d, const Route& r) {
              return d < r.first;
          });
    if (it != m_routes.begin())
    {
        const Route& r = *(it - 1);
        if (dst <= r.last)
        {
            return {m_ports.data() + r.start, r.size}; // size 0: a discard route
        }
    }
    return {m_ports.data() + m_defaultRoute.start, m_defaultRoute.size};
}

void
ForwardingTable::SetOverrides(std::vector<Override> overrides)
{
    std::sort(overrides.begin(), overrides.end(), [](const Override& a, const Override& b) {
        return a.first < b.first;
    });
    m_overrides.clear();
    m_overridePorts.clear();
    for (std::size_t i = 0; i < overrides.size(); ++i)
    {
        const Override& o = overrides[i];
        NS_ABORT_MSG_IF(o.first > o.last, "ForwardingTable: empty override range");
        NS_ABORT_MSG_IF(i > 0 && o.first <= overrides[i - 1].last,
                        "ForwardingTable: overlapping overrides at " << Ipv4Address(o.first));
        m_overrides.push_back({o.first,
                               o.last,
                               static_cast<uint32_t>(m_overridePorts.size()),
                               static_cast<uint32_t>(o.ports.size())});
        m_overridePorts.insert(m_overridePorts.end(), o.ports.begin(), o.ports.end());
    }
}

EcmpGroup
ForwardingTable::LookupOverridden(uint32_t dst) const
{
    auto it = std::upper_bound(
        m_overrides.begin(), m_overrides.end(), dst, [](uint32_t d, const Route& r) {
            return d < r.first;
        });
    if (it != m_overrides.begin() && dst <= (it - 1)->last)
    {
        return {m_overridePorts.data() + (it - 1)->start, (it - 1)->size};
    }
    return LookupConfigured(dst);
}

std::size_t
ForwardingTable::GetMemoryBytes() const
{
    return m_routes.capacity() * sizeof(Route) + m_groupStart.capacity() * sizeof(uint32_t)
         + m_groupSize.capacity() * sizeof(uint16_t) + m_ports.capacity() * sizeof(uint16_t)
         + m_overrides.capacity() * sizeof(Route) + m_overridePorts.capacity() * sizeof(uint16_t);
}

} // namespace fabric
} // namespace ns3
