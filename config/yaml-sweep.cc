/*
 * Sweep files: an experiment plus named axes, expanded into numbered points.
 */
#include "yaml-sweep.h"

#include "config/yaml-node.h"

#include <algorithm>
#include <map>

namespace ns3
{
namespace fabric
{

namespace
{

/// One axis while expanding: its paths and its located values.
struct AxisValues
{
    SweepAxis axis;                    //!< name, paths, value labels
    yaml::Located at;                  //!< the axis key
    std::vector<yaml::Located> values; //!< the value nodes
};

std::string
ValueLabel(const YAML::Node& node)
{
    if (node.IsScalar())
    {
        return node.Scalar();
    }
    YAML::Emitter out;
    out << YAML::Flow << node;
    return out.c_str();
}

std::vector<std::string>
AliasNames()
{
    std::vector<std::string> names;
    for (const auto& [name, paths] : SweepAxisAliases())
    {
        names.push_back(name);
    }
    return names;
}

SweepSpec
ReadSweep(const yaml::Located& doc)
{
    using namespace yaml;
    SweepSpec sweep;
    sweep.file = doc.file;
    std::vector<AxisValues> axes;
    const YAML::Node& root = doc.node;
    if (root["axes"])
    {
        YAML::Node axesNode = root["axes"];
        Located axesAt {axesNode, doc.file, axesNode.Mark()};
        if (!axesNode.IsMap())
        {
            Fail(axesAt,
                 "axes: expected a map from axis name to a list of values, e.g. "
                 "axes: {profile: [standard, spectrum-x]}, found "
                     + Describe(axesNode));
        }
        MapReader keys(axesAt, "axes", "axes", nullptr); // rejects duplicate axis names
        for (auto it = axesNode.begin(); it != axesNode.end(); ++it)
        {
            AxisValues a;
            a.at = Located {it->first, doc.file, it->first.Mark()};
            a.axis.name = it->first.Scalar();
            keys.Get(a.axis.name);
            for (const auto& [alias, paths] : SweepAxisAliases())
            {
                if (alias == a.axis.name)
                {
                    a.axis.paths = paths;
                }
            }
            if (a.axis.paths.empty())
            {
                if (a.axis.name.find('.') == std::string::npos)
                {
                    Fail(a.at,
                         "unknown axis '" + a.axis.name + "'"
                             + SuggestionFor(a.axis.name, AliasNames())
                             + " (an axis is a short name or a dotted path such as "
                               "topology.hostLink.delay)");
                }
                a.axis.paths = {a.axis.name};
            }
            Located list {it->second, doc.file, a.at.mark};
            a.values = ReadList(list, "axes." + a.axis.name, "values, e.g. [a, b]");
            if (a.values.empty())
            {
                Fail(list, "axes." + a.axis.name + ": an axis needs at least one value");
            }
            for (std::size_t i = 0; i < a.values.size(); ++i)
            {
                std::string label = ValueLabel(a.values[i].node);
                if (std::find(a.axis.values.begin(), a.axis.values.end(), label)
                    != a.axis.values.end())
                {
                    Fail(a.values[i], "axes." + a.axis.name + ": duplicate value '" + label + "'");
                }
                a.axis.values.push_back(label);
            }
            axes.push_back(a);
        }
    }
    // The number of points, bounded before anything is expanded.
    std::size_t count = 1;
    for (const auto& a : axes)
    {
        count *= a.values.size();
        if (count > MAX_SWEEP_POINTS)
        {
            Fail(a.at,
                 "the axes expand to more than " + std::to_string(MAX_SWEEP_POINTS)
                     + " points; split the sweep");
        }
    }
    std::map<std::string, uint32_t> ids;
    std::vector<std::size_t> pick(axes.size(), 0);
    for (std::size_t index = 0; index < count; ++index)
    {
        // Mixed-radix counter: the last axis varies fastest.
        std::size_t rest = index;
        for (std::size_t k = axes.size(); k-- > 0;)
        {
            pick[k] = rest % axes[k].values.size();
            rest /= axes[k].values.size();
        }
        ReadContext ctx;
        SweepPoint point;
        point.index = static_cast<uint32_t>(index);
        for (std::size_t k = 0; k < axes.size(); ++k)
        {
            for (const auto& path : axes[k].axis.paths)
            {
                ctx.overrides[path] = axes[k].values[pick[k]];
            }
            point.values.emplace_back(axes[k].axis.name, axes[k].axis.values[pick[k]]);
        }
        point.spec = ReadExperimentMap(doc, &ctx, {"axes"});
        for (const auto& a : axes)
        {
            for (const auto& path : a.axis.paths)
            {
                if (!ctx.usedOverrides.count(path))
                {
                    std::vector<std::string> known(ctx.knownPaths.begin(), ctx.knownPaths.end());
                    Fail(a.at,
                         "axis '" + a.axis.name + "' names no key of the experiment"
                             + SuggestionFor(path, known));
                }
            }
        }
        point.id = ExperimentId(point.spec);
        auto [it, fresh] = ids.emplace(point.id, point.index);
        if (!fresh)
        {
            Fail(axes.empty() ? doc : axes.back().at,
                 "points " + std::to_string(it->second) + " (" + sweep.points[it->second].Label()
                     + ") and " + std::to_string(point.index) + " (" + point.Label()
                     + ") are the same experiment; remove the duplicate axis value");
        }
        sweep.points.push_back(point);
    }
    for (const auto& a : axes)
    {
        sweep.axes.push_back(a.axis);
    }
    sweep.name = sweep.points.empty() ? "" : sweep.points[0].spec.name;
    return sweep;
}

} // namespace

SweepSpec
ReadSweepFile(const std::string& path)
{
    return ReadSweep(yaml::LoadDocument(path, nullptr));
}

SweepSpec
ReadSweepText(const std::string& text, const std::string& name)
{
    return ReadSweep(yaml::ParseDocument(text, name));
}

} // namespace fabric
} // namespace ns3
