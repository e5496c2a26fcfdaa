/*
 * Plain description of a fabric topology (no YAML, no ns-3 objects).
 */
#include "topology-spec.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
namespace fabric
{

TopologySpec
TopologySpec::LeafSpine(uint32_t gpus, uint32_t hostsPerLeaf, uint32_t spines)
{
    TopologySpec s;
    s.tiers = 2;
    s.gpus = gpus;
    s.hostsPerLeaf = hostsPerLeaf;
    s.spines = spines;
    return s;
}

TopologySpec
TopologySpec::FatTree(uint32_t k)
{
    TopologySpec s;
    s.tiers = 3;
    s.gpus = k * k * k / 4;
    s.hostsPerLeaf = k / 2;
    s.leafUplinks = k / 2;
    s.spines = k / 2;
    s.leavesPerPod = k / 2;
    s.spineUplinks = k / 2;
    s.cores = k * k / 4;
    s.gpusPerServer = k / 2 < 8 ? k / 2 : 8;
    return s;
}

TopologySpec
TopologySpec::Colossus(uint32_t arrays,
                       uint32_t arraysPerPod,
                       uint32_t leafOversubscription,
                       uint32_t spineOversubscription,
                       bool hostNic)
{
    // Colossus facts (reference.md): 8 GPUs and 8 GPU NICs per server, 8 servers per rack,
    // 8 racks per 512-GPU array; SN5600 switches with 128 x 400GbE ports.
    constexpr uint32_t GPUS_PER_SERVER = 8;
    constexpr uint32_t SERVERS_PER_ARRAY = 64;
    constexpr uint32_t RADIX = 128;
    TopologySpec s;
    s.gpusPerServer = GPUS_PER_SERVER;
    s.wiring = Wiring::RAIL;
    s.hostsPerLeaf = SERVERS_PER_ARRAY; // a rail leaf holds GPU i of the array's 64 servers
    s.gpus = arrays * SERVERS_PER_ARRAY * GPUS_PER_SERVER;
    s.switchRadix = RADIX;
    s.hostNic = hostNic; // front-end defaults: one leaf per 8-server rack, 8 spines (1:1)
    uint32_t leafOver = leafOversubscription ? leafOversubscription : 1;
    s.leafUplinks = std::max(1u, SERVERS_PER_ARRAY / leafOver); // 3:1 -> 21 uplinks
    s.spines = s.leafUplinks; // one link from every leaf to every spine of its pod
    uint32_t perPod = arraysPerPod ? arraysPerPod : 1;
    if (arrays <= perPod)
    {
        s.tiers = 2;
        return s;
    }
    s.tiers = 3;
    s.leavesPerPod = perPod * GPUS_PER_SERVER; // 8 rail leaves per array
    uint32_t spineOver = spineOversubscription ? spineOversubscription : 1;
    uint32_t down = s.leavesPerPod; // one link per leaf of the pod
    s.spineUplinks = std::max(1u, down / spineOver);
    s.cores = s.spines * s.spineUplinks; // plane j: the cores above spine j of every pod
    return s;
}

uint32_t
TopologySpec::SpineDownlinks() const
{
    uint32_t leavesUnder = tiers == 3 ? leavesPerPod : NumLeaves();
    return leavesUnder * LinksPerLeafSpine();
}

uint32_t
TopologySpec::FrontEndHostsPerLeaf() const
{
    return std::min(frontEndServersPerLeaf, NumServers());
}

uint32_t
TopologySpec::NumFrontEndLeaves() const
{
    uint32_t perLeaf = FrontEndHostsPerLeaf();
    return hostNic && perLeaf > 0 ? (NumServers() + perLeaf - 1) / perLeaf : 0;
}

uint32_t
TopologySpec::NumFrontEndSpines() const
{
    if (NumFrontEndLeaves() < 2)
    {
        return 0;
    }
    return frontEndSpines ? frontEndSpines : frontEndServersPerLeaf;
}

uint32_t
TopologySpec::FrontEndTiers() const
{
    return switchRadix != 0 && NumFrontEndLeaves() > switchRadix ? 3 : 2;
}

uint32_t
TopologySpec::FrontEndLeavesPerPod() const
{
    // 3 tiers: half a pod spine's ports down, half up (1:1); at least 1 so that a tiny radix
    // is reported by Validate() rather than divided by.
    return FrontEndTiers() == 3 ? std::max(1u, switchRadix / 2) : NumFrontEndLeaves();
}

uint32_t
TopologySpec::NumFrontEndPods() const
{
    if (NumFrontEndSpines() == 0)
    {
        return 0;
    }
    uint32_t perPod = FrontEndLeavesPerPod();
    return (NumFrontEndLeaves() + perPod - 1) / perPod;
}

uint32_t
TopologySpec::FrontEndSpineUplinks() const
{
    return NumFrontEndSpines() > 0 && FrontEndTiers() == 3 ? FrontEndLeavesPerPod() : 0;
}

std::vector<std::string>
TopologySpec::Validate() const
{
    std::vector<std::string> errors;
    auto fail = [&errors](const std::string& what) {
        errors.push_back(what);
    };
    auto str = [](auto v) {
        std::ostringstream os;
        os << v;
        return os.str();
    };
    if (tiers != 2 && tiers != 3)
    {
        fail("tiers must be 2 or 3, got " + str(tiers));
    }
    if (gpus == 0)
    {
        fail("gpus must be > 0");
    }
    if (gpusPerServer == 0)
    {
        fail("gpusPerServer must be > 0");
    }
    if (hostsPerLeaf == 0)
    {
        fail("hostsPerLeaf must be > 0");
    }
    if (planes == 0 || planes > MAX_PLANES)
    {
        fail("planes must be from 1 to " + str(MAX_PLANES) + ", got " + str(planes));
    }
    else if (planes > 1)
    {
        for (const auto& [name, tier] :
             {std::pair<const char*, const LinkTier&> {"hostLink", hostLink},
              {"leafLink", leafLink},
              {"spineLink", spineLink}})
        {
            if (tier.rate.GetBitRate() % planes != 0)
            {
                fail(std::string(name) + " rate (" + str(tier.rate.GetBitRate() / 1e9)
                     + " Gb/s) is not divisible by planes (" + str(planes)
                     + "): each plane runs at 1/planes of it, in whole bits per second");
            }
        }
    }
    for (const auto& [name, tier] : {std::pair<const char*, const LinkTier&> {"hostLink", hostLink},
                                     {"leafLink", leafLink},
                                     {"spineLink", spineLink}})
    {
        if (tier.rate.GetBitRate() == 0)
        {
            fail(std::string(name) + " rate must be > 0");
        }
        if (tier.delay.IsStrictlyNegative())
        {
            fail(std::string(name) + " delay must be >= 0");
        }
    }
    if (hostNic)
    {
        if (frontEndServersPerLeaf == 0)
        {
            fail("hostNic needs front-end leaves: frontEndServersPerLeaf must be > 0");
        }
        if (frontEndLink.rate.GetBitRate() == 0)
        {
            fail("hostNic needs a front-end link: frontEndLink rate (the host NIC's line rate) "
                 "must be > 0");
        }
        if (frontEndLink.delay.IsStrictlyNegative())
        {
            fail("frontEndLink delay must be >= 0");
        }
    }
    if (!errors.empty())
    {
        return errors;
    }
    if (gpus % hostsPerLeaf != 0)
    {
        fail("gpus (" + str(gpus) + ") must be a multiple of hostsPerLeaf (" + str(hostsPerLeaf)
             + ")");
        return errors;
    }
    if (NumLeaves() < 2)
    {
        fail("a fabric needs at least 2 leaves; gpus / hostsPerLeaf = " + str(NumLeaves()));
    }
    if (gpus % gpusPerServer != 0)
    {
        fail("gpus (" + str(gpus) + ") must be a multiple of gpusPerServer (" + str(gpusPerServer)
             + ")");
    }
    if (wiring == Wiring::TOR && hostsPerLeaf % gpusPerServer != 0)
    {
        fail("ToR wiring puts whole servers on a leaf: hostsPerLeaf (" + str(hostsPerLeaf)
             + ") must be a multiple of gpusPerServer (" + str(gpusPerServer) + ")");
    }
    if (wiring == Wiring::RAIL && gpus % (hostsPerLeaf * gpusPerServer) != 0)
    {
        fail("rail wiring groups hostsPerLeaf servers on gpusPerServer rail leaves: gpus ("
             + str(gpus) + ") must be a multiple of hostsPerLeaf * gpusPerServer ("
             + str(hostsPerLeaf * gpusPerServer) + ")");
    }
    if (LeafUplinks() == 0 || Spines() == 0 || LeafUplinks() % Spines() != 0)
    {
        fail("leafUplinks (" + str(LeafUplinks()) + ") must be a positive multiple of spines ("
             + str(Spines()) + ")");
        return errors;
    }
    if (tiers == 3)
    {
        if (leavesPerPod == 0 || NumLeaves() % leavesPerPod != 0)
        {
            fail("leavesPerPod (" + str(leavesPerPod) + ") must divide the number of leaves ("
                 + str(NumLeaves()) + ")");
            return errors;
        }
        if (NumPods() < 2)
        {
            fail("a 3-tier fabric needs at least 2 pods; leaves / leavesPerPod = "
                 + str(NumPods()));
        }
        uint32_t perPlane = Cores() / Spines();
        if (Cores() % Spines() != 0 || perPlane == 0)
        {
            fail("cores (" + str(Cores()) + ") must be a positive multiple of spines per pod ("
                 + str(Spines()) + ")");
        }
        else if (SpineUplinks() % perPlane != 0)
        {
            fail("spineUplinks (" + str(SpineUplinks())
                 + ") must be a multiple of cores per plane (" + str(perPlane) + ")");
        }
    }
    if (switchRadix != 0)
    {
        uint32_t leafPorts = hostsPerLeaf + LeafUplinks();
        uint32_t spinePorts = SpineDownlinks() + (tiers == 3 ? SpineUplinks() : 0);
        if (leafPorts > switchRadix)
        {
            fail("a leaf needs " + str(leafPorts) + " ports, more than the switch radix "
                 + str(switchRadix));
        }
        if (spinePorts > switchRadix)
        {
            fail("a spine needs " + str(spinePorts) + " ports, more than the switch radix "
                 + str(switchRadix));
        }
        if (tiers == 3 && Cores() % Spines() == 0 && Cores() >= Spines())
        {
            uint32_t corePorts = NumPods() * (SpineUplinks() / (Cores() / Spines()));
            if (corePorts > switchRadix)
            {
                fail("a core switch needs " + str(corePorts) + " ports, more than the switch radix "
                     + str(switchRadix));
            }
        }
        if (hostNic)
        {
            uint32_t feLeafPorts = FrontEndHostsPerLeaf() + NumFrontEndSpines();
            if (feLeafPorts > switchRadix)
            {
                fail("a front-end leaf needs " + str(feLeafPorts)
                     + " ports (frontEndServersPerLeaf + frontEndSpines), more than the switch "
                       "radix "
                     + str(switchRadix));
            }
            // A 2-tier front-end spine fits by construction (FrontEndTiers()), and so does a
            // 3-tier pod spine (radix / 2 down, as many up); a front-end core has a port per pod.
            if (NumFrontEndPods() > switchRadix)
            {
                fail("a front-end core needs " + str(NumFrontEndPods())
                     + " ports (one per front-end pod of " + str(FrontEndLeavesPerPod())
                     + " front-end leaves), more than the switch radix " + str(switchRadix)
                     + "; raise frontEndServersPerLeaf");
            }
        }
    }
    return errors;
}

} // namespace fabric
} // namespace ns3
