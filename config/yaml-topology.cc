/*
 * Topology files: YAML <-> TopologyConfig (TopologySpec + switch attributes + GPU types).
 */
#include "yaml-topology.h"

#include "config/yaml-node.h"

#include <algorithm>
#include <cctype>

namespace ns3
{
namespace fabric
{
namespace yaml
{

namespace
{

/// Keys of TopologySpec counts, for pointing Validate()'s messages at the right line.
const std::vector<std::string>&
CountKeys()
{
    static const std::vector<std::string> KEYS = {"tiers",
                                                  "gpus",
                                                  "gpusPerServer",
                                                  "planes",
                                                  "wiring",
                                                  "hostsPerLeaf",
                                                  "leafUplinks",
                                                  "spines",
                                                  "leavesPerPod",
                                                  "spineUplinks",
                                                  "cores",
                                                  "switchRadix",
                                                  "hostLink",
                                                  "leafLink",
                                                  "spineLink",
                                                  "hostNic",
                                                  "frontEndServersPerLeaf",
                                                  "frontEndSpines",
                                                  "frontEndLink"};
    return KEYS;
}

/// @return the key a Validate() message is about: the first key named in it that the file
/// sets ("radix" -> switchRadix), "" when none is
std::string
KeyOfMessage(const std::string& message, const MapReader& m)
{
    if (message.find("radix") != std::string::npos)
    {
        return "switchRadix";
    }
    std::string best;
    std::size_t bestPos = std::string::npos;
    for (const auto& key : CountKeys())
    {
        for (std::size_t pos = message.find(key); pos != std::string::npos;
             pos = message.find(key, pos + 1))
        {
            auto isWordChar = [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) != 0;
            };
            bool startOk = pos == 0 || !isWordChar(message[pos - 1]);
            std::size_t end = pos + key.size();
            bool endOk = end >= message.size() || !isWordChar(message[end]);
            if (startOk && endOk && m.Has(key))
            {
                if (pos < bestPos)
                {
                    bestPos = pos;
                    best = key;
                }
                break;
            }
        }
    }
    if (best.empty() && message.find("ToR wiring") != std::string::npos)
    {
        return "wiring";
    }
    return best;
}

LinkTier
ReadLink(MapReader& parent, const std::string& key, const LinkTier& defaults, ReadContext* ctx)
{
    LinkTier tier = defaults;
    auto v = parent.Get(key);
    Located at
        = v ? *v
            : Located {YAML::Node(YAML::NodeType::Map), parent.Self().file, parent.Self().mark};
    MapReader m(at, parent.PathOf(key), parent.PathOf(key), ctx);
    if (auto r = m.Get("rate"))
    {
        tier.rate = ReadRate(*r, m.PathOf("rate"));
    }
    if (auto d = m.Get("delay"))
    {
        tier.delay = ReadTime(*d, m.PathOf("delay"), true);
    }
    m.Finish();
    return tier;
}

/// "12" or "0-31" -> first, last.
void
ReadServerRange(const Located& v, const std::string& path, uint32_t* first, uint32_t* last)
{
    std::string expected = "a server index or an inclusive range like 0-31";
    std::string text = ScalarText(v, path, expected);
    auto dash = text.find('-');
    auto number = [&](const std::string& s) -> uint32_t {
        bool ok = !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        if (!ok)
        {
            Fail(v, path + ": expected " + expected + "; got '" + text + "'");
        }
        return static_cast<uint32_t>(std::stoul(s));
    };
    if (dash == std::string::npos)
    {
        *first = *last = number(text);
        return;
    }
    *first = number(text.substr(0, dash));
    *last = number(text.substr(dash + 1));
    if (*first > *last)
    {
        Fail(v, path + ": range '" + text + "' is empty (expected first <= last, e.g. 0-31)");
    }
}

} // namespace

TopologyConfig
ReadTopologyMap(const Located& at, const std::string& path, ReadContext* ctx)
{
    TopologyConfig t;
    TopologySpec& s = t.spec;
    MapReader m(at, path, path.empty() ? "topology" : path, ctx);
    if (auto v = m.Get("name"))
    {
        t.name = ReadString(*v, m.PathOf("name"), "a name");
    }
    if (auto v = m.Get("description"))
    {
        t.description = ScalarText(*v, m.PathOf("description"), "a text");
    }
    if (auto v = m.Get("tiers"))
    {
        s.tiers = ReadCount(*v, m.PathOf("tiers"), 0);
        if (s.tiers != 2 && s.tiers != 3)
        {
            Fail(*v,
                 m.PathOf("tiers") + ": must be 2 (leaf-spine) or 3 (leaf-spine-core); got "
                     + std::to_string(s.tiers));
        }
    }
    if (auto v = m.Get("gpus"))
    {
        s.gpus = ReadCount(*v, m.PathOf("gpus"), 1);
    }
    if (auto v = m.Get("gpusPerServer"))
    {
        s.gpusPerServer = ReadCount(*v, m.PathOf("gpusPerServer"), 1);
    }
    if (auto v = m.Get("planes"))
    {
        s.planes = ReadCount(*v, m.PathOf("planes"), 1);
    }
    if (auto v = m.Get("wiring"))
    {
        s.wiring = ReadChoice(*v, m.PathOf("wiring"), {"tor", "rail"}) == "rail" ? Wiring::RAIL
                                                                                 : Wiring::TOR;
    }
    if (auto v = m.Get("hostsPerLeaf"))
    {
        s.hostsPerLeaf = ReadCount(*v, m.PathOf("hostsPerLeaf"), 1);
    }
    if (auto v = m.Get("leafUplinks"))
    {
        s.leafUplinks = ReadCount(*v, m.PathOf("leafUplinks"), 0);
    }
    if (auto v = m.Get("spines"))
    {
        s.spines = ReadCount(*v, m.PathOf("spines"), 0);
    }
    if (auto v = m.Get("leavesPerPod"))
    {
        s.leavesPerPod = ReadCount(*v, m.PathOf("leavesPerPod"), 0);
    }
    if (auto v = m.Get("spineUplinks"))
    {
        s.spineUplinks = ReadCount(*v, m.PathOf("spineUplinks"), 0);
    }
    if (auto v = m.Get("cores"))
    {
        s.cores = ReadCount(*v, m.PathOf("cores"), 0);
    }
    if (auto v = m.Get("switchRadix"))
    {
        s.switchRadix = ReadCount(*v, m.PathOf("switchRadix"), 0);
    }
    s.hostLink = ReadLink(m, "hostLink", s.hostLink, ctx);
    s.leafLink = ReadLink(m, "leafLink", s.leafLink, ctx);
    s.spineLink = ReadLink(m, "spineLink", s.spineLink, ctx);
    if (auto v = m.Get("hostNic"))
    {
        s.hostNic = ReadBool(*v, m.PathOf("hostNic"));
    }
    if (auto v = m.Get("frontEndServersPerLeaf"))
    {
        s.frontEndServersPerLeaf = ReadCount(*v, m.PathOf("frontEndServersPerLeaf"), 1);
    }
    if (auto v = m.Get("frontEndSpines"))
    {
        s.frontEndSpines = ReadCount(*v, m.PathOf("frontEndSpines"), 0);
    }
    s.frontEndLink = ReadLink(m, "frontEndLink", s.frontEndLink, ctx);
    {
        auto v = m.Get("switch");
        Located sw = v ? *v : Located {YAML::Node(YAML::NodeType::Map), at.file, m.Self().mark};
        MapReader sm(sw, m.PathOf("switch"), m.PathOf("switch"), ctx);
        if (auto l = sm.Get("latency"))
        {
            t.switches.latency = ReadTime(*l, sm.PathOf("latency"), true);
        }
        if (auto b = sm.Get("buffer"))
        {
            t.switches.bufferBytes = ReadBytes(*b, sm.PathOf("buffer"));
            if (t.switches.bufferBytes > 0xFFFFFFFFULL)
            {
                Fail(*b,
                     sm.PathOf("buffer")
                         + ": at most 4294967295B (just under 4GiB; ns-3's "
                           "QueueSize holds 32 bits); got '"
                         + b->node.Scalar() + "'");
            }
        }
        sm.Finish();
    }
    if (auto v = m.Get("gpuType"))
    {
        t.gpuType = ReadChoice(*v, m.PathOf("gpuType"), TopologyConfig::GpuTypeNames());
    }
    std::vector<Located> rangeAt;
    if (auto v = m.Get("gpuTypes"))
    {
        for (const auto& item : ReadList(*v, m.PathOf("gpuTypes"), "{servers: 0-31, type: H200}"))
        {
            MapReader im(item, m.PathOf("gpuTypes[]"), m.PathOf("gpuTypes") + " entry", nullptr);
            GpuTypeRange r;
            auto servers = im.Get("servers");
            auto type = im.Get("type");
            if (!servers || !type)
            {
                Fail(item,
                     m.PathOf("gpuTypes")
                         + ": each entry needs 'servers' and 'type', e.g. "
                           "{servers: 0-31, type: H200}");
            }
            ReadServerRange(*servers, im.PathOf("servers"), &r.firstServer, &r.lastServer);
            r.type = ReadChoice(*type, im.PathOf("type"), TopologyConfig::GpuTypeNames());
            im.Finish();
            t.gpuTypes.push_back(r);
            rangeAt.push_back(*servers);
        }
    }
    m.Finish();

    // Whole-spec checks, pointed at the key the message is about.
    std::vector<std::string> problems = s.Validate();
    if (!problems.empty())
    {
        std::string key = KeyOfMessage(problems[0], m);
        Located where = key.empty() ? m.Self() : m.Where(key);
        std::vector<std::string> notes(problems.begin() + 1, problems.end());
        Fail(where, "invalid topology: " + problems[0], notes);
    }
    uint32_t servers = s.gpus / s.gpusPerServer;
    for (std::size_t i = 0; i < t.gpuTypes.size(); ++i)
    {
        if (t.gpuTypes[i].lastServer >= servers)
        {
            Fail(rangeAt[i],
                 m.PathOf("gpuTypes") + ": server " + std::to_string(t.gpuTypes[i].lastServer)
                     + " does not exist (the topology has servers 0-" + std::to_string(servers - 1)
                     + ")");
        }
    }
    return t;
}

void
EmitTopology(YAML::Emitter& out, const TopologyConfig& t)
{
    const TopologySpec& s = t.spec;
    out << YAML::BeginMap;
    if (!t.name.empty())
    {
        out << YAML::Key << "name" << YAML::Value;
        EmitText(out, t.name);
    }
    if (!t.description.empty())
    {
        out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << t.description;
    }
    out << YAML::Key << "tiers" << YAML::Value << s.tiers;
    out << YAML::Key << "gpus" << YAML::Value << s.gpus;
    out << YAML::Key << "gpusPerServer" << YAML::Value << s.gpusPerServer;
    if (s.planes != 1)
    {
        out << YAML::Key << "planes" << YAML::Value << s.planes;
    }
    out << YAML::Key << "wiring" << YAML::Value << (s.wiring == Wiring::RAIL ? "rail" : "tor");
    out << YAML::Key << "hostsPerLeaf" << YAML::Value << s.hostsPerLeaf;
    out << YAML::Key << "leafUplinks" << YAML::Value << s.leafUplinks;
    out << YAML::Key << "spines" << YAML::Value << s.spines;
    out << YAML::Key << "leavesPerPod" << YAML::Value << s.leavesPerPod;
    out << YAML::Key << "spineUplinks" << YAML::Value << s.spineUplinks;
    out << YAML::Key << "cores" << YAML::Value << s.cores;
    out << YAML::Key << "switchRadix" << YAML::Value << s.switchRadix;
    for (const auto& [name, tier] :
         {std::pair<const char*, const LinkTier*> {"hostLink", &s.hostLink},
          {"leafLink", &s.leafLink},
          {"spineLink", &s.spineLink}})
    {
        out << YAML::Key << name << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "rate" << YAML::Value << FormatRate(tier->rate);
        out << YAML::Key << "delay" << YAML::Value << FormatTime(tier->delay);
        out << YAML::EndMap;
    }
    // The front-end keys only when one differs from its default, so that files (and the
    // experiment ids hashed from them) without a host NIC read and write as before.
    const TopologySpec plain;
    if (s.hostNic != plain.hostNic || s.frontEndServersPerLeaf != plain.frontEndServersPerLeaf
        || s.frontEndSpines != plain.frontEndSpines
        || s.frontEndLink.rate != plain.frontEndLink.rate
        || s.frontEndLink.delay != plain.frontEndLink.delay)
    {
        out << YAML::Key << "hostNic" << YAML::Value << s.hostNic;
        out << YAML::Key << "frontEndServersPerLeaf" << YAML::Value << s.frontEndServersPerLeaf;
        out << YAML::Key << "frontEndSpines" << YAML::Value << s.frontEndSpines;
        out << YAML::Key << "frontEndLink" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "rate" << YAML::Value << FormatRate(s.frontEndLink.rate);
        out << YAML::Key << "delay" << YAML::Value << FormatTime(s.frontEndLink.delay);
        out << YAML::EndMap;
    }
    out << YAML::Key << "switch" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "latency" << YAML::Value << FormatTime(t.switches.latency);
    out << YAML::Key << "buffer" << YAML::Value << FormatSize(t.switches.bufferBytes);
    out << YAML::EndMap;
    out << YAML::Key << "gpuType" << YAML::Value << t.gpuType;
    if (!t.gpuTypes.empty())
    {
        out << YAML::Key << "gpuTypes" << YAML::Value << YAML::BeginSeq;
        for (const auto& r : t.gpuTypes)
        {
            std::string servers
                = r.firstServer == r.lastServer
                    ? std::to_string(r.firstServer)
                    : std::to_string(r.firstServer) + "-" + std::to_string(r.lastServer);
            out << YAML::Flow << YAML::BeginMap;
            out << YAML::Key << "servers" << YAML::Value << servers;
            out << YAML::Key << "type" << YAML::Value << r.type;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

} // namespace yaml

TopologyConfig
ReadTopologyFile(const std::string& path)
{
    yaml::Located doc = yaml::LoadDocument(path, nullptr);
    return yaml::ReadTopologyMap(doc, "", nullptr);
}

TopologyConfig
ReadTopologyText(const std::string& text, const std::string& name)
{
    yaml::Located doc = yaml::ParseDocument(text, name);
    return yaml::ReadTopologyMap(doc, "", nullptr);
}

std::string
WriteTopologyYaml(const TopologyConfig& topology)
{
    YAML::Emitter out;
    yaml::EmitTopology(out, topology);
    return std::string(out.c_str()) + "\n";
}

} // namespace fabric
} // namespace ns3
