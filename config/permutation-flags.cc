/*
 * The permutation program's flags as an experiment spec.
 */
#include "permutation-flags.h"

#include "helper/fabric-builder.h"
#include "helper/strategy-names.h"
#include "model/routing/routing-policy.h"

namespace ns3
{
namespace fabric
{

void
PermutationFlags::AddTo(CommandLineFlags& cmd)
{
    topo.AddTo(cmd);
    cmd.Add("routing", "routing policy: ecmp, adaptive, flowlet (or a TypeId name)", routing);
    cmd.AddSize("flowSize", "message size per GPU, with unit (e.g. 2MiB)", bytes);
    cmd.Add("mtu", "RoCE payload bytes per packet", mtu);
    cmd.Add("seed", "random seed (permutation and hash seeds)", seed);
    cmd.Add("receiveMode", "NIC receive mode: InOrder or OutOfOrder", receiveMode);
    cmd.AddTime("stopTime", "simulated-time limit, with unit", stop);
}

std::string
PermutationFlags::ToSpec(ExperimentSpec* spec) const
{
    std::string topoError = topo.ToSpec(&spec->topology.spec);
    if (!topoError.empty())
    {
        return topoError;
    }
    if (mtu < 256 || mtu > 9000)
    {
        return "--mtu must be between 256 and 9000 bytes";
    }
    if (receiveMode != "InOrder" && receiveMode != "OutOfOrder")
    {
        return "--receiveMode must be InOrder or OutOfOrder; got '" + receiveMode + "'";
    }
    if (FabricBuilder::RoutingTypeIdFromName(routing).empty())
    {
        return "unknown routing policy '" + routing
             + "' (known: " + StrategyNameList<RoutingPolicy>() + ")";
    }
    spec->name = "permutation";
    spec->topology.name = topo.topology;
    spec->topology.switches = SwitchSpec::FromAttributeDefaults();
    spec->profile = "ideal";
    spec->overrides.routing = routing;
    spec->overrides.receiveMode = receiveMode;
    spec->workload.type = "permutation";
    spec->workload.bytes = bytes;
    spec->seed = seed;
    spec->stopTime = stop;
    spec->attributes["ns3::fabric::RdmaNic::Mtu"] = std::to_string(mtu);
    return "";
}

} // namespace fabric
} // namespace ns3
