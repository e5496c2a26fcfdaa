/*
 * Reader of our training-trace format ("fabric-trace 1").
 */
#include "trace-reader.h"

#include "config/collective-config.h"
#include "config/units.h"
#include "model/collective/algorithms/send-recv.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TraceReader");

namespace
{

/// Parse a size that names its unit: 256MiB, 1MB, 4096B, or nccl-tests' 1M; bare digits are
/// rejected (a file states its units).
std::optional<uint64_t>
SizeWithUnit(const std::string& text)
{
    if (text.find_first_not_of("0123456789") == std::string::npos)
    {
        return std::nullopt;
    }
    return ParseMessageSize(text);
}

/// Parse an unsigned integer; false unless the whole text is digits.
bool
ParseUint(const std::string& s, uint32_t* v)
{
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    *v = static_cast<uint32_t>(std::stoul(s));
    return true;
}

/// Parse a rank selector: all | tp<k> | dp<k> | pp<k> | <a>-<b> | <a>.
bool
ParseSelector(const std::string& s, RankSelector* sel)
{
    if (s == "all")
    {
        sel->kind = RankSelector::ALL;
        return true;
    }
    for (auto [prefix, kind] :
         {std::pair<const char*, RankSelector::Kind> {"tp", RankSelector::TP_INDEX},
          {"dp", RankSelector::DP_INDEX},
          {"pp", RankSelector::PP_INDEX}})
    {
        std::string p = prefix;
        if (s.rfind(p, 0) == 0)
        {
            sel->kind = kind;
            return ParseUint(s.substr(p.size()), &sel->first);
        }
    }
    auto dash = s.find('-');
    sel->kind = RankSelector::RANGE;
    if (dash == std::string::npos)
    {
        bool ok = ParseUint(s, &sel->first);
        sel->last = sel->first;
        return ok;
    }
    return ParseUint(s.substr(0, dash), &sel->first) && ParseUint(s.substr(dash + 1), &sel->last)
        && sel->first <= sel->last;
}

/// Parse a group name.
bool
ParseGroup(const std::string& s, GroupKind* g)
{
    static const std::map<std::string, GroupKind> NAMES = {{"world", GroupKind::WORLD},
                                                           {"tp", GroupKind::TP},
                                                           {"dp", GroupKind::DP},
                                                           {"pp", GroupKind::PP},
                                                           {"ep", GroupKind::EP},
                                                           {"dpep", GroupKind::DP_EP},
                                                           {"server", GroupKind::SERVER},
                                                           {"rail", GroupKind::RAIL}};
    auto it = NAMES.find(s);
    if (it == NAMES.end())
    {
        return false;
    }
    *g = it->second;
    return true;
}

} // namespace

