/*
 * Base class of the egress-selection policies of a fabric switch.
 */
#ifndef FABRIC_ROUTING_POLICY_H
#define FABRIC_ROUTING_POLICY_H

#include "port-view.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <string>

namespace ns3
{
namespace fabric
{

struct RoceFields;

/**
 * @brief Picks one egress port among the equal-cost ports of a destination.
 *
 * The switch calls SelectEgress for every packet; a group of one port is answered without
 * asking the subclass. Subclasses (EcmpRouting, AdaptiveRouting, FlowletRouting) override
 * DoSelectEgress only. One policy object belongs to one switch.
 *
 * Link failures: the switch offers a policy only the ports it still believes alive. A port
 * whose link went down is taken out of the choice FailoverDelay after the failure (how long
 * this switch takes to stop using its own dead port), and paths through a failed link
 * elsewhere are withdrawn ConvergenceDelay after it (how long the news takes to reach every
 * switch; FabricFailures recomputes the routes). Subclasses register both attributes with
 * their own defaults.
 */
class RoutingPolicy : public Object
{
public:
    static TypeId GetTypeId();

    /**
     * @param header the packet's leading headers (addresses, UDP source port)
     * @param group the equal-cost egress ports (size >= 1)
     * @param sw the switch asking (its ports' state)
     * @return the chosen egress port index, one of group.ports
     */
    uint16_t SelectEgress(const RoceFields& header, const EcmpGroup& group, const PortView& sw)
    {
        return group.size == 1 ? group.ports[0] : DoSelectEgress(header, group, sw);
    }

    /// @return the policy's short name in profiles, flags and YAML ("ecmp", "adaptive", ...)
    virtual const char* GetName() const = 0;

    /// @return how long after its own port's link goes down this switch stops choosing it
    Time GetFailoverDelay() const { return m_failoverDelay; }

    /// @return how long after a link fails elsewhere the paths through it are withdrawn
    Time GetConvergenceDelay() const { return m_convergenceDelay; }

protected:
    /**
     * Register FailoverDelay and ConvergenceDelay on a subclass's TypeId, with its defaults.
     * @return @p tid
     */
    static TypeId AddFailureAttributes(TypeId tid,
                                       Time failover,
                                       const std::string& failoverHelp,
                                       Time convergence,
                                       const std::string& convergenceHelp);

    /// ConvergenceDelay's help for policies that run on BGP routes (ECMP, flowlet).
    static constexpr const char* BGP_CONVERGENCE_HELP
        = "Time from a link failing elsewhere until every switch stops choosing paths through it: "
          "BGP withdraws the routes hop by hop (RFC 7938 data-center BGP, sub-second; an "
          "assumption).";

    Time m_failoverDelay {0};    //!< FailoverDelay attribute (registered by subclasses)
    Time m_convergenceDelay {0}; //!< ConvergenceDelay attribute (registered by subclasses)

private:
    /// Choose among two or more ports.
    virtual uint16_t DoSelectEgress(const RoceFields& header,
                                    const EcmpGroup& group,
                                    const PortView& sw)
        = 0;
};

} // namespace fabric
} // namespace ns3

#endif
