/*
 * Plain description of a fabric topology (no YAML, no ns-3 objects).
 */
#include "topology-spec.h"

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

uint32_t
TopologySpec::SpineDownlinks() const
{
    uint32_t leavesUnder = tiers == 3 ? leavesPerPod : NumLeaves();
    return leavesUnder * LinksPerLeafSpine();
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
    }
    return errors;
}

} // namespace fabric
} // namespace ns3
