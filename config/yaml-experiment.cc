/*
 * Experiment files: YAML <-> ExperimentSpec.
 */
#include "yaml-experiment.h"

#include "config/attribute-defaults.h"
#include "config/collective-config.h"
#include "config/job-spec.h"
#include "config/trace-chakra-reader.h"
#include "config/yaml-node.h"
#include "helper/cc-monitor.h"
#include "helper/fabric-failures.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace ns3
{
namespace fabric
{
namespace yaml
{

namespace
{

/// Routing short names the schema knows (a TypeId name "ns3::..." is accepted too).
const std::vector<std::string>&
RoutingNames()
{
    static const std::vector<std::string> NAMES = {"ecmp", "adaptive", "flowlet"};
    return NAMES;
}

/// Congestion-control short names the schema knows (a TypeId name is accepted too).
const std::vector<std::string>&
CcNames()
{
    static const std::vector<std::string> NAMES = {"none", "dcqcn", "telemetry"};
    return NAMES;
}

/// A short name from @p known or a TypeId name (contains "::").
std::string
ReadNameOrTypeId(const Located& v, const std::string& path, const std::vector<std::string>& known)
{
    std::string s = ScalarText(v, path, "one of: " + JoinWords(known) + " (or a TypeId name)");
    if (s.find("::") != std::string::npos)
    {
        return s;
    }
    return ReadChoice(v, path, known);
}

/// An empty map standing in for an absent section, so that overrides of its keys still apply.
Located
EmptyMap(const MapReader& parent)
{
    return Located {YAML::Node(YAML::NodeType::Map), parent.Self().file, parent.Self().mark};
}

std::vector<uint64_t>
ReadSizes(const Located& v, const std::string& path)
{
    std::vector<uint64_t> sizes;
    if (v.node.IsMap())
    {
        // nccl-tests style: from (-b), to (-e), factor (-f).
        MapReader r(v, path, path, nullptr);
        auto from = r.Get("from");
        auto to = r.Get("to");
        auto factor = r.Get("factor");
        r.Finish();
        if (!from || !to)
        {
            Fail(v,
                 path
                     + ": a size range needs 'from' and 'to' (and 'factor', default 2), e.g. "
                       "{from: 1MiB, to: 1GiB, factor: 2}");
        }
        uint64_t lo = ReadBytes(*from, r.PathOf("from"));
        uint64_t hi = ReadBytes(*to, r.PathOf("to"));
        uint32_t f = factor ? ReadCount(*factor, r.PathOf("factor"), 2) : 2;
        if (lo > hi)
        {
            Fail(*to,
                 r.PathOf("to") + ": must not be smaller than 'from' (" + FormatSize(lo) + ")");
        }
        for (uint64_t s = lo; s <= hi; s *= f)
        {
            sizes.push_back(s);
            if (sizes.size() > 64)
            {
                Fail(v, path + ": more than 64 sizes; use a larger factor or a smaller range");
            }
            if (s > hi / f)
            {
                break;
            }
        }
        return sizes;
    }
    for (const auto& item : ReadList(v, path, "sizes with units, e.g. [1MiB, 16MiB]"))
    {
        sizes.push_back(ReadBytes(item, path + "[]"));
    }
    if (sizes.size() > 64)
    {
        Fail(v, path + ": more than 64 sizes");
    }
    return sizes;
}

/// The trace file named at @p t (resolved against its YAML file, absolute), checked to be
/// readable (a Chakra trace: its rank files) for @p format; fails, located, otherwise.
std::string
ReadTraceFile(const Located& t, const std::string& where, const std::string& format)
{
    std::string path = ResolvePath(ReadString(t, where, "a trace file path"), t.file);
    std::error_code ec;
    std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
    if (!ec)
    {
        path = absolute;
    }
    if (format == "chakra" || (format == "auto" && IsChakraTrace(path)))
    {
        // A Chakra trace is one file per rank: a prefix, a directory, or one rank file.
        try
        {
            ChakraRankFiles(path);
        }
        catch (const TraceError& e)
        {
            Fail(t, where + ": " + e.what());
        }
        return path;
    }
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    {
        Fail(t, where + ": '" + path + "' is not a regular file (expected a trace file)");
    }
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
    {
        Fail(t, where + ": cannot read trace file '" + path + "': " + std::strerror(errno));
    }
    std::fclose(f);
    return path;
}

/// The jobs of a `jobs` workload: a list of {name, gpus, op, algo, size} (a collective loop)
/// or {name, gpus, trace, format} (a training step replayed).
std::vector<JobSpec>
ReadJobs(const Located& v, const std::string& path, ReadContext* ctx, uint32_t gpusPerServer)
{
    std::vector<JobSpec> jobs;
    std::vector<Located> items
        = ReadList(v,
                   path,
                   "a list of jobs, e.g. [{name: moe, gpus: 512, op: all-to-all, "
                   "algo: pxn, size: 16MiB}]");
    if (items.empty())
    {
        Fail(v, path + ": a jobs workload needs at least one job");
    }
    for (std::size_t i = 0; i < items.size(); ++i)
    {
        std::string at = path + "[" + std::to_string(i) + "]";
        if (!items[i].node.IsMap())
        {
            Fail(items[i],
                 at + ": expected a job {name, gpus, op, algo, size}, found "
                     + Describe(items[i].node));
        }
        MapReader r(items[i], at, "job", ctx);
        JobSpec job;
        auto name = r.Get("name");
        auto gpus = r.Get("gpus");
        auto op = r.Get("op");
        auto size = r.Get("size");
        auto trace = r.Get("trace");
        auto format = r.Get("format");
        bool training = r.Has("trace");
        const std::string forms = "name, gpus, op, size and optional algo for a collective; "
                                  "name, gpus, trace and optional format for a training step";
        for (const char* key : {"name", "gpus"})
        {
            if (!r.Has(key))
            {
                Fail(items[i], at + ": a job needs '" + key + "' (" + forms + ")");
            }
        }
        if (training && (r.Has("op") || r.Has("size") || r.Has("algo")))
        {
            Fail(items[i],
                 at + ": a job is a collective (op, size) or a training step (trace), not both");
        }
        if (!training && format)
        {
            Fail(*format, r.PathOf("format") + ": only a training job (trace) has a format");
        }
        for (const char* key : {"op", "size"})
        {
            if (!training && !r.Has(key))
            {
                Fail(items[i], at + ": a job needs '" + key + "' (" + forms + ")");
            }
        }
        job.name = ReadString(*name, r.PathOf("name"), "a job name");
        for (const auto& other : jobs)
        {
            if (other.name == job.name)
            {
                Fail(*name,
                     r.PathOf("name") + ": the name '" + job.name + "' is used by an earlier job");
            }
        }
        job.gpus = ReadCount(*gpus, r.PathOf("gpus"), 1);
        if (training)
        {
            if (format)
            {
                job.traceFormat
                    = ReadChoice(*format, r.PathOf("format"), WorkloadSpec::TraceFormats());
            }
            job.trace = ReadTraceFile(*trace, r.PathOf("trace"), job.traceFormat);
            // Read it now, once: a bad trace or one of another size fails here, located, and
            // the runs use what was read.
            try
            {
                job.workload = std::make_shared<const TrainingWorkload>(
                    ReadTrainingWorkload(job.trace, job.traceFormat, gpusPerServer));
            }
            catch (const std::exception& e)
            {
                Fail(*trace, r.PathOf("trace") + ": " + e.what());
            }
            uint32_t world = job.workload->layout.World();
            if (world != job.gpus)
            {
                Fail(*gpus,
                     r.PathOf("gpus") + ": " + std::to_string(job.gpus)
                         + " GPUs, but the trace is a " + "workload of " + std::to_string(world)
                         + " GPUs");
            }
            r.Finish();
            jobs.push_back(job);
            continue;
        }
        job.op = ReadChoice(*op, r.PathOf("op"), WorkloadSpec::Ops());
        if (auto a = r.Get("algo"))
        {
            job.algo = ReadChoice(
                *a, r.PathOf("algo"), CollectiveAlgorithmNames(*CollectiveOpFromName(job.op)));
        }
        job.bytes = ReadBytes(*size, r.PathOf("size"));
        r.Finish();
        jobs.push_back(job);
    }
    return jobs;
}

WorkloadSpec
ReadWorkload(MapReader& m, ReadContext* ctx, const TopologySpec& topo)
{
    WorkloadSpec w;
    auto v = m.Get("workload");
    Located at = v ? *v : EmptyMap(m);
    if (at.node.IsScalar())
    {
        // "workload: permutation" is short for "workload: {type: permutation}".
        YAML::Node map(YAML::NodeType::Map);
        map["type"] = at.node;
        at.node = map;
    }
    MapReader r(at, "workload", "workload", ctx);
    if (auto t = r.Get("type"))
    {
        w.type = ReadChoice(*t, r.PathOf("type"), WorkloadSpec::Types());
    }
    if (auto t = r.Get("size"))
    {
        w.bytes = ReadBytes(*t, r.PathOf("size"));
    }
    if (auto t = r.Get("qpsPerPair"))
    {
        w.qpsPerPair = ReadCount(*t, r.PathOf("qpsPerPair"), 1);
        if (w.qpsPerPair > 1024)
        {
            Fail(*t, r.PathOf("qpsPerPair") + ": at most 1024 queue pairs per connection");
        }
    }
    if (auto t = r.Get("op"))
    {
        w.op = ReadChoice(*t, r.PathOf("op"), WorkloadSpec::Ops());
    }
    if (auto t = r.Get("algo"))
    {
        w.algo = ReadChoice(*t, r.PathOf("algo"), WorkloadSpec::Algos());
    }
    if (auto t = r.Get("sizes"))
    {
        w.sizes = ReadSizes(*t, r.PathOf("sizes"));
    }
    if (auto t = r.Get("group"))
    {
        std::string g
            = ScalarText(*t, r.PathOf("group"), "world, rails, servers, railN or serverN");
        for (const char* one : {"rail", "server"})
        {
            std::string prefix(one);
            if (g.size() > prefix.size() && g.compare(0, prefix.size(), prefix) == 0
                && g.find_first_not_of("0123456789", prefix.size()) == std::string::npos
                && g.size() - prefix.size() <= 9)
            {
                w.group = g; // one communicator: rail3, server12
            }
        }
        if (w.group != g)
        {
            std::vector<std::string> known = WorkloadSpec::Groups();
            known.push_back("rail0");
            known.push_back("server0");
            w.group = ReadChoice(*t, r.PathOf("group"), known);
        }
    }
    if (auto t = r.Get("iterations"))
    {
        w.iterations = ReadCount(*t, r.PathOf("iterations"), 1);
    }
    if (auto t = r.Get("format"))
    {
        w.traceFormat = ReadChoice(*t, r.PathOf("format"), WorkloadSpec::TraceFormats());
    }
    if (auto t = r.Get("file"))
    {
        w.traceFile = ReadTraceFile(*t, r.PathOf("file"), w.traceFormat);
    }
    if (auto t = r.Get("placement"))
    {
        w.placement = ReadChoice(*t, r.PathOf("placement"), WorkloadSpec::Placements());
    }
    if (auto t = r.Get("warmup"))
    {
        w.warmup = ReadCount(*t, r.PathOf("warmup"), 0);
    }
    std::optional<Located> jobsAt = r.Get("jobs");
    if (jobsAt)
    {
        w.jobs = ReadJobs(*jobsAt, r.PathOf("jobs"), ctx, topo.gpusPerServer);
    }
    std::optional<Located> backgroundAt = r.Get("background");
    if (backgroundAt)
    {
        w.background = ReadBytes(*backgroundAt, r.PathOf("background"));
    }
    r.Finish();
    if (backgroundAt && w.type != "jobs")
    {
        Fail(*backgroundAt,
             r.PathOf("background")
                 + ": only a workload of type 'jobs' has "
                   "background traffic");
    }
    if (backgroundAt && !topo.hostNic)
    {
        Fail(*backgroundAt,
             r.PathOf("background")
                 + ": background traffic runs on the host NICs: the topology needs "
                   "'hostNic: true'");
    }
    if (w.type == "trace" && w.traceFile.empty())
    {
        Fail(r.Where("type"), "workload type 'trace' needs 'file: PATH' (a trace file)");
    }
    if (w.type == "jobs")
    {
        if (!jobsAt)
        {
            Fail(r.Where("type"),
                 "workload type 'jobs' needs 'jobs: [...]' (the jobs sharing the fabric)");
        }
        std::vector<uint32_t> gpus;
        for (const auto& j : w.jobs)
        {
            gpus.push_back(j.gpus);
        }
        std::vector<Communicator> comms;
        std::string error = PlaceJobs(gpus,
                                      topo.NumServers(),
                                      topo.gpusPerServer,
                                      8,
                                      *PlacementFromName(w.placement),
                                      1,
                                      &comms);
        if (!error.empty())
        {
            Fail(*jobsAt, r.PathOf("jobs") + ": " + error);
        }
    }
    else if (jobsAt)
    {
        Fail(*jobsAt, r.PathOf("jobs") + ": only a workload of type 'jobs' has jobs");
    }
    return w;
}

OutputSpec
ReadOutputs(MapReader& m, ReadContext* ctx, std::vector<Located>* portAt)
{
    OutputSpec o;
    auto v = m.Get("outputs");
    MapReader r(v ? *v : EmptyMap(m), "outputs", "outputs", ctx);
    if (auto t = r.Get("flows"))
    {
        o.flows = ReadBool(*t, r.PathOf("flows"));
    }
    if (auto t = r.Get("links"))
    {
        o.links = ReadBool(*t, r.PathOf("links"));
    }
    if (auto t = r.Get("queues"))
    {
        o.queues = ReadBool(*t, r.PathOf("queues"));
    }
    if (auto t = r.Get("sampleInterval"))
    {
        o.sampleInterval = ReadTime(*t, r.PathOf("sampleInterval"), false);
    }
    if (auto t = r.Get("queuePorts"))
    {
        for (const auto& item : ReadList(*t, r.PathOf("queuePorts"), "ports like leaf0:64"))
        {
            o.queuePorts.push_back(ReadString(
                item, r.PathOf("queuePorts") + "[]", "a port like leaf0:64 or spine3:*"));
            portAt->push_back(item);
        }
    }
    if (auto t = r.Get("topQueues"))
    {
        o.topQueues = ReadCount(*t, r.PathOf("topQueues"), 1);
    }
    if (auto t = r.Get("cc"))
    {
        o.cc = ReadBool(*t, r.PathOf("cc"));
    }
    if (auto t = r.Get("ccQps"))
    {
        for (const auto& item : ReadList(*t, r.PathOf("ccQps"), "queue pairs like 0:* or 3:2"))
        {
            std::string qp = ReadString(item, r.PathOf("ccQps") + "[]", "a queue pair like 3:2");
            try
            {
                CcMonitor().Watch({qp});
            }
            catch (const std::invalid_argument& e)
            {
                Fail(item, r.PathOf("ccQps") + ": " + e.what());
            }
            o.ccQps.push_back(qp);
        }
    }
    r.Finish();
    return o;
}

/// "file:line" of @p at, for errors found after reading (a bad cable at run time).
std::string
WhereText(const Located& at)
{
    return at.file + ":" + std::to_string(at.mark.line + 1);
}

/// One entry of `failures`: a selector string (failed before the run) or a map.
FailureSpec
ReadFailure(const Located& v, const std::string& path, const TopologySpec& topo, ReadContext* ctx)
{
    FailureSpec f;
    f.where = WhereText(v);
    Located linksAt = v;
    if (v.node.IsScalar())
    {
        f.links = ReadString(v, path, "cables such as leaf-spine:10% or leaf3-spine1");
    }
    else
    {
        if (!v.node.IsMap())
        {
            Fail(v,
                 path
                     + ": expected cables (leaf-spine:10%) or a map with links, at, until, rate, "
                       "loss; found "
                     + Describe(v.node));
        }
        MapReader r(v, path, path, ctx);
        auto links = r.Get("links");
        if (!links)
        {
            Fail(v,
                 path
                     + ": missing key 'links' (the cables: leaf3-spine1, leaf3:64, spine1, "
                       "gpu17 or leaf-spine:10%)");
        }
        linksAt = *links;
        f.links = ReadString(*links, r.PathOf("links"), "cables such as leaf-spine:10%");
        if (auto t = r.Get("at"))
        {
            f.at = ReadTime(*t, r.PathOf("at"), true);
        }
        if (auto t = r.Get("until"))
        {
            f.until = ReadTime(*t, r.PathOf("until"), false);
            if (*f.until <= f.at.value_or(Time(0)))
            {
                Fail(*t,
                     r.PathOf("until") + ": must come after 'at' ("
                         + FormatTime(f.at.value_or(Time(0))) + ")");
            }
        }
        if (auto t = r.Get("rate"))
        {
            f.rateBps = ReadRate(*t, r.PathOf("rate")).GetBitRate();
        }
        if (auto t = r.Get("loss"))
        {
            std::string text = ScalarText(*t, r.PathOf("loss"), "a probability from 0 to 1");
            char* end = nullptr;
            double loss = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(loss >= 0 && loss <= 1))
            {
                Fail(*t,
                     r.PathOf("loss") + ": expected a probability from 0 to 1, found '" + text
                         + "'");
            }
            f.loss = loss;
        }
        r.Finish();
    }
    std::string why = FabricFailures::CheckSelectors(f.links, topo);
    if (!why.empty())
    {
        Fail(linksAt, path + ": " + why);
    }
    return f;
}

/// `failures`: none, one selector string, or a list of selector strings and maps.
std::vector<FailureSpec>
ReadFailures(const Located& v, const TopologySpec& topo, ReadContext* ctx)
{
    std::vector<FailureSpec> out;
    if (v.node.IsScalar())
    {
        if (v.node.Scalar() == "none")
        {
            return out;
        }
        out.push_back(ReadFailure(v, "failures", topo, ctx));
        return out;
    }
    for (const auto& item : ReadList(v, "failures", "failures (none, leaf-spine:10%, or maps)"))
    {
        out.push_back(ReadFailure(item, "failures[]", topo, ctx));
    }
    return out;
}

/// Check "leaf3:64" / "spine0:*" against the topology.
void
CheckQueuePort(const std::string& port, const TopologySpec& s, const Located& at)
{
    std::string expected = "SWITCH:PORT with SWITCH leafN, spineN or coreN and PORT a number or "
                           "*, e.g. leaf0:64";
    auto colon = port.find(':');
    std::string sw = port.substr(0, colon);
    std::string p = colon == std::string::npos ? "" : port.substr(colon + 1);
    std::size_t digitsAt = sw.find_first_of("0123456789");
    std::string kind = sw.substr(0, digitsAt);
    std::string index = digitsAt == std::string::npos ? "" : sw.substr(digitsAt);
    auto isNumber = [](const std::string& x) {
        return !x.empty() && x.size() <= 9 && std::all_of(x.begin(), x.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
    };
    if (colon == std::string::npos || !isNumber(index) || (p != "*" && !isNumber(p))
        || (kind != "leaf" && kind != "spine" && kind != "core"))
    {
        Fail(at, "outputs.queuePorts: '" + port + "' is not a port: expected " + expected);
    }
    uint32_t i = std::stoul(index);
    uint32_t count = 0;
    uint32_t ports = 0;
    if (kind == "leaf")
    {
        count = s.NumLeaves();
        ports = s.hostsPerLeaf + s.LeafUplinks();
    }
    else if (kind == "spine")
    {
        count = s.NumSpinesTotal();
        ports = s.SpineDownlinks() + (s.tiers == 3 ? s.SpineUplinks() : 0);
    }
    else
    {
        count = s.tiers == 3 ? s.Cores() : 0;
        ports = s.tiers == 3 ? s.NumPods() * (s.SpineUplinks() / (s.Cores() / s.Spines())) : 0;
    }
    count *= std::max(1u, s.planes); // NIC planes: the names go on through the planes' copies
    if (i >= count)
    {
        Fail(at,
             "outputs.queuePorts: '" + port + "': the topology has " + std::to_string(count) + " "
                 + kind + " switches"
                 + (count ? " (" + kind + "0.." + kind + std::to_string(count - 1) + ")" : ""));
    }
    if (p != "*" && std::stoul(p) >= ports)
    {
        Fail(at,
             "outputs.queuePorts: '" + port + "': a " + kind + " has ports 0.."
                 + std::to_string(ports - 1));
    }
}

/// @return the overrides key a FabricProfile::Validate message is about
std::string
ProfilePartOfMessage(const std::string& message)
{
    if (message.find("routing") != std::string::npos)
    {
        return "routing";
    }
    if (message.find("congestion") != std::string::npos)
    {
        return "congestionControl";
    }
    if (message.find("receive mode") != std::string::npos)
    {
        return "receiveMode";
    }
    return "";
}

/// attributes: {TypeId::Attribute: value, ...}, plus sweep axes "attributes.TypeId::Attribute".
std::map<std::string, std::string>
ReadAttributes(MapReader& m, ReadContext* ctx)
{
    std::map<std::string, std::string> attributes;
    auto v = m.Get("attributes");
    Located at = v ? *v : EmptyMap(m);
    if (!at.node.IsMap())
    {
        Fail(at,
             "attributes: expected a map from ns-3 attribute to value, e.g. "
             "attributes: {ns3::fabric::RdmaNic::AckDscp: 48}, found "
                 + Describe(at.node));
    }

    struct Entry
    {
        std::string name; //!< TypeId::Attribute
        Located key;      //!< where the name is written
        Located value;    //!< the value
    };

    std::vector<Entry> entries;
    auto find = [&entries](const std::string& name) {
        return std::find_if(entries.begin(), entries.end(), [&name](const Entry& x) {
            return x.name == name;
        });
    };
    for (auto it = at.node.begin(); it != at.node.end(); ++it)
    {
        Located key {it->first, at.file, it->first.Mark()};
        std::string name = ScalarText(key, "attributes", "an attribute name");
        if (find(name) != entries.end())
        {
            Fail(key, "attributes: duplicate key '" + name + "'");
        }
        entries.push_back({name, key, Located {it->second, at.file, it->second.Mark()}});
    }
    if (ctx)
    {
        // A sweep axis may set one attribute the file does not mention.
        const std::string prefix = "attributes.";
        for (const auto& [path, value] : ctx->overrides)
        {
            if (path.compare(0, prefix.size(), prefix) == 0)
            {
                std::string name = path.substr(prefix.size());
                ctx->usedOverrides.insert(path);
                ctx->knownPaths.insert(path);
                auto e = find(name);
                if (e == entries.end())
                {
                    entries.push_back({name, value, value});
                }
                else
                {
                    e->value = value;
                }
            }
        }
    }
    for (const auto& e : entries)
    {
        std::string text = ScalarText(e.value, "attributes." + e.name, "a value");
        bool inValue = false;
        std::string problem = CheckAttributeDefault(e.name, text, &inValue);
        if (!problem.empty())
        {
            // A name problem points at the name, a value problem at the value.
            Fail(inValue ? e.value : e.key, "attributes: " + problem);
        }
        attributes[e.name] = text;
    }
    return attributes;
}

} // namespace

ExperimentSpec
ReadExperimentMap(const Located& doc, ReadContext* ctx, const std::vector<std::string>& extraKeys)
{
    ExperimentSpec e;
    MapReader m(doc, "", "experiment", ctx);
    for (const auto& k : extraKeys)
    {
        m.Get(k);
    }
    if (auto v = m.Get("name"))
    {
        e.name = ReadString(*v, "name", "a name");
    }
    auto topo = m.Get("topology");
    if (!topo)
    {
        Fail(m.Self(),
             "experiment: missing key 'topology' (expected a topology file name, e.g. "
             "topology: array-512.yaml, or an inline map of topology keys)");
    }
    if (topo->node.IsScalar())
    {
        std::string path
            = ResolvePath(ReadString(*topo, "topology", "a topology file name"), topo->file);
        Located file = LoadDocument(path, &*topo);
        e.topology = ReadTopologyMap(file, "topology", ctx);
    }
    else if (topo->node.IsMap())
    {
        e.topology = ReadTopologyMap(*topo, "topology", ctx);
    }
    else
    {
        Fail(*topo,
             "topology: expected a topology file name or an inline map of topology keys, found "
                 + Describe(topo->node));
    }
    if (auto v = m.Get("profile"))
    {
        e.profile = ReadChoice(*v, "profile", FabricProfile::Names());
    }
    {
        auto v = m.Get("overrides");
        MapReader r(v ? *v : EmptyMap(m), "overrides", "overrides", ctx);
        if (auto t = r.Get("routing"))
        {
            e.overrides.routing = ReadNameOrTypeId(*t, r.PathOf("routing"), RoutingNames());
        }
        if (auto t = r.Get("congestionControl"))
        {
            e.overrides.congestionControl
                = ReadNameOrTypeId(*t, r.PathOf("congestionControl"), CcNames());
        }
        if (auto t = r.Get("receiveMode"))
        {
            e.overrides.receiveMode
                = ReadChoice(*t, r.PathOf("receiveMode"), {"InOrder", "OutOfOrder"});
        }
        if (auto t = r.Get("pfc"))
        {
            e.overrides.pfc = ReadBool(*t, r.PathOf("pfc"));
        }
        if (auto t = r.Get("ecn"))
        {
            e.overrides.ecn = ReadBool(*t, r.PathOf("ecn"));
        }
        if (auto t = r.Get("telemetry"))
        {
            e.overrides.telemetry = ReadBool(*t, r.PathOf("telemetry"));
        }
        r.Finish();
        // Every part must exist in this build.
        auto profile = e.Profile();
        std::vector<std::string> problems
            = profile ? profile->Validate() : std::vector<std::string> {"unknown profile"};
        if (!problems.empty())
        {
            std::string part = ProfilePartOfMessage(problems[0]);
            Located where = !part.empty() && r.Has(part) ? r.Where(part) : m.Where("profile");
            std::vector<std::string> notes(problems.begin() + 1, problems.end());
            Fail(where, "profile '" + e.profile + "': " + problems[0], notes);
        }
    }
    e.workload = ReadWorkload(m, ctx, e.topology.spec);
    if (e.topology.spec.planes > 1
        && (e.workload.type == "permutation" || e.workload.type == "all-to-all"))
    {
        Fail(m.Where("workload"),
             "workload '" + e.workload.type
                 + "' sends flows from one NIC port per GPU; NIC "
                   "planes (topology.planes: "
                 + std::to_string(e.topology.spec.planes)
                 + ") are modelled for collective, trace and jobs workloads");
    }
    if (auto v = m.Get("seed"))
    {
        e.seed = ReadCount(*v, "seed", 1);
    }
    {
        auto v = m.Get("limits");
        MapReader r(v ? *v : EmptyMap(m), "limits", "limits", ctx);
        if (auto t = r.Get("simTime"))
        {
            e.stopTime = ReadTime(*t, r.PathOf("simTime"), false);
        }
        if (auto t = r.Get("wallTime"))
        {
            e.wallTime = ReadTime(*t, r.PathOf("wallTime"), true);
        }
        r.Finish();
    }
    e.attributes = ReadAttributes(m, ctx);
    if (auto v = m.Get("failures"))
    {
        e.failures = ReadFailures(*v, e.topology.spec, ctx);
        for (const auto& f : e.failures)
        {
            for (const auto& t : {f.at, f.until})
            {
                if (t && *t >= e.stopTime)
                {
                    Fail(*v,
                         "failures: " + FormatTime(*t) + " (" + f.where
                             + ") is not within the run (limits.simTime: " + FormatTime(e.stopTime)
                             + ")");
                }
            }
        }
    }
    std::vector<Located> portAt;
    e.outputs = ReadOutputs(m, ctx, &portAt);
    m.Finish();
    for (std::size_t i = 0; i < e.outputs.queuePorts.size(); ++i)
    {
        CheckQueuePort(e.outputs.queuePorts[i], e.topology.spec, portAt[i]);
    }
    return e;
}

void
EmitExperiment(YAML::Emitter& out, const ExperimentSpec& e, bool withOutputs)
{
    out << YAML::BeginMap;
    if (!e.name.empty())
    {
        out << YAML::Key << "name" << YAML::Value;
        EmitText(out, e.name);
    }
    out << YAML::Key << "topology" << YAML::Value;
    EmitTopology(out, e.topology);
    out << YAML::Key << "profile" << YAML::Value;
    EmitText(out, e.profile);
    if (!e.overrides.Empty())
    {
        const ProfileOverrides& o = e.overrides;
        out << YAML::Key << "overrides" << YAML::Value << YAML::BeginMap;
        if (o.routing)
        {
            out << YAML::Key << "routing" << YAML::Value << *o.routing;
        }
        if (o.congestionControl)
        {
            out << YAML::Key << "congestionControl" << YAML::Value << *o.congestionControl;
        }
        if (o.receiveMode)
        {
            out << YAML::Key << "receiveMode" << YAML::Value << *o.receiveMode;
        }
        if (o.pfc)
        {
            out << YAML::Key << "pfc" << YAML::Value << *o.pfc;
        }
        if (o.ecn)
        {
            out << YAML::Key << "ecn" << YAML::Value << *o.ecn;
        }
        if (o.telemetry)
        {
            out << YAML::Key << "telemetry" << YAML::Value << *o.telemetry;
        }
        out << YAML::EndMap;
    }
    const WorkloadSpec& w = e.workload;
    out << YAML::Key << "workload" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << w.type;
    out << YAML::Key << "size" << YAML::Value << FormatSize(w.bytes);
    out << YAML::Key << "qpsPerPair" << YAML::Value << w.qpsPerPair;
    out << YAML::Key << "op" << YAML::Value << w.op;
    out << YAML::Key << "algo" << YAML::Value << w.algo;
    out << YAML::Key << "sizes" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (uint64_t s : w.sizes)
    {
        out << FormatSize(s);
    }
    out << YAML::EndSeq;
    out << YAML::Key << "group" << YAML::Value << w.group;
    out << YAML::Key << "iterations" << YAML::Value << w.iterations;
    if (!w.traceFile.empty())
    {
        out << YAML::Key << "file" << YAML::Value;
        EmitText(out, w.traceFile);
    }
    out << YAML::Key << "format" << YAML::Value << w.traceFormat;
    if (w.type == "jobs")
    {
        out << YAML::Key << "placement" << YAML::Value << w.placement;
        out << YAML::Key << "warmup" << YAML::Value << w.warmup;
        if (w.background > 0)
        {
            out << YAML::Key << "background" << YAML::Value << FormatSize(w.background);
        }
        out << YAML::Key << "jobs" << YAML::Value << YAML::BeginSeq;
        for (const auto& j : w.jobs)
        {
            out << YAML::Flow << YAML::BeginMap;
            out << YAML::Key << "name" << YAML::Value;
            EmitText(out, j.name);
            out << YAML::Key << "gpus" << YAML::Value << j.gpus;
            if (!j.trace.empty())
            {
                out << YAML::Key << "trace" << YAML::Value;
                EmitText(out, j.trace);
                out << YAML::Key << "format" << YAML::Value << j.traceFormat;
                out << YAML::EndMap;
                continue;
            }
            out << YAML::Key << "op" << YAML::Value << j.op;
            if (!j.algo.empty())
            {
                out << YAML::Key << "algo" << YAML::Value << j.algo;
            }
            out << YAML::Key << "size" << YAML::Value << FormatSize(j.bytes);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    out << YAML::Key << "seed" << YAML::Value << e.seed;
    if (!e.attributes.empty())
    {
        out << YAML::Key << "attributes" << YAML::Value << YAML::BeginMap;
        for (const auto& [name, value] : e.attributes)
        {
            out << YAML::Key;
            EmitText(out, name);
            out << YAML::Value;
            EmitText(out, value);
        }
        out << YAML::EndMap;
    }
    if (!e.failures.empty())
    {
        out << YAML::Key << "failures" << YAML::Value << YAML::BeginSeq;
        for (const auto& f : e.failures)
        {
            out << YAML::Flow << YAML::BeginMap;
            out << YAML::Key << "links" << YAML::Value;
            EmitText(out, f.links);
            if (f.at)
            {
                out << YAML::Key << "at" << YAML::Value << FormatTime(*f.at);
            }
            if (f.until)
            {
                out << YAML::Key << "until" << YAML::Value << FormatTime(*f.until);
            }
            if (f.rateBps > 0)
            {
                out << YAML::Key << "rate" << YAML::Value << FormatRate(DataRate(f.rateBps));
            }
            if (f.loss > 0)
            {
                out << YAML::Key << "loss" << YAML::Value << f.loss;
            }
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::Key << "limits" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "simTime" << YAML::Value << FormatTime(e.stopTime);
    out << YAML::Key << "wallTime" << YAML::Value << FormatTime(e.wallTime);
    out << YAML::EndMap;
    if (withOutputs)
    {
        const OutputSpec& o = e.outputs;
        out << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "flows" << YAML::Value << o.flows;
        out << YAML::Key << "links" << YAML::Value << o.links;
        out << YAML::Key << "queues" << YAML::Value << o.queues;
        out << YAML::Key << "sampleInterval" << YAML::Value << FormatTime(o.sampleInterval);
        out << YAML::Key << "queuePorts" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& p : o.queuePorts)
        {
            out << p;
        }
        out << YAML::EndSeq;
        out << YAML::Key << "topQueues" << YAML::Value << o.topQueues;
        out << YAML::Key << "cc" << YAML::Value << o.cc;
        out << YAML::Key << "ccQps" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& q : o.ccQps)
        {
            out << q;
        }
        out << YAML::EndSeq;
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

} // namespace yaml

ExperimentSpec
ReadExperimentFile(const std::string& path)
{
    yaml::Located doc = yaml::LoadDocument(path, nullptr);
    return yaml::ReadExperimentMap(doc, nullptr, {});
}

ExperimentSpec
ReadExperimentText(const std::string& text, const std::string& name)
{
    yaml::Located doc = yaml::ParseDocument(text, name);
    return yaml::ReadExperimentMap(doc, nullptr, {});
}

std::string
WriteExperimentYaml(const ExperimentSpec& spec, bool withOutputs)
{
    YAML::Emitter out;
    yaml::EmitExperiment(out, spec, withOutputs);
    return std::string(out.c_str()) + "\n";
}

bool
SameTopology(const TopologyConfig& a, const TopologyConfig& b)
{
    const TopologySpec& x = a.spec;
    const TopologySpec& y = b.spec;
    auto sameTier = [](const LinkTier& p, const LinkTier& q) {
        return p.rate == q.rate && p.delay == q.delay;
    };
    bool ranges = a.gpuTypes.size() == b.gpuTypes.size();
    for (std::size_t i = 0; ranges && i < a.gpuTypes.size(); ++i)
    {
        ranges = a.gpuTypes[i].firstServer == b.gpuTypes[i].firstServer
              && a.gpuTypes[i].lastServer == b.gpuTypes[i].lastServer
              && a.gpuTypes[i].type == b.gpuTypes[i].type;
    }
    return a.name == b.name && a.description == b.description && x.tiers == y.tiers
        && x.gpus == y.gpus && x.gpusPerServer == y.gpusPerServer && x.planes == y.planes
        && x.wiring == y.wiring && x.hostsPerLeaf == y.hostsPerLeaf
        && x.leafUplinks == y.leafUplinks && x.spines == y.spines
        && x.leavesPerPod == y.leavesPerPod && x.spineUplinks == y.spineUplinks
        && x.cores == y.cores && x.switchRadix == y.switchRadix && sameTier(x.hostLink, y.hostLink)
        && sameTier(x.leafLink, y.leafLink) && sameTier(x.spineLink, y.spineLink)
        && x.hostNic == y.hostNic && x.frontEndServersPerLeaf == y.frontEndServersPerLeaf
        && x.frontEndSpines == y.frontEndSpines && sameTier(x.frontEndLink, y.frontEndLink)
        && a.switches.latency == b.switches.latency
        && a.switches.bufferBytes == b.switches.bufferBytes && a.gpuType == b.gpuType && ranges;
}

namespace
{

bool
SameJobs(const std::vector<JobSpec>& a, const std::vector<JobSpec>& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].name != b[i].name || a[i].gpus != b[i].gpus || a[i].op != b[i].op
            || a[i].algo != b[i].algo || a[i].bytes != b[i].bytes || a[i].trace != b[i].trace
            || a[i].traceFormat != b[i].traceFormat)
        {
            return false;
        }
    }
    return true;
}

} // namespace

bool
SameExperiment(const ExperimentSpec& a, const ExperimentSpec& b)
{
    const WorkloadSpec& w = a.workload;
    const WorkloadSpec& v = b.workload;
    const OutputSpec& o = a.outputs;
    const OutputSpec& p = b.outputs;
    const ProfileOverrides& x = a.overrides;
    const ProfileOverrides& y = b.overrides;
    return a.name == b.name && SameTopology(a.topology, b.topology) && a.profile == b.profile
        && x.routing == y.routing && x.congestionControl == y.congestionControl
        && x.receiveMode == y.receiveMode && x.pfc == y.pfc && x.ecn == y.ecn
        && x.telemetry == y.telemetry && w.type == v.type && w.bytes == v.bytes
        && w.qpsPerPair == v.qpsPerPair && w.op == v.op && w.algo == v.algo && w.sizes == v.sizes
        && w.group == v.group && w.iterations == v.iterations && w.traceFile == v.traceFile
        && w.traceFormat == v.traceFormat && w.placement == v.placement && w.warmup == v.warmup
        && w.background == v.background && SameJobs(w.jobs, v.jobs) && a.seed == b.seed
        && a.stopTime == b.stopTime && a.wallTime == b.wallTime && o.flows == p.flows
        && o.links == p.links && o.queues == p.queues && o.sampleInterval == p.sampleInterval
        && o.queuePorts == p.queuePorts && o.topQueues == p.topQueues && o.cc == p.cc
        && o.ccQps == p.ccQps && a.attributes == b.attributes
        && std::equal(a.failures.begin(),
                      a.failures.end(),
                      b.failures.begin(),
                      b.failures.end(),
                      [](const FailureSpec& f, const FailureSpec& g) {
                          return f.links == g.links && f.at == g.at && f.until == g.until
                              && f.rateBps == g.rateBps && f.loss == g.loss;
                      });
}

} // namespace fabric
} // namespace ns3
