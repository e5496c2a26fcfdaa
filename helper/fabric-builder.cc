/*
 * Builds a fabric (nodes, NICs, switches, cables, addresses, forwarding tables) from a spec.
 */
#include "fabric-builder.h"

#include "helper/strategy-names.h"
#include "model/link/fabric-channel.h"
#include "model/routing/routing-policy.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <utility>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("FabricBuilder");

namespace
{

/// First GPU address: 10.0.0.0/8 holds 16M addresses.
constexpr uint32_t ADDRESS_BASE = 0x0a000000;

/// First host NIC address: 172.16.0.0/12 (1M addresses), apart from the GPU range.
constexpr uint32_t FRONT_END_ADDRESS_BASE = 0xac100000;

/// Addresses in the host NIC range.
constexpr uint64_t FRONT_END_ADDRESSES = 1u << 20;

/// Highest port count a switch can have (ports are numbered with 16 bits).
constexpr uint64_t MAX_PORTS = 0xffff;

/// @return the smallest shift with (1 << shift) >= @p count
uint32_t
BlockShift(uint32_t count)
{
    uint32_t shift = 0;
    while ((uint64_t(1) << shift) < count)
    {
        ++shift;
    }
    return shift;
}

/// splitmix64: derives independent per-switch seeds from one seed.
uint64_t
MixSeed(uint64_t seed, uint64_t index)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// Ports [first, first + count) as a vector.
std::vector<uint16_t>
PortRange(uint32_t first, uint32_t count)
{
    std::vector<uint16_t> ports(count);
    for (uint32_t i = 0; i < count; ++i)
    {
        ports[i] = static_cast<uint16_t>(first + i);
    }
    return ports;
}

double
SecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

FabricBuilder::FabricBuilder()
{
    m_nicFactory.SetTypeId("ns3::fabric::RdmaNic");
    m_switchFactory.SetTypeId("ns3::fabric::FabricSwitch");
    m_routingFactory.SetTypeId("ns3::fabric::EcmpRouting");
}

void
FabricBuilder::SetNicAttribute(const std::string& name, const AttributeValue& value)
{
    m_nicFactory.Set(name, value);
}

void
FabricBuilder::SetSwitchAttribute(const std::string& name, const AttributeValue& value)
{
    m_switchFactory.Set(name, value);
}

void
FabricBuilder::SetRoutingPolicy(const std::string& typeId)
{
    m_routingFactory = ObjectFactory();
    m_routingFactory.SetTypeId(typeId);
}

void
FabricBuilder::SetRoutingAttribute(const std::string& name, const AttributeValue& value)
{
    m_routingFactory.Set(name, value);
}

std::string
FabricBuilder::RoutingTypeIdFromName(const std::string& name)
{
    return StrategyTypeId<RoutingPolicy>(name);
}

/**
 * @brief One Clos network: leaves with hosts below them, spines in pods above the leaves and,
 * with three tiers, cores in planes above the spines (spine j of every pod joins the cores of
 * plane j). The GPU fabric and the front end are both built from one.
 */
struct FabricBuilder::ClosPlan
{
    uint32_t hosts {0};                           //!< NICs below the leaves
    uint32_t hostsPerLeaf {0};                    //!< host ports per leaf
    uint32_t leaves {0};                          //!< leaves in all
    uint32_t leavesPerPod {0};                    //!< leaves per pod (the last pod may hold fewer)
    uint32_t pods {1};                            //!< pods
    uint32_t spinesPerPod {0};                    //!< spines per pod (0: leaves only)
    uint32_t linksPerLeafSpine {1};               //!< parallel cables between a leaf and each spine
    uint32_t coresPerPlane {0};                   //!< cores each spine joins (0: two tiers)
    uint32_t linksPerCore {0};                    //!< parallel cables between a spine and each core
    uint32_t addressBase {0};                     //!< first address
    uint32_t shift {0};                           //!< a leaf's address block holds 1 << shift
    const LinkTier* hostLink {nullptr};           //!< host <-> leaf cables
    const LinkTier* leafLink {nullptr};           //!< leaf <-> spine cables
    const LinkTier* spineLink {nullptr};          //!< spine <-> core cables
    const NodeContainer* existingHosts {nullptr}; //!< hosts to add the NICs to (else new ones)
    /// Leaf and port of host @p h.
    std::function<std::pair<uint32_t, uint32_t>(uint32_t h)> place;

