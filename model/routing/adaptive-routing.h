/*
 * Per-packet adaptive routing (Spectrum-X style).
 */
#ifndef FABRIC_ADAPTIVE_ROUTING_H
#define FABRIC_ADAPTIVE_ROUTING_H

#include "routing-policy.h"

#include "ns3/nstime.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief For every packet, the equal-cost egress with the least load; ties broken at random
 * with the switch's random stream.
 *
 * Load of a port = its backlog (queued bytes plus what is left of the frame on the wire)
 *   + UtilizationWeight x (bytes the port sent during the last UtilizationWindow),
 *   + RemoteWeight x (the least queued bytes among the next switch's egress ports toward the
 *     destination).
 * The remote term stands for the congestion notifications Spectrum-X switches exchange; it is
 * read from the neighbour directly (no notification delay), so it is an upper bound of what
 * notifications can give. Both weights are 0 by default: pure local queue depth.
 * With Candidates = d > 0, each decision compares d ports drawn at random instead of all
 * of them (power of d choices), which keeps switches that see the same state from all
 * herding onto the same port.
 */
class AdaptiveRouting : public RoutingPolicy
{
public:
    static TypeId GetTypeId();

    const char* GetName() const override { return "adaptive"; }

private:
    uint16_t DoSelectEgress(const RoceFields& header,
                            const EcmpGroup& group,
                            const PortView& sw) override;

    /// @return bytes port @p port sent within the last utilization window
    uint64_t RecentTxBytes(const PortView& sw, uint16_t port);

    double m_utilizationWeight {0}; //!< weight of recent transmitted bytes
    double m_remoteWeight {0};      //!< weight of the next hop's queue toward the destination
    uint32_t m_candidates {2};      //!< ports sampled per decision (0: all)
    Time m_utilizationWindow;       //!< window of the utilization estimate

    /// Per port: tx bytes at the start of the current window, and the previous window's bytes.
    struct PortSample
    {
        Time start {0};          //!< start of the current window
        uint64_t startBytes {0}; //!< port tx bytes then
        uint64_t lastBytes {0};  //!< bytes sent during the previous window
    };

    std::vector<PortSample> m_samples; //!< by port index
    std::vector<uint16_t> m_best;      //!< scratch: ports tied at the least load
};

} // namespace fabric
} // namespace ns3

#endif
