/*
 * Flowlet switching: re-pick a flow's port after an idle gap.
 */
#ifndef FABRIC_FLOWLET_ROUTING_H
#define FABRIC_FLOWLET_ROUTING_H

#include "routing-policy.h"

#include "ns3/nstime.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Flowlet switching (CONGA/LetFlow family): a flow (5-tuple hash bucket) keeps its
 * port while its packets arrive closer together than FlowletGap; after a longer gap it moves
 * to the currently least-queued port. Packets of one flowlet stay in order; a gap larger than
 * the path-delay difference keeps flowlets in order too. The table has TableSize buckets per
 * switch, allocated on first use.
 */
class FlowletRouting : public RoutingPolicy
{
public:
    static TypeId GetTypeId();

    const char* GetName() const override { return "flowlet"; }

private:
    uint16_t DoSelectEgress(const RoceFields& header,
                            const EcmpGroup& group,
                            const PortView& sw) override;

    Time m_gap;                  //!< idle gap that starts a new flowlet
    uint32_t m_tableSize {4096}; //!< buckets
    uint64_t m_seed {0};         //!< hash seed

    /// One bucket.
    struct Entry
    {
        Time lastSeen {-1}; //!< last packet of the bucket
        uint16_t port {0};  //!< port of the current flowlet
    };

    std::vector<Entry> m_table; //!< buckets
};

} // namespace fabric
} // namespace ns3

#endif