    uint32_t LeavesIn(uint32_t pod) const
    {
        return std::min(leavesPerPod, leaves - pod * leavesPerPod);
    }

    uint32_t LeafUplinks() const { return spinesPerPod * linksPerLeafSpine; }

    uint32_t SpineUplinks() const { return coresPerPlane * linksPerCore; }

    uint32_t Cores() const { return spinesPerPod * coresPerPlane; }

    uint32_t LeafFirst(uint32_t leaf) const { return addressBase + (leaf << shift); }
};

void
FabricBuilder::BuildClos(const ClosPlan& c,
                         uint32_t& switchIndex,
                         std::vector<Ptr<FabricSwitch>>& switches,
                         std::vector<FabricLink>& links,
                         std::vector<Ptr<RdmaNic>>& nics,
                         NodeContainer& nodes) const
{
    const std::size_t base = switches.size();
    auto makeSwitch = [&](uint8_t tier, uint32_t ports) {
        Ptr<FabricSwitch> sw = m_switchFactory.Create<FabricSwitch>();
        sw->SetTier(tier);
        Ptr<RoutingPolicy> policy = m_routingFactory.Create<RoutingPolicy>();
        policy->SetAttributeFailSafe("Seed", UintegerValue(MixSeed(m_seed, switchIndex++)));
        sw->SetRoutingPolicy(policy);
        for (uint32_t i = 0; i < ports; ++i)
        {
            Ptr<SwitchPort> port = CreateObject<SwitchPort>();
            port->SetAddress(Mac48Address::Allocate());
            sw->AddPort(port);
        }
        switches.push_back(sw);
    };
    // Switches: leaves, then spines (pod-major), then cores.
    const uint32_t lps = c.linksPerLeafSpine;
    for (uint32_t l = 0; l < c.leaves; ++l)
    {
        makeSwitch(0, c.hostsPerLeaf + c.LeafUplinks());
    }
    for (uint32_t pod = 0; pod < c.pods; ++pod)
    {
        for (uint32_t j = 0; j < c.spinesPerPod; ++j)
        {
            makeSwitch(1, c.LeavesIn(pod) * lps + c.SpineUplinks());
        }
    }
    for (uint32_t k = 0; k < c.Cores(); ++k)
    {
        makeSwitch(2, c.pods * c.linksPerCore);
    }
    auto leaf = [&](uint32_t l) {
        return switches[base + l];
    };
    auto spine = [&](uint32_t pod, uint32_t j) {
        return switches[base + c.leaves + pod * c.spinesPerPod + j];
    };
    auto core = [&](uint32_t k) {
        return switches[base + c.leaves + c.pods * c.spinesPerPod + k];
    };
    auto connect = [&links](Ptr<FabricNetDevice> lower,
                            Ptr<FabricNetDevice> upper,
                            const LinkTier& t,
                            uint8_t tier) {
        lower->SetDataRate(t.rate);
        upper->SetDataRate(t.rate);
        Ptr<FabricChannel> ch = CreateObject<FabricChannel>();
        ch->SetAttribute("Delay", TimeValue(t.delay));
        lower->Attach(ch);
        upper->Attach(ch);
        links.push_back({lower, upper, tier});
    };

    // Hosts and their NICs.
    nics.resize(c.hosts);
    for (uint32_t h = 0; h < c.hosts; ++h)
    {
        auto [l, port] = c.place(h);
        // A NIC plane after the first adds a port to the hosts the first one made.
        Ptr<Node> node = c.existingHosts ? c.existingHosts->Get(h) : CreateObject<Node>();
        Ptr<RdmaNic> nic = m_nicFactory.Create<RdmaNic>();
        nic->SetAddress(Mac48Address::Allocate());
        nic->SetIpv4Address(Ipv4Address(c.LeafFirst(l) + port));
        node->AddDevice(nic);
        if (!c.existingHosts)
        {
            nodes.Add(node);
        }
        nics[h] = nic;
        connect(nic, leaf(l)->GetPort(port), *c.hostLink, 0);
    }
    // Leaf l: up-link j * lps + k goes to spine j of its pod, at the leaf's place in the pod.
    for (uint32_t l = 0; l < c.leaves; ++l)
    {
        uint32_t pod = l / c.leavesPerPod;
        uint32_t inPod = l % c.leavesPerPod;
        for (uint32_t j = 0; j < c.spinesPerPod; ++j)
        {
            for (uint32_t k = 0; k < lps; ++k)
            {
                connect(leaf(l)->GetPort(c.hostsPerLeaf + j * lps + k),
                        spine(pod, j)->GetPort(inPod * lps + k),
                        *c.leafLink,
                        1);
            }
        }
    }
    // Spine j of every pod joins the cores of plane j; core ports are pod-major.
    for (uint32_t pod = 0; pod < c.pods && c.coresPerPlane > 0; ++pod)
    {
        const uint32_t down = c.LeavesIn(pod) * lps;
        for (uint32_t j = 0; j < c.spinesPerPod; ++j)
        {
            for (uint32_t m = 0; m < c.coresPerPlane; ++m)
            {
                for (uint32_t q = 0; q < c.linksPerCore; ++q)
                {
                    connect(spine(pod, j)->GetPort(down + m * c.linksPerCore + q),
                            core(j * c.coresPerPlane + m)->GetPort(pod * c.linksPerCore + q),
                            *c.spineLink,
                            2);
                }
            }
        }
    }
}

void
FabricBuilder::RouteClos(const ClosPlan& c, const std::vector<Ptr<FabricSwitch>>& switches)
{
    // One entry per down-neighbour and a default group of up-links: host routes on the
    // leaves, leaf prefixes on the spines, pod prefixes on the cores.
    const uint32_t block = 1u << c.shift;
    const uint32_t lps = c.linksPerLeafSpine;
    for (uint32_t l = 0; l < c.leaves; ++l)
    {
        ForwardingTable& t = switches[l]->GetForwardingTable();
        uint32_t hostsHere = std::min(c.hostsPerLeaf, c.hosts - l * c.hostsPerLeaf);
        for (uint32_t i = 0; i < hostsHere; ++i)
        {
            Ipv4Address a(c.LeafFirst(l) + i);
            t.AddRoute(a, a, t.AddGroup({static_cast<uint16_t>(i)}));
        }
        if (hostsHere < block)
        {
            t.AddDiscardRoute(Ipv4Address(c.LeafFirst(l) + hostsHere),
                              Ipv4Address(c.LeafFirst(l) + block - 1));
        }
        if (c.LeafUplinks() > 0)
        {
            t.SetDefaultGroup(t.AddGroup(PortRange(c.hostsPerLeaf, c.LeafUplinks())));
        }
        t.Finalize();
    }
    for (uint32_t pod = 0; pod < c.pods; ++pod)
    {
        const uint32_t down = c.LeavesIn(pod);
        for (uint32_t j = 0; j < c.spinesPerPod; ++j)
        {
            ForwardingTable& t
                = switches[c.leaves + pod * c.spinesPerPod + j]->GetForwardingTable();
            for (uint32_t i = 0; i < down; ++i)
            {
                uint32_t l = pod * c.leavesPerPod + i;
                t.AddRoute(Ipv4Address(c.LeafFirst(l)),
                           Ipv4Address(c.LeafFirst(l) + block - 1),
                           t.AddGroup(PortRange(i * lps, lps)));
            }
            if (c.SpineUplinks() > 0)
            {
                t.SetDefaultGroup(t.AddGroup(PortRange(down * lps, c.SpineUplinks())));
            }
            t.Finalize();
        }
    }
    for (uint32_t k = 0; k < c.Cores(); ++k)
    {
        ForwardingTable& t = switches[c.leaves + c.pods * c.spinesPerPod + k]->GetForwardingTable();
        for (uint32_t pod = 0; pod < c.pods; ++pod)
        {
            uint32_t firstLeaf = pod * c.leavesPerPod;
            t.AddRoute(Ipv4Address(c.LeafFirst(firstLeaf)),
                       Ipv4Address(c.LeafFirst(firstLeaf + c.LeavesIn(pod)) - 1),
                       t.AddGroup(PortRange(pod * c.linksPerCore, c.linksPerCore)));
        }
        t.Finalize();
    }
}

std::unique_ptr<Fabric>
FabricBuilder::Build(const TopologySpec& spec) const
{
    std::vector<std::string> errors = spec.Validate();
    if (!errors.empty())
    {
        std::string all = "invalid topology:";
        for (const auto& e : errors)
        {
            all += "\n  - " + e;
        }
        throw TopologyError(all);
    }
    auto start = std::chrono::steady_clock::now();
    auto fabric = std::make_unique<Fabric>();
    Fabric& f = *fabric;
    f.spec = spec;

    // The GPU fabric.
    ClosPlan gpu;
    gpu.hosts = spec.gpus;
    gpu.hostsPerLeaf = spec.hostsPerLeaf;
    gpu.leaves = spec.NumLeaves();
    gpu.pods = spec.NumPods();
    gpu.leavesPerPod = spec.tiers == 3 ? spec.leavesPerPod : gpu.leaves;
    gpu.spinesPerPod = spec.Spines();
    gpu.linksPerLeafSpine = spec.LinksPerLeafSpine();
    if (spec.tiers == 3)
    {
        gpu.coresPerPlane = spec.Cores() / gpu.spinesPerPod;
        gpu.linksPerCore = spec.SpineUplinks() / gpu.coresPerPlane;
    }
    gpu.addressBase = ADDRESS_BASE;
    gpu.shift = BlockShift(spec.hostsPerLeaf);
    gpu.hostLink = &spec.hostLink;
    gpu.leafLink = &spec.leafLink;
    gpu.spineLink = &spec.spineLink;
    gpu.place = [&spec](uint32_t g) -> std::pair<uint32_t, uint32_t> {
        if (spec.wiring == Wiring::TOR)
        {
            return {g / spec.hostsPerLeaf, g % spec.hostsPerLeaf};
        }
        // Rail wiring: GPU i of each server goes to rail leaf i of its group of servers.
        uint32_t server = g / spec.gpusPerServer;
        uint32_t local = g % spec.gpusPerServer;
        return {(server / spec.hostsPerLeaf) * spec.gpusPerServer + local,
                server % spec.hostsPerLeaf};
    };
    if ((uint64_t(gpu.leaves) << gpu.shift) > (1u << 24))
    {
        throw TopologyError("invalid topology:\n  - more than 16M GPU addresses needed");
    }
    NS_ABORT_MSG_UNLESS(gpu.LeafUplinks() == spec.LeafUplinks()
                            && gpu.leavesPerPod * gpu.linksPerLeafSpine == spec.SpineDownlinks()
                            && gpu.SpineUplinks() == (spec.tiers == 3 ? spec.SpineUplinks() : 0)
                            && gpu.Cores() == (spec.tiers == 3 ? spec.Cores() : 0),
                        "FabricBuilder: the Clos plan disagrees with the topology's counts");

    // The front end (TopologySpec::hostNic): one host NIC per server, 1:1, one cable between
    // each leaf and spine and between each spine and core; the last leaf and the last pod may
    // be partly filled.
    ClosPlan fe;
    if (spec.hostNic)
    {
        fe.hosts = spec.NumServers();
        fe.hostsPerLeaf = spec.FrontEndHostsPerLeaf();
        fe.leaves = spec.NumFrontEndLeaves();
        fe.pods = spec.NumFrontEndPods();
        fe.leavesPerPod = spec.FrontEndLeavesPerPod();
        fe.spinesPerPod = spec.NumFrontEndSpines();
        fe.linksPerLeafSpine = 1;
        fe.coresPerPlane = spec.NumFrontEndCores() > 0 ? spec.FrontEndSpineUplinks() : 0;
        fe.linksPerCore = fe.coresPerPlane > 0 ? 1 : 0;
        fe.addressBase = FRONT_END_ADDRESS_BASE;
        fe.shift = BlockShift(fe.hostsPerLeaf);
        fe.hostLink = fe.leafLink = fe.spineLink = &spec.frontEndLink;
        fe.place = [hpl = fe.hostsPerLeaf](uint32_t s) -> std::pair<uint32_t, uint32_t> {
            return {s / hpl, s % hpl};
        };
        if ((uint64_t(fe.leaves) << fe.shift) > FRONT_END_ADDRESSES)
        {
            throw TopologyError("invalid topology:\n  - more than 1M host NIC addresses needed "
                                "(front-end range 172.16.0.0/12)");
        }
        if (uint64_t(fe.hostsPerLeaf) + fe.spinesPerPod > MAX_PORTS
            || uint64_t(fe.leavesPerPod) + fe.SpineUplinks() > MAX_PORTS || fe.pods > MAX_PORTS)
        {
            throw TopologyError("invalid topology:\n  - a front-end switch needs more than "
                                "65535 ports");
        }
        NS_ABORT_MSG_UNLESS(fe.Cores() == spec.NumFrontEndCores(),
                            "FabricBuilder: the front-end plan disagrees with its core count");
    }

    // The front end is created after the whole GPU fabric, so that the GPU fabric's nodes,
    // MAC addresses and switch seeds are the same with or without it.
    uint32_t switchIndex = 0;
    BuildClos(gpu, switchIndex, f.switches, f.links, f.nics, f.gpuNodes);
    f.numLeaves = gpu.leaves;
    f.switchesPerPlane = static_cast<uint32_t>(f.switches.size());
    f.planeNics = {f.nics};
    // NIC planes: copies of the GPU fabric at 1/planes of each tier's rate, each in its own
    // address block (10.0/8, then 11.0/8, ...), their ports added to the same GPU nodes.
    const uint32_t planes = std::max(1u, spec.planes);
    std::vector<LinkTier> planeTiers;
    if (planes > 1)
    {
        for (const LinkTier* t : {&spec.hostLink, &spec.leafLink, &spec.spineLink})
        {
            planeTiers.push_back({DataRate(t->rate.GetBitRate() / planes), t->delay});
        }
        for (auto& nic : f.nics)
        {
            nic->SetDataRate(planeTiers[0].rate);
        }
        for (auto& link : f.links)
        {
            const LinkTier& t = planeTiers[link.tier];
            link.lower->SetDataRate(t.rate);
            link.upper->SetDataRate(t.rate);
        }
    }
    for (uint32_t p = 1; p < planes; ++p)
    {
        ClosPlan copy = gpu;
        copy.addressBase = ADDRESS_BASE + (p << 24);
        copy.hostLink = &planeTiers[0];
        copy.leafLink = &planeTiers[1];
        copy.spineLink = &planeTiers[2];
        copy.existingHosts = &f.gpuNodes;
        std::vector<Ptr<FabricSwitch>> switches;
        std::vector<Ptr<RdmaNic>> nics;
        BuildClos(copy, switchIndex, switches, f.links, nics, f.gpuNodes);
        RouteClos(copy, switches);
        f.switches.insert(f.switches.end(), switches.begin(), switches.end());
        f.planeNics.push_back(nics);
    }
    f.gpuLeaf.resize(gpu.hosts);
    for (uint32_t g = 0; g < gpu.hosts; ++g)
    {
        f.gpuLeaf[g] = gpu.place(g).first;
    }
    if (spec.hostNic)
    {
        BuildClos(fe, switchIndex, f.frontEndSwitches, f.frontEndLinks, f.hostNics, f.hostNodes);
        f.numFrontEndLeaves = fe.leaves;
    }
    f.buildSeconds = SecondsSince(start);

    // Forwarding tables. No route leads from one network to the other, and no cable joins them.
    auto routeStart = std::chrono::steady_clock::now();
    RouteClos(gpu, {f.switches.begin(), f.switches.begin() + f.switchesPerPlane});
    if (spec.hostNic)
    {
        RouteClos(fe, f.frontEndSwitches);
    }
    f.routeSetupSeconds = SecondsSince(routeStart);
    NS_LOG_INFO("built " << spec.gpus << " GPUs, " << f.switches.size() << " switches, "
                         << f.links.size() << " links, " << f.hostNics.size() << " host NICs, "
                         << f.frontEndSwitches.size() << " front-end switches in " << f.buildSeconds
                         << " s; routes in " << f.routeSetupSeconds << " s");
    return fabric;
}

} // namespace fabric
} // namespace ns3
