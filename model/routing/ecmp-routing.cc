/*
 * Equal-cost multipath routing by 5-tuple hash.
 */
#include "ecmp-routing.h"

#include "model/headers/roce-header.h"

#include "ns3/nstime.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(EcmpRouting);

namespace
{

/// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
inline uint64_t
Fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

} // namespace

TypeId
EcmpRouting::GetTypeId()
{
    static TypeId tid
        = AddFailureAttributes(TypeId("ns3::fabric::EcmpRouting")
                                   .SetParent<RoutingPolicy>()
                                   .SetGroupName("Fabric")
                                   .AddConstructor<EcmpRouting>()
                                   .AddAttribute("Seed",
                                                 "Per-switch hash seed.",
                                                 UintegerValue(0),
                                                 MakeUintegerAccessor(&EcmpRouting::m_seed),
                                                 MakeUintegerChecker<uint64_t>()),
                               MilliSeconds(10),
                               "Time from a port's link going down until this switch stops "
                               "hashing onto it: the switch software learns "
                               "the port is down and rewrites its ECMP groups "
                               "(an assumption of the order of software FIB "
                               "updates, tens of ms; hardware fast-failover "
                               "features cut it to below 1 ms). Until then "
                               "frames hashed onto it are lost (link-down).",
                               MilliSeconds(200),
                               BGP_CONVERGENCE_HELP);
    return tid;
}

uint64_t
EcmpRouting::FlowHash(const RoceFields& header, uint64_t seed)
{
    uint64_t addrs = (uint64_t(header.m_ip.m_source.Get()) << 32) | header.m_ip.m_destination.Get();
    uint64_t ports = (uint64_t(header.m_udp.m_sourcePort) << 32)
                   | (uint64_t(header.m_udp.m_destinationPort) << 16) | header.m_ip.m_protocol;
    return Fmix64(Fmix64(addrs ^ Fmix64(seed)) ^ ports);
}

uint16_t
EcmpRouting::DoSelectEgress(const RoceFields& header,
                            const EcmpGroup& group,
                            const PortView& /* sw */)
{
    // Map the hash onto [0, size) by multiply-shift: unbiased and free of modulo's cost.
    uint64_t h = FlowHash(header, m_seed) >> 32;
    return group.ports[(h * group.size) >> 32];
}

} // namespace fabric
} // namespace ns3
