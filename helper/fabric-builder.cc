/*
 * Builds a fabric (nodes, NICs, switches, cables, addresses, forwarding tables) from a spec.
 */
#include "fabric-builder.h"

#include "model/link/fabric-channel.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>

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
    if (name == "ecmp")
    {
        return "ns3::fabric::EcmpRouting";
    }
    if (name == "adaptive" || name == "ar")
    {
        return "ns3::fabric::AdaptiveRouting";
    }
    if (name == "flowlet")
    {
        return "ns3::fabric::FlowletRouting";
    }
    TypeId tid;
    if (TypeId::LookupByNameFailSafe(name, &tid) && tid.IsChildOf(RoutingPolicy::GetTypeId()))
    {
        return name;
    }
    return "";
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

    const uint32_t gpus = spec.gpus;
    const uint32_t hpl = spec.hostsPerLeaf;
    const uint32_t leaves = spec.NumLeaves();
    const uint32_t lps = spec.LinksPerLeafSpine();
    const uint32_t spinesPerPod = spec.Spines();
    const uint32_t pods = spec.NumPods();
    const uint32_t leavesPerPod = spec.tiers == 3 ? spec.leavesPerPod : leaves;
    const uint32_t spineDown = spec.SpineDownlinks();
    const uint32_t shift = BlockShift(hpl);
    if ((uint64_t(leaves) << shift) > (1u << 24))
    {
        throw TopologyError("invalid topology:\n  - more than 16M GPU addresses needed");
    }
    auto leafFirst = [shift](uint32_t leaf) {
        return ADDRESS_BASE + (leaf << shift);
    };

    // Switches: leaves, then spines (pod-major), then cores.
    uint32_t switchIndex = 0;
    auto makeSwitch = [&](uint8_t tier, uint32_t ports, std::vector<Ptr<FabricSwitch>>& into) {
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
        into.push_back(sw);
        return sw;
    };
    f.numLeaves = leaves;
    for (uint32_t l = 0; l < leaves; ++l)
    {
        makeSwitch(0, hpl + spec.LeafUplinks(), f.switches);
    }
    const uint32_t spineCount = spinesPerPod * pods;
    const uint32_t spineUp = spec.tiers == 3 ? spec.SpineUplinks() : 0;
    for (uint32_t s = 0; s < spineCount; ++s)
    {
        makeSwitch(1, spineDown + spineUp, f.switches);
    }
    const uint32_t cores = spec.tiers == 3 ? spec.Cores() : 0;
    const uint32_t coresPerPlane = spec.tiers == 3 ? cores / spinesPerPod : 0;
    const uint32_t linksPerCore = spec.tiers == 3 ? spineUp / coresPerPlane : 0;
    for (uint32_t c = 0; c < cores; ++c)
    {
        makeSwitch(2, pods * linksPerCore, f.switches);
    }
    auto leafSwitch = [&](uint32_t l) {
        return f.switches[l];
    };
    auto spineSwitch = [&](uint32_t pod, uint32_t j) {
        return f.switches[leaves + pod * spinesPerPod + j];
    };
    auto coreSwitch = [&](uint32_t c) {
        return f.switches[leaves + spineCount + c];
    };

    auto connect = [](Ptr<FabricNetDevice> lower,
                      Ptr<FabricNetDevice> upper,
                      const LinkTier& t,
                      uint8_t tier,
                      std::vector<FabricLink>& into) {
        lower->SetDataRate(t.rate);
        upper->SetDataRate(t.rate);
        Ptr<FabricChannel> ch = CreateObject<FabricChannel>();
        ch->SetAttribute("Delay", TimeValue(t.delay));
        lower->Attach(ch);
        upper->Attach(ch);
        into.push_back({lower, upper, tier});
    };

    // GPUs and their NICs.
    f.nics.resize(gpus);
    f.gpuLeaf.resize(gpus);
    for (uint32_t g = 0; g < gpus; ++g)
    {
        uint32_t server = g / spec.gpusPerServer;
        uint32_t local = g % spec.gpusPerServer;
        uint32_t leaf;
        uint32_t port;
        if (spec.wiring == Wiring::TOR)
        {
            leaf = g / hpl;
            port = g % hpl;
        }
        else
        {
            leaf = (server / hpl) * spec.gpusPerServer + local;
            port = server % hpl;
        }
        Ptr<Node> node = CreateObject<Node>();
        Ptr<RdmaNic> nic = m_nicFactory.Create<RdmaNic>();
        nic->SetAddress(Mac48Address::Allocate());
        nic->SetIpv4Address(Ipv4Address(leafFirst(leaf) + port));
        node->AddDevice(nic);
        f.gpuNodes.Add(node);
        f.nics[g] = nic;
        f.gpuLeaf[g] = leaf;
        connect(nic, leafSwitch(leaf)->GetPort(port), spec.hostLink, 0, f.links);
    }
    // Leaf <-> spine: leaf uplink j*lps+k goes to spine j of its pod.
    for (uint32_t l = 0; l < leaves; ++l)
    {
        uint32_t pod = l / leavesPerPod;
        uint32_t inPod = l % leavesPerPod;
        for (uint32_t j = 0; j < spinesPerPod; ++j)
        {
            for (uint32_t k = 0; k < lps; ++k)
            {
                connect(leafSwitch(l)->GetPort(hpl + j * lps + k),
                        spineSwitch(pod, j)->GetPort(inPod * lps + k),
                        spec.leafLink,
                        1,
                        f.links);
            }
        }
    }
    // Spine <-> core: spine j of every pod joins the cores of plane j.
    for (uint32_t pod = 0; pod < pods && cores > 0; ++pod)
    {
        for (uint32_t j = 0; j < spinesPerPod; ++j)
        {
            for (uint32_t m = 0; m < coresPerPlane; ++m)
            {
                for (uint32_t q = 0; q < linksPerCore; ++q)
                {
                    connect(spineSwitch(pod, j)->GetPort(spineDown + m * linksPerCore + q),
                            coreSwitch(j * coresPerPlane + m)->GetPort(pod * linksPerCore + q),
                            spec.spineLink,
                            2,
                            f.links);
                }
            }
        }
    }

    // Front end (TopologySpec::hostNic): created after the whole GPU fabric, so that its
    // nodes, MAC addresses and switch seeds are the same with or without the front end.
    // Switches: front-end leaves, then spines (pod-major), then cores; with 2 tiers there is
    // one pod and no core.
    const uint32_t servers = spec.NumServers();
    const uint32_t feHpl = spec.hostNic ? spec.FrontEndHostsPerLeaf() : 0;
    const uint32_t feLeaves = spec.NumFrontEndLeaves();
    const uint32_t feSpines = spec.NumFrontEndSpines(); // per pod
    const uint32_t fePods = spec.NumFrontEndPods();
    const uint32_t feLeavesPerPod = spec.FrontEndLeavesPerPod();
    const uint32_t feSpineUp = spec.FrontEndSpineUplinks();
    const uint32_t feCores = spec.NumFrontEndCores();
    const uint32_t feShift = BlockShift(feHpl);
    if (spec.hostNic)
    {
        if ((uint64_t(feLeaves) << feShift) > FRONT_END_ADDRESSES)
        {
            throw TopologyError("invalid topology:\n  - more than 1M host NIC addresses needed "
                                "(front-end range 172.16.0.0/12)");
        }
        if (uint64_t(feHpl) + feSpines > MAX_PORTS
            || uint64_t(feLeavesPerPod) + feSpineUp > MAX_PORTS || fePods > MAX_PORTS)
        {
            throw TopologyError("invalid topology:\n  - a front-end switch needs more than "
                                "65535 ports");
        }
    }
    auto feFirst = [feShift](uint32_t leaf) {
        return FRONT_END_ADDRESS_BASE + (leaf << feShift);
    };
    auto feLeavesIn = [&](uint32_t pod) { // the last pod may hold fewer
        return std::min(feLeavesPerPod, feLeaves - pod * feLeavesPerPod);
    };
    f.numFrontEndLeaves = feLeaves;
    for (uint32_t l = 0; l < feLeaves; ++l)
    {
        makeSwitch(0, feHpl + feSpines, f.frontEndSwitches);
    }
    for (uint32_t pod = 0; pod < fePods; ++pod)
    {
        for (uint32_t j = 0; j < feSpines; ++j)
        {
            makeSwitch(1, feLeavesIn(pod) + feSpineUp, f.frontEndSwitches);
        }
    }
    for (uint32_t c = 0; c < feCores; ++c)
    {
        makeSwitch(2, fePods, f.frontEndSwitches);
    }
    auto feSpineSwitch = [&](uint32_t pod, uint32_t j) {
        return f.frontEndSwitches[feLeaves + pod * feSpines + j];
    };
    auto feCoreSwitch = [&](uint32_t c) {
        return f.frontEndSwitches[feLeaves + fePods * feSpines + c];
    };
    f.hostNics.resize(spec.hostNic ? servers : 0);
    for (uint32_t s = 0; s < f.hostNics.size(); ++s)
    {
        uint32_t leaf = s / feHpl;
        uint32_t port = s % feHpl;
        Ptr<Node> node = CreateObject<Node>();
        Ptr<RdmaNic> nic = m_nicFactory.Create<RdmaNic>();
        nic->SetAddress(Mac48Address::Allocate());
        nic->SetIpv4Address(Ipv4Address(feFirst(leaf) + port));
        node->AddDevice(nic);
        f.hostNodes.Add(node);
        f.hostNics[s] = nic;
        connect(
            nic, f.frontEndSwitches[leaf]->GetPort(port), spec.frontEndLink, 0, f.frontEndLinks);
    }
    // Front-end leaf l: up-link j goes to spine j of its pod, at the leaf's place in the pod.
    for (uint32_t l = 0; l < feLeaves && feSpines > 0; ++l)
    {
        for (uint32_t j = 0; j < feSpines; ++j)
        {
            connect(f.frontEndSwitches[l]->GetPort(feHpl + j),
                    feSpineSwitch(l / feLeavesPerPod, j)->GetPort(l % feLeavesPerPod),
                    spec.frontEndLink,
                    1,
                    f.frontEndLinks);
        }
    }
    // 3 tiers: spine j of every pod joins the cores of plane j, one link to each, at port pod.
    for (uint32_t pod = 0; pod < fePods && feCores > 0; ++pod)
    {
        const uint32_t down = feLeavesIn(pod);
        for (uint32_t j = 0; j < feSpines; ++j)
        {
            for (uint32_t m = 0; m < feSpineUp; ++m)
            {
                connect(feSpineSwitch(pod, j)->GetPort(down + m),
                        feCoreSwitch(j * feSpineUp + m)->GetPort(pod),
                        spec.frontEndLink,
                        2,
                        f.frontEndLinks);
            }
        }
    }
    f.buildSeconds = SecondsSince(start);

    // Forwarding tables: one entry per down-neighbour, a default group of up-links.
    auto routeStart = std::chrono::steady_clock::now();
    const uint32_t block = 1u << shift;
    for (uint32_t l = 0; l < leaves; ++l)
    {
        ForwardingTable& t = leafSwitch(l)->GetForwardingTable();
        for (uint32_t i = 0; i < hpl; ++i)
        {
            Ipv4Address a(leafFirst(l) + i);
            t.AddRoute(a, a, t.AddGroup({static_cast<uint16_t>(i)}));
        }
        if (hpl < block)
        {
            t.AddDiscardRoute(Ipv4Address(leafFirst(l) + hpl),
                              Ipv4Address(leafFirst(l) + block - 1));
        }
        t.SetDefaultGroup(t.AddGroup(PortRange(hpl, spec.LeafUplinks())));
        t.Finalize();
    }
    for (uint32_t pod = 0; pod < pods; ++pod)
    {
        for (uint32_t j = 0; j < spinesPerPod; ++j)
        {
            ForwardingTable& t = spineSwitch(pod, j)->GetForwardingTable();
            for (uint32_t i = 0; i < leavesPerPod; ++i)
            {
                uint32_t leaf = pod * leavesPerPod + i;
                t.AddRoute(Ipv4Address(leafFirst(leaf)),
                           Ipv4Address(leafFirst(leaf) + block - 1),
                           t.AddGroup(PortRange(i * lps, lps)));
            }
            if (spineUp > 0)
            {
                t.SetDefaultGroup(t.AddGroup(PortRange(spineDown, spineUp)));
            }
            t.Finalize();
        }
    }
    for (uint32_t c = 0; c < cores; ++c)
    {
        ForwardingTable& t = coreSwitch(c)->GetForwardingTable();
        for (uint32_t pod = 0; pod < pods; ++pod)
        {
            uint32_t firstLeaf = pod * leavesPerPod;
            t.AddRoute(Ipv4Address(leafFirst(firstLeaf)),
                       Ipv4Address(leafFirst(firstLeaf + leavesPerPod) - 1),
                       t.AddGroup(PortRange(pod * linksPerCore, linksPerCore)));
        }
        t.Finalize();
    }
    // Front end: host routes on its leaves, leaf prefixes on its spines (and the up-links as
    // default with 3 tiers), pod prefixes on its cores. No route leads from one network to the
    // other, and no cable joins them.
    const uint32_t feBlock = 1u << feShift;
    for (uint32_t l = 0; l < feLeaves; ++l)
    {
        ForwardingTable& t = f.frontEndSwitches[l]->GetForwardingTable();
        uint32_t hostsHere = std::min(feHpl, servers - l * feHpl); // the last leaf may hold fewer
        for (uint32_t i = 0; i < hostsHere; ++i)
        {
            Ipv4Address a(feFirst(l) + i);
            t.AddRoute(a, a, t.AddGroup({static_cast<uint16_t>(i)}));
        }
        if (hostsHere < feBlock)
        {
            t.AddDiscardRoute(Ipv4Address(feFirst(l) + hostsHere),
                              Ipv4Address(feFirst(l) + feBlock - 1));
        }
        if (feSpines > 0)
        {
            t.SetDefaultGroup(t.AddGroup(PortRange(feHpl, feSpines)));
        }
        t.Finalize();
    }
    for (uint32_t pod = 0; pod < fePods; ++pod)
    {
        const uint32_t down = feLeavesIn(pod);
        for (uint32_t j = 0; j < feSpines; ++j)
        {
            ForwardingTable& t = feSpineSwitch(pod, j)->GetForwardingTable();
            for (uint32_t i = 0; i < down; ++i)
            {
                uint32_t leaf = pod * feLeavesPerPod + i;
                t.AddRoute(Ipv4Address(feFirst(leaf)),
                           Ipv4Address(feFirst(leaf) + feBlock - 1),
                           t.AddGroup({static_cast<uint16_t>(i)}));
            }
            if (feSpineUp > 0)
            {
                t.SetDefaultGroup(t.AddGroup(PortRange(down, feSpineUp)));
            }
            t.Finalize();
        }
    }
    // Front-end cores: one prefix per pod (its leaves' blocks are contiguous).
    for (uint32_t c = 0; c < feCores; ++c)
    {
        ForwardingTable& t = feCoreSwitch(c)->GetForwardingTable();
        for (uint32_t pod = 0; pod < fePods; ++pod)
        {
            uint32_t firstLeaf = pod * feLeavesPerPod;
            t.AddRoute(Ipv4Address(feFirst(firstLeaf)),
                       Ipv4Address(feFirst(firstLeaf + feLeavesIn(pod)) - 1),
                       t.AddGroup({static_cast<uint16_t>(pod)}));
        }
        t.Finalize();
    }
    f.routeSetupSeconds = SecondsSince(routeStart);
    NS_LOG_INFO("built " << gpus << " GPUs, " << f.switches.size() << " switches, "
                         << f.links.size() << " links, " << f.hostNics.size() << " host NICs, "
                         << f.frontEndSwitches.size() << " front-end switches in " << f.buildSeconds
                         << " s; routes in " << f.routeSetupSeconds << " s");
    return fabric;
}

} // namespace fabric
} // namespace ns3
