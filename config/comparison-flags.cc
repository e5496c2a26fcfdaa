/*
 * The comparison program's flags as experiment specs.
 */
#include "comparison-flags.h"

#include "config/profile-list.h"
#include "helper/result-writer.h"

namespace ns3
{
namespace fabric
{

ComparisonFlags::ComparisonFlags()
{
    topo.gpus = 512;
    topo.hostsPerLeaf = 32;
}

void
ComparisonFlags::AddTo(CommandLineFlags& cmd)
{
    topo.AddTo(cmd);
    cmd.Add("pattern", "permutation or all-to-all", pattern);
    cmd.AddSize(
        "flowSize", "bytes per flow (permutation) or per pair (all-to-all), with unit", bytes);
    cmd.Add("qpsPerPair", "queue pairs per connection (the bytes are split over them)", qpsPerPair);
    cmd.Add("seed", "random seed", seed);
    cmd.Add("variants", "';'-separated profiles with /key=value overrides", variants);
    cmd.AddTime("stopTime", "simulated-time limit per variant, with unit", stop);
    cmd.Add("fctPrefix", "write per-flow CSVs to PREFIX<variant>-flows.csv", fctPrefix);
    monitors.AddTo(cmd, "variant");
    cmd.Add("linkStats",
            "count bytes per flow per link (collisions, uplink balance; ~10% slower)",
            linkStats);
    AddFailureFlags(cmd, failures);
}

std::string
ComparisonFlags::ToPoints(std::vector<Point>* points) const
{
    points->clear();
    if (std::string why = monitors.Check({}); !why.empty())
    {
        return why;
    }
    std::vector<FailureSpec> failureSpecs;
    if (std::string why = FailureSpecsFromFlags(failures, &failureSpecs); !why.empty())
    {
        return why;
    }
    if (qpsPerPair == 0)
    {
        return "--qpsPerPair must be >= 1";
    }
    if (pattern != "permutation" && pattern != "all-to-all")
    {
        return "--pattern must be permutation or all-to-all; got '" + pattern + "'";
    }
    TopologyConfig topology;
    if (std::string why = topo.ToSpec(&topology.spec); !why.empty())
    {
        return why;
    }
    topology.name = topo.topology;
    topology.switches = SwitchSpec::FromAttributeDefaults();
    std::vector<FabricProfile> profiles;
    for (const std::string& why :
         {ParseProfileList(variants, ';', "variant", "--variants", &profiles),
          monitors.Check(ProfileNames(profiles))})
    {
        if (!why.empty())
        {
            return why;
        }
    }
    for (const auto& p : profiles)
    {
        Point point;
        point.label = p.name;
        ExperimentSpec& e = point.spec;
        e.name = p.name;
        e.topology = topology;
        // The variant as a base profile with every part written out: the same profile.
        e.profile = p.name.substr(0, p.name.find('/'));
        e.overrides.routing = p.routing;
        e.overrides.congestionControl = p.congestionControl;
        e.overrides.receiveMode = p.receiveMode;
        e.overrides.pfc = p.pfc;
        e.overrides.ecn = p.ecn;
        e.overrides.telemetry = p.telemetry;
        e.workload.type = pattern;
        e.workload.bytes = bytes;
        e.workload.qpsPerPair = qpsPerPair;
        e.seed = seed;
        e.stopTime = stop;
        e.failures = failureSpecs;
        monitors.ToOutputSpec(&e.outputs);
        point.flowsCsv = fctPrefix.empty() ? "" : fctPrefix + FileSafeLabel(p.name) + "-flows.csv";
        point.ccCsv = monitors.CcFile(p.name);
        points->push_back(point);
    }
    return "";
}

} // namespace fabric
} // namespace ns3