TrainingWorkload
ParseTrainingTrace(std::istream& in, const std::string& name, uint32_t gpusPerServer)
{
    TrainingWorkload w;
    w.source = name;
    std::string line;
    uint32_t lineNo = 0;
    bool header = false;
    bool parallel = false;
    std::map<std::string, uint32_t> index;
    auto fail = [&](const std::string& what) {
        throw TraceError(name + ":" + std::to_string(lineNo) + ": " + what);
    };
    while (std::getline(in, line))
    {
        ++lineNo;
        CheckTraceLine(name, lineNo, line);
        auto hash = line.find('#');
        if (hash != std::string::npos)
        {
            line.erase(hash);
        }
        std::istringstream ss(line);
        std::string keyword;
        if (!(ss >> keyword))
        {
            continue;
        }
        std::vector<std::string> words;
        std::string word;
        while (ss >> word)
        {
            words.push_back(word);
        }
        if (!header)
        {
            if (keyword != "fabric-trace" || words.size() != 1 || words[0] != "1")
            {
                fail("expected 'fabric-trace 1' as the first statement, got '" + keyword + "'");
            }
            header = true;
            continue;
        }
        if (keyword != "parallel" && keyword != "iterations" && keyword != "compute"
            && keyword != "collective" && keyword != "send")
        {
            fail("unknown statement '" + keyword
                 + "' (known: parallel, iterations, compute, collective, send)");
        }
        // key=value fields.
        std::map<std::string, std::string> kv;
        std::string id;
        for (std::size_t i = 0; i < words.size(); ++i)
        {
            auto eq = words[i].find('=');
            if (eq == std::string::npos)
            {
                if (i == 0
                    && (keyword == "compute" || keyword == "collective" || keyword == "send"))
                {
                    id = words[i];
                    continue;
                }
                if (keyword == "iterations" && i == 0)
                {
                    kv["n"] = words[i];
                    continue;
                }
                fail("expected key=value, got '" + words[i] + "'");
            }
            std::string key = words[i].substr(0, eq);
            if (kv.count(key))
            {
                fail("'" + key + "' given twice");
            }
            kv[key] = words[i].substr(eq + 1);
        }
        auto take = [&](const std::string& key, bool required) {
            auto it = kv.find(key);
            if (it == kv.end())
            {
                if (required)
                {
                    fail(keyword + " needs " + key + "=");
                }
                return std::string();
            }
            std::string v = it->second;
            kv.erase(it);
            return v;
        };
        auto noneLeft = [&]() {
            if (!kv.empty())
            {
                fail("unknown field '" + kv.begin()->first + "' for " + keyword);
            }
        };
        if (keyword == "parallel")
        {
            if (parallel)
            {
                fail("'parallel' given twice");
            }
            parallel = true;
            for (auto [key, field] : {std::pair<const char*, uint32_t*> {"tp", &w.layout.tp},
                                      {"dp", &w.layout.dp},
                                      {"pp", &w.layout.pp},
                                      {"ep", &w.layout.ep}})
            {
                std::string k = key;
                std::string v = take(key, k == "tp" || k == "dp");
                if (!v.empty() && (!ParseUint(v, field) || *field == 0))
                {
                    fail(std::string(key) + " must be a positive integer, got '" + v + "'");
                }
            }
            noneLeft();
            std::string size = w.layout.Check();
            if (!size.empty())
            {
                fail(size);
            }
            if (gpusPerServer != 0 && w.layout.World() % gpusPerServer != 0)
            {
                fail("the job's " + std::to_string(w.layout.World())
                     + " GPUs must fill whole servers of " + std::to_string(gpusPerServer));
            }
            if (w.layout.dp % w.layout.ep != 0)
            {
                fail("ep (" + std::to_string(w.layout.ep) + ") must divide dp ("
                     + std::to_string(w.layout.dp) + ")");
            }
            continue;
        }
        if (keyword == "iterations")
        {
            std::string v = take("n", true);
            if (!ParseUint(v, &w.iterations) || w.iterations == 0)
            {
                fail("iterations must be a positive integer, got '" + v + "'");
            }
            noneLeft();
            continue;
        }
        if (!parallel)
        {
            fail("'parallel tp=.. dp=.. pp=..' must come before the tasks");
        }
        if (id.empty())
        {
            fail(keyword + " needs an id right after the keyword");
        }
        if (index.count(id))
        {
            fail("task '" + id + "' defined twice (first on line "
                 + std::to_string(w.tasks[index[id]].line) + ")");
        }
        TrainingTask t;
        t.id = id;
        t.line = lineNo;
        std::string ranks = take("ranks", false);
        if (!ranks.empty() && !ParseSelector(ranks, &t.ranks))
        {
            fail("ranks= must be all, tp<k>, dp<k>, pp<k>, <a>-<b> or <a>; got '" + ranks + "'");
        }
        if (!ranks.empty())
        {
            // The selector names ranks of this job: an index below its group size, a GPU below
            // its world.
            const ParallelLayout& l = w.layout;
            uint32_t bound = 0;
            std::string what;
            switch (t.ranks.kind)
            {
                case RankSelector::TP_INDEX:
                    bound = l.tp, what = "tp index";
                    break;
                case RankSelector::DP_INDEX:
                    bound = l.dp, what = "dp index";
                    break;
                case RankSelector::PP_INDEX:
                    bound = l.pp, what = "pp index";
                    break;
                case RankSelector::RANGE:
                    bound = l.World(), what = "GPU";
                    break;
                case RankSelector::ALL:
                    break;
            }
            uint32_t top = t.ranks.kind == RankSelector::RANGE ? t.ranks.last : t.ranks.first;
            if (t.ranks.kind != RankSelector::ALL && top >= bound)
            {
                fail(
                    "ranks=" + ranks + ": " + what + " " + std::to_string(top)
                    + " is outside the job (tp=" + std::to_string(l.tp)
                    + " dp=" + std::to_string(l.dp) + " pp=" + std::to_string(l.pp) + ": "
                    + (t.ranks.kind == RankSelector::RANGE ? "GPUs" : what.substr(0, 3) + "indices")
                    + " 0-" + std::to_string(bound - 1) + ")");
            }
        }
        std::string after = take("after", false);
        std::stringstream as(after);
        std::string dep;
        while (std::getline(as, dep, ','))
        {
            if (dep.empty())
            {
                continue;
            }
            auto it = index.find(dep);
            if (it == index.end())
            {
                fail("after=" + dep + ": no task '" + dep + "' defined before this line");
            }
            t.after.push_back(it->second);
        }
        if (keyword == "compute")
        {
            t.kind = TrainingTask::COMPUTE;
            std::string v = take("time", true);
            auto time = ParseTime(v);
            if (!time || time->IsStrictlyNegative())
            {
                fail("time= must be a duration with a unit, e.g. 12ms; got '" + v + "'");
            }
            t.computeTime = *time;
        }
        else
        {
            std::string size = take("size", true);
            auto bytes = SizeWithUnit(size);
            if (!bytes || *bytes == 0)
            {
                fail("size= must be a positive size with a unit (B, KB, MB, GB, KiB, MiB, GiB, "
                     "or nccl-tests' K, M, G), e.g. 256MiB; got '"
                     + size + "'");
            }
            t.bytes = *bytes;
            uint32_t channels = 0;
            std::string ch = take("channels", false);
            if (!ch.empty() && (!ParseUint(ch, &channels) || channels == 0 || channels > 64))
            {
                fail("channels= must be between 1 and 64, got '" + ch + "'");
            }
            uint64_t chunk = 0;
            std::string ck = take("chunk", false);
            if (!ck.empty())
            {
                auto c = SizeWithUnit(ck);
                if (!c || *c == 0)
                {
                    fail("chunk= must be a positive size with a unit, e.g. 512KiB; got '" + ck
                         + "'");
                }
                chunk = *c;
            }
            std::string error;
            if (keyword == "collective")
            {
                t.kind = TrainingTask::COLLECTIVE;
                std::string group = take("group", true);
                if (!ParseGroup(group, &t.group))
                {
                    fail("group= must be world, tp, dp, pp, ep, dpep, server or rail; got '" + group
                         + "'");
                }
                std::string op = take("op", true);
                auto o = CollectiveOpFromName(op);
                if (!o || *o == CollectiveOp::SEND_RECV)
                {
                    fail("op= must be all-reduce, all-gather, reduce-scatter, all-to-all or "
                         "broadcast; got '"
                         + op + "' (use 'send' for point-to-point)");
                }
                t.op = *o;
                t.algorithm
                    = CreateCollectiveAlgorithm(op, take("algo", false), channels, chunk, &error);
            }
            else
            {
                t.kind = TrainingTask::SEND;
                std::string to = take("to", true);
                if (to == "next" || to == "next-stage")
                {
                    t.stageOffset = 1;
                }
                else if (to == "prev" || to == "prev-stage" || to == "previous")
                {
                    t.stageOffset = -1;
                }
                else
                {
                    fail("to= must be next or prev, got '" + to + "'");
                }
                t.op = CollectiveOp::SEND_RECV;
                t.algorithm = CreateCollectiveAlgorithm("sendrecv", "", channels, chunk, &error);
                if (t.algorithm)
                {
                    t.algorithm->SetAttribute("Wrap", BooleanValue(false));
                }
            }
            if (!t.algorithm)
            {
                fail(error);
            }
        }
        noneLeft();
        index[id] = static_cast<uint32_t>(w.tasks.size());
        w.tasks.push_back(t);
    }
    if (!header)
    {
        throw TraceError(name + ": empty trace (expected 'fabric-trace 1')");
    }
    auto errors = w.Validate(gpusPerServer);
    if (!errors.empty())
    {
        // "line 12: task 'x': ..." -> "file:12: task 'x': ..."
        const std::string& e = errors.front();
        if (e.rfind("line ", 0) == 0)
        {
            throw TraceError(name + ":" + e.substr(5));
        }
        throw TraceError(name + ": " + e);
    }
    return w;
}

void
CheckTraceLine(const std::string& name, uint32_t lineNo, const std::string& line)
{
    for (std::size_t c = 0; c < line.size(); ++c)
    {
        auto b = static_cast<unsigned char>(line[c]);
        if ((b < 0x20 && b != '\t' && b != '\r') || b == 0x7f)
        {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "0x%02x", b);
            throw TraceError(name + ":" + std::to_string(lineNo) + ":" + std::to_string(c + 1)
                             + ": control character " + hex + " (a trace is text)");
        }
    }
}

void
CheckTraceFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
    {
        throw TraceError(path + ": is a directory, not a trace file");
    }
    std::ifstream probe(path);
    if (!probe)
    {
        throw TraceError(path + ": cannot open (" + std::strerror(errno) + ")");
    }
}

TrainingWorkload
ReadTrainingTrace(const std::string& path, uint32_t gpusPerServer)
{
    CheckTraceFile(path);
    std::ifstream in(path);
    if (!in)
    {
        throw TraceError(path + ": cannot open");
    }
    return ParseTrainingTrace(in, path, gpusPerServer);
}

} // namespace fabric
} // namespace ns3
