/*
 * Command-line flags that describe a fabric, shared by the example programs.
 */
#include "topology-flags.h"

#include "config/units.h"

namespace ns3
{
namespace fabric
{

void
TopologyFlags::AddTo(CommandLineFlags& cmd)
{
    m_cmd = &cmd;
    cmd.Add("topology", "leaf-spine or fat-tree", topology);
    cmd.Add("gpus", "number of GPUs (leaf-spine)", gpus);
    cmd.Add("hostsPerLeaf", "GPUs per leaf (leaf-spine)", hostsPerLeaf);
    cmd.Add("spines", "spines (leaf-spine; 0 = as many as leaf uplinks)", spines);
    cmd.Add("leafUplinks", "uplinks per leaf (0 = hostsPerLeaf, i.e. 1:1)", leafUplinks);
    cmd.Add("k", "fat-tree arity (fat-tree: k^3/4 GPUs)", k);
    cmd.Add("wiring", "tor or rail", wiring);
    cmd.Add("rate", "every link's rate, with unit", rate);
}

std::string
TopologyFlags::ToSpec(TopologySpec* spec) const
{
    auto lineRate = ParseDataRate(rate);
    if (!lineRate || lineRate->GetBitRate() == 0)
    {
        return "--rate must be a positive rate with a unit, e.g. 400Gbps; got '" + rate + "'";
    }
    if (topology == "leaf-spine")
    {
        if (m_cmd)
        {
            std::string unused = m_cmd->RejectGiven({"k"}, "--topology=leaf-spine");
            if (!unused.empty())
            {
                return unused + " (--k sizes a fat tree)";
            }
        }
        *spec = TopologySpec::LeafSpine(gpus, hostsPerLeaf, spines);
        spec->leafUplinks = leafUplinks;
    }
    else if (topology == "fat-tree")
    {
        if (k < 4 || k % 2 != 0)
        {
            return "--k must be an even number >= 4";
        }
        if (m_cmd)
        {
            std::string unused = m_cmd->RejectGiven(
                {"gpus", "hostsPerLeaf", "spines", "leafUplinks"}, "--topology=fat-tree");
            if (!unused.empty())
            {
                return unused + " (a fat tree's size is --k)";
            }
        }
        *spec = TopologySpec::FatTree(k);
    }
    else
    {
        return "--topology must be leaf-spine or fat-tree; got '" + topology + "'";
    }
    if (wiring == "rail")
    {
        spec->wiring = Wiring::RAIL;
    }
    else if (wiring != "tor")
    {
        return "--wiring must be tor or rail; got '" + wiring + "'";
    }
    spec->hostLink.rate = spec->leafLink.rate = spec->spineLink.rate = *lineRate;
    auto errors = spec->Validate();
    if (!errors.empty())
    {
        std::string all = "invalid topology:";
        for (const auto& e : errors)
        {
            all += "\n  - " + e;
        }
        return all;
    }
    return "";
}

} // namespace fabric
} // namespace ns3
