/*
 * Equal-cost multipath routing by 5-tuple hash.
 */
#ifndef FABRIC_ECMP_ROUTING_H
#define FABRIC_ECMP_ROUTING_H

#include "routing-policy.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief ECMP: hash the 5-tuple (source and destination address, protocol, UDP ports) with a
 * per-switch seed and map the hash onto the group. A flow always takes the same port; the
 * UDP source port, which the NIC derives from the queue pair, is the entropy. Giving every
 * switch its own seed avoids hash polarization across tiers.
 */
class EcmpRouting : public RoutingPolicy
{
public:
    static TypeId GetTypeId();

    const char* GetName() const override { return "ecmp"; }

    /**
     * The hash the policy uses (exposed for tests).
     * @param header the packet's leading headers
     * @param seed the switch's seed
     * @return a 64-bit hash
     */
    static uint64_t FlowHash(const RoceFields& header, uint64_t seed);

    /// Set the per-switch hash seed.
    void SetSeed(uint64_t seed) { m_seed = seed; }

private:
    uint16_t DoSelectEgress(const RoceFields& header,
                            const EcmpGroup& group,
                            const PortView& sw) override;

    uint64_t m_seed {0}; //!< per-switch hash seed
};

} // namespace fabric
} // namespace ns3

#endif
