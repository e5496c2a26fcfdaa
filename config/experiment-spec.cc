/*
 * Plain description of one experiment: a topology, a workload, a fabric profile, limits and
 * outputs.
 */
#include "experiment-spec.h"

#include "ns3/queue-size.h"
#include "ns3/type-id.h"

namespace ns3
{
namespace fabric
{

std::string
TopologyConfig::GpuTypeOfServer(uint32_t server) const
{
    // Later entries win, as in the file.
    std::string type = gpuType;
    for (const auto& r : gpuTypes)
    {
        if (server >= r.firstServer && server <= r.lastServer)
        {
            type = r.type;
        }
    }
    return type;
}

std::vector<std::string>
TopologyConfig::GpuTypeNames()
{
    return {"H100", "H200", "GB200"};
}

bool
ProfileOverrides::Empty() const
{
    return !routing && !congestionControl && !receiveMode && !pfc && !ecn && !telemetry;
}

std::vector<std::string>
WorkloadSpec::Types()
{
    return {"permutation", "all-to-all", "collective", "trace", "jobs"};
}

std::vector<std::string>
WorkloadSpec::Placements()
{
    return {"contiguous", "random", "striped"};
}

std::vector<std::string>
WorkloadSpec::Ops()
{
    // The names of helper/collective-config.h (CollectiveOpNames).
    return {"all-reduce", "all-gather", "reduce-scatter", "all-to-all", "broadcast", "sendrecv"};
}

std::vector<std::string>
WorkloadSpec::Algos()
{
    // Every algorithm name of helper/collective-config.h (CollectiveAlgorithmNames); which
    // operation has which is checked by the collective runner.
    return {"ring",
            "tree",
            "hierarchical",
            "hierarchical-tree",
            "direct",
            "pairwise",
            "pxn",
            "p2p",
            "permutation"};
}

std::vector<std::string>
WorkloadSpec::Groups()
{
    // CollectiveRunner::Groups kinds; "rail<i>" and "server<i>" name one communicator.
    return {"world", "rails", "servers"};
}

std::vector<std::string>
WorkloadSpec::TraceFormats()
{
    return {"auto", "simai", "chakra"};
}

std::optional<FabricProfile>
ExperimentSpec::Profile() const
{
    auto p = FabricProfile::FromName(profile);
    if (!p)
    {
        return std::nullopt;
    }
    if (overrides.routing)
    {
        p->routing = *overrides.routing;
    }
    if (overrides.congestionControl)
    {
        p->congestionControl = *overrides.congestionControl;
    }
    if (overrides.receiveMode)
    {
        p->receiveMode = *overrides.receiveMode;
    }
    if (overrides.pfc)
    {
        p->pfc = *overrides.pfc;
    }
    if (overrides.ecn)
    {
        p->ecn = *overrides.ecn;
    }
    if (overrides.telemetry)
    {
        p->telemetry = *overrides.telemetry;
    }
    return p;
}

SwitchSpec
SwitchSpec::FromAttributeDefaults()
{
    SwitchSpec s;
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe("ns3::fabric::FabricSwitch", &tid))
    {
        return s;
    }
    TypeId::AttributeInformation info;
    if (tid.LookupAttributeByName("Latency", &info))
    {
        if (auto v = DynamicCast<const TimeValue>(info.initialValue))
        {
            s.latency = v->Get();
        }
    }
    if (tid.LookupAttributeByName("BufferSize", &info))
    {
        if (auto v = DynamicCast<const QueueSizeValue>(info.initialValue))
        {
            s.bufferBytes = v->Get().GetValue();
        }
    }
    return s;
}

} // namespace fabric
} // namespace ns3
