/*
 * A sweep: a base experiment and named axes, expanded into numbered points.
 */
#include "sweep-spec.h"

#include "config/yaml-experiment.h"

#include <cstdio>

namespace ns3
{
namespace fabric
{

std::string
SweepPoint::Label() const
{
    if (values.empty())
    {
        return "base";
    }
    std::string s;
    for (const auto& [axis, value] : values)
    {
        s += (s.empty() ? "" : " ") + axis + "=" + value;
    }
    return s;
}

const SweepPoint*
SweepSpec::FindById(const std::string& id) const
{
    for (const auto& p : points)
    {
        if (p.id == id)
        {
            return &p;
        }
    }
    return nullptr;
}

std::string
ExperimentId(const ExperimentSpec& spec)
{
    std::string text = WriteExperimentYaml(spec, false);
    uint64_t h = 14695981039346656037ULL; // FNV-1a 64 offset basis
    for (unsigned char c : text)
    {
        h ^= c;
        h *= 1099511628211ULL; // FNV-1a 64 prime
    }
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%012llx", static_cast<unsigned long long>(h >> 16));
    return buf;
}

const std::vector<std::pair<std::string, std::vector<std::string>>>&
SweepAxisAliases()
{
    static const std::vector<std::pair<std::string, std::vector<std::string>>> ALIASES = {
        {"profile", {"profile"}},
        {"routing", {"overrides.routing"}},
        {"cc", {"overrides.congestionControl"}},
        {"congestionControl", {"overrides.congestionControl"}},
        {"receiveMode", {"overrides.receiveMode"}},
        {"nicMode", {"overrides.receiveMode"}},
        {"pfc", {"overrides.pfc"}},
        {"ecn", {"overrides.ecn"}},
        {"telemetry", {"overrides.telemetry"}},
        {"workload", {"workload.type"}},
        {"size", {"workload.size"}},
        {"messageSize", {"workload.size"}},
        {"qpsPerPair", {"workload.qpsPerPair"}},
        {"op", {"workload.op"}},
        {"algo", {"workload.algo"}},
        {"group", {"workload.group"}},
        {"placement", {"workload.placement"}},
        {"topology", {"topology"}},
        {"gpus", {"topology.gpus"}},
        {"wiring", {"topology.wiring"}},
        {"hostsPerLeaf", {"topology.hostsPerLeaf"}},
        {"rate", {"topology.hostLink.rate", "topology.leafLink.rate", "topology.spineLink.rate"}},
        {"seed", {"seed"}},
        {"failures", {"failures"}},
        {"planes", {"topology.planes"}},
        {"simTime", {"limits.simTime"}},
    };
    return ALIASES;
}

} // namespace fabric
} // namespace ns3
