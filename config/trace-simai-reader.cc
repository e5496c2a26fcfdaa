/*
 * Reader of the ASTRA-sim / SimAI workload text format (AICB output).
 */
#include "trace-simai-reader.h"

#include "config/collective-config.h"
#include "model/collective/algorithms/send-recv.h"

#include "ns3/boolean.h"
#include "ns3/log.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TraceSimAiReader");

namespace
{

/// The longest compute or update time a workload may give: 10^6 s, in picoseconds.
constexpr uint64_t MAX_COMPUTE_PS = 1000000000000000000ULL;

/// One layer line.
struct Layer
{
    std::string name;       //!< layer name
    uint64_t compute[3] {}; //!< forward, input-gradient, weight-gradient compute (ticks)
    std::string type[3];    //!< their collective types
    uint64_t bytes[3] {};   //!< their collective sizes
    uint64_t update {0};    //!< update time (ticks)
    uint32_t line {0};      //!< line in the file
};

/// Collective type and group of a comm field; false for NONE or an empty transfer.
bool
DecodeComm(const std::string& type,
           uint64_t bytes,
           bool weightGradient,
           CollectiveOp* op,
           GroupKind* group,
           std::string* error)
{
    if (type == "NONE" || bytes == 0)
    {
        return false;
    }
    std::string base = type;
    *group = weightGradient ? GroupKind::DP : GroupKind::TP;
    for (auto [suffix, g] :
         {std::pair<const char*, GroupKind> {"_DP_EP", GroupKind::DP_EP}, {"_EP", GroupKind::EP}})
    {
        std::string s = suffix;
        if (base.size() > s.size() && base.compare(base.size() - s.size(), s.size(), s) == 0)
        {
            base.erase(base.size() - s.size());
            *group = g;
            break;
        }
    }
    static const std::map<std::string, CollectiveOp> OPS
        = {{"ALLREDUCE", CollectiveOp::ALL_REDUCE},
           {"ALLGATHER", CollectiveOp::ALL_GATHER},
           {"REDUCESCATTER", CollectiveOp::REDUCE_SCATTER},
           {"ALLTOALL", CollectiveOp::ALL_TO_ALL},
           {"ALLREDUCEALLTOALL", CollectiveOp::ALL_REDUCE}};
    auto it = OPS.find(base);
    if (it == OPS.end())
    {
        *error = "unknown communication type '" + type
               + "' (known: NONE, ALLREDUCE, ALLGATHER, REDUCESCATTER, ALLTOALL, "
                 "ALLREDUCEALLTOALL, with _EP or _DP_EP)";
        return false;
    }
    *op = it->second;
    return true;
}

} // namespace

TrainingWorkload
ParseSimAiWorkload(std::istream& in,
                   const std::string& name,
                   const SimAiOptions& options,
                   uint32_t gpusPerServer)
{
    uint32_t lineNo = 0;
    auto fail = [&](const std::string& what) {
        throw TraceError(name + ":" + std::to_string(lineNo) + ": " + what);
    };
    std::string line;
    // Line 1: parallelism and key: value pairs.
    if (!std::getline(in, line))
    {
        throw TraceError(name + ": empty workload file");
    }
    lineNo = 1;
    CheckTraceLine(name, lineNo, line);
    std::istringstream first(line);
    std::vector<std::string> tokens;
    std::string tok;
    while (first >> tok)
    {
        tokens.push_back(tok);
    }
    if (tokens.empty())
    {
        fail("expected the parallelism (DATA, MODEL, HYBRID_TRANSFORMER, ...) on line 1");
    }
    std::map<std::string, uint64_t> keys;
    for (std::size_t i = 1; i < tokens.size(); ++i)
    {
        std::string k = tokens[i];
        if (k.back() == ':')
        {
            k.pop_back();
        }
        if (i + 1 < tokens.size()
            && tokens[i + 1].find_first_not_of("0123456789") == std::string::npos)
        {
            // Every count on line 1 (GPUs, group sizes, bytes) fits in 15 digits.
            if (tokens[i + 1].size() > 15)
            {
                fail(k + ": " + tokens[i + 1] + " is too large (at most 15 digits)");
            }
            keys[k] = std::stoull(tokens[i + 1]);
            ++i;
        }
    }
    const std::string policy = tokens[0];
    auto key = [&keys](const char* k, uint64_t def) {
        auto it = keys.find(k);
        return it == keys.end() ? def : it->second;
    };
    uint64_t gpus = key("all_gpus", options.gpus);
    if (gpus == 0)
    {
        fail("no all_gpus: on line 1 (give the GPU count in the options)");
    }
    uint64_t tp = 1;
    if (policy == "DATA")
    {
        tp = 1;
    }
    else if (policy == "MODEL")
    {
        tp = gpus;
    }
    else if (policy == "HYBRID_TRANSFORMER" || policy == "HYBRID_TRANSFORMER_FWD_IN_BCKWD"
             || policy == "HYBRID_DATA_MODEL" || policy == "HYBRID_MODEL_DATA")
    {
        tp = key("model_parallel_NPU_group", 0);
        if (tp == 0)
        {
            fail(policy + " needs model_parallel_NPU_group: on line 1");
        }
    }
    else
    {
        fail("unsupported parallelism '" + policy
             + "' (known: DATA, MODEL, HYBRID_TRANSFORMER, HYBRID_TRANSFORMER_FWD_IN_BCKWD, "
               "HYBRID_DATA_MODEL, HYBRID_MODEL_DATA)");
    }
    if (gpus > ParallelLayout::MAX_WORLD || tp > gpus)
    {
        fail("all_gpus (" + std::to_string(gpus) + ") and model_parallel_NPU_group ("
             + std::to_string(tp) + ") must be at most " + std::to_string(ParallelLayout::MAX_WORLD)
             + " GPUs, the group no larger than the job");
    }
    uint64_t pp = key("pp", 1);
    uint64_t ep = key("ep", 1);
    uint64_t ga = key("ga", 1);
    uint64_t ppComm = key("pp_comm", 0);
    if (pp == 0 || ep == 0 || ga == 0 || pp > gpus || ep > gpus || tp * pp > gpus
        || gpus % (tp * pp) != 0)
    {
        fail("all_gpus (" + std::to_string(gpus) + ") must be a multiple of tp x pp ("
             + std::to_string(tp) + " x " + std::to_string(pp)
             + "), and ep (at most all_gpus), ga >= 1");
    }
    TrainingWorkload w;
    w.source = name;
    w.iterations = options.iterations;
    w.layout.tp = static_cast<uint32_t>(tp);
    w.layout.pp = static_cast<uint32_t>(pp);
    w.layout.dp = static_cast<uint32_t>(gpus / (tp * pp));
    w.layout.ep = static_cast<uint32_t>(ep);
    if (w.layout.dp % w.layout.ep != 0)
    {
        fail("ep (" + std::to_string(ep) + ") must divide dp (" + std::to_string(w.layout.dp)
             + ")");
    }
    if (pp > 1 && ppComm == 0)
    {
        fail("pp > 1 needs pp_comm (bytes handed between stages) on line 1");
    }
    // Line 2: layer count.
    if (!std::getline(in, line))
    {
        fail("missing the layer count on line 2");
    }
    lineNo = 2;
    CheckTraceLine(name, lineNo, line);
    uint32_t nLayers = 0;
    {
        std::istringstream ss(line);
        int64_t v = -1;
        if (!(ss >> v) || v <= 0)
        {
            fail("expected a positive layer count, got '" + line + "'");
        }
        if (v > 1000000)
        {
            fail("layer count " + std::to_string(v) + " is above the limit of 1000000");
        }
        nLayers = static_cast<uint32_t>(v);
    }
    std::vector<Layer> layers;
    uint64_t updateTicks = 0;
    while (layers.size() < nLayers && std::getline(in, line))
    {
        ++lineNo;
        CheckTraceLine(name, lineNo, line);
        std::istringstream ss(line);
        Layer l;
        l.line = lineNo;
        int64_t reserved = 0;
        if (!(ss >> l.name))
        {
            continue; // blank line
        }
        if (!(ss >> reserved >> l.compute[0] >> l.type[0] >> l.bytes[0] >> l.compute[1] >> l.type[1]
              >> l.bytes[1] >> l.compute[2] >> l.type[2] >> l.bytes[2] >> l.update))
        {
            fail("layer '" + l.name
                 + "': expected 12 fields: name, dependency, fwd compute, fwd type, fwd bytes, "
                   "ig compute, ig type, ig bytes, wg compute, wg type, wg bytes, update time");
        }
        // Times are ticks x options.tick in picoseconds (64-bit signed): each field, and the
        // update times summed over all layers, stay below 10^6 s (10^18 ps).
        const uint64_t maxTicks
            = MAX_COMPUTE_PS
            / static_cast<uint64_t>(std::max<int64_t>(1, options.tick.GetPicoSeconds()));
        for (uint64_t ticks : {l.compute[0], l.compute[1], l.compute[2], l.update})
        {
            if (ticks > maxTicks)
            {
                fail("layer '" + l.name + "': a compute or update time of " + std::to_string(ticks)
                     + " ticks is over 10^6 s (at most " + std::to_string(maxTicks) + " ticks of "
                     + std::to_string(options.tick.GetPicoSeconds()) + " ps)");
            }
        }
        updateTicks += l.update;
        if (updateTicks > maxTicks)
        {
            fail("the update times summed over the layers are over 10^6 s");
        }
        layers.push_back(l);
    }
    if (layers.size() < nLayers)
    {
        fail("expected " + std::to_string(nLayers) + " layers, found "
             + std::to_string(layers.size()));
    }

    // Build the graph.
    auto groupSize = [&w](GroupKind g) {
        switch (g)
        {
            case GroupKind::TP:
                return w.layout.tp;
            case GroupKind::DP:
                return w.layout.dp;
            case GroupKind::EP:
                return w.layout.ep;
            case GroupKind::DP_EP:
                return w.layout.dp / w.layout.ep;
            default:
                return w.layout.World();
        }
    };
    std::map<std::string, uint32_t> index;
    auto add = [&](TrainingTask t, const std::vector<std::string>& after) {
        for (const auto& a : after)
        {
            if (!a.empty())
            {
                t.after.push_back(index.at(a));
            }
        }
        index[t.id] = static_cast<uint32_t>(w.tasks.size());
        w.tasks.push_back(t);
        return t.id;
    };
    auto stageSel = [&w](uint32_t s) {
        RankSelector sel;
        if (w.layout.pp > 1)
        {
            sel.kind = RankSelector::PP_INDEX;
            sel.first = s;
        }
        return sel;
    };
    auto compute = [&](const std::string& id,
                       uint32_t s,
                       uint64_t ticks,
                       const Layer& l,
                       const std::string& after) {
        TrainingTask t;
        t.id = id;
        t.kind = TrainingTask::COMPUTE;
        t.ranks = stageSel(s);
        t.computeTime = PicoSeconds(static_cast<int64_t>(ticks) * options.tick.GetPicoSeconds());
        t.line = l.line;
        return add(t, {after});
    };
    // A collective (or "" when the field is NONE or its group has one rank).
    auto collective = [&](const std::string& id,
                          uint32_t s,
                          const Layer& l,
                          int phase,
                          const std::string& after) -> std::string {
        CollectiveOp op;
        GroupKind group;
        std::string error;
        if (!DecodeComm(l.type[phase], l.bytes[phase], phase == 2, &op, &group, &error))
        {
            if (!error.empty())
            {
                lineNo = l.line;
                fail(error);
            }
            return "";
        }
        if (groupSize(group) <= 1)
        {
            return "";
        }
        TrainingTask t;
        t.id = id;
        t.kind = TrainingTask::COLLECTIVE;
        t.ranks = stageSel(s);
        t.op = op;
        t.group = group;
        t.bytes = l.bytes[phase];
        t.line = l.line;
        std::string algo = op == CollectiveOp::ALL_REDUCE ? options.allReduce
                         : op == CollectiveOp::ALL_TO_ALL ? options.allToAll
                                                          : "";
        t.algorithm
            = CreateCollectiveAlgorithm(CollectiveOpName(op), algo, options.channels, 0, &error);
        if (!t.algorithm)
        {
            throw TraceError(name + ": " + error);
        }
        return add(t, {after});
    };
    auto send = [&](const std::string& id, uint32_t s, int32_t offset, const std::string& after) {
        TrainingTask t;
        t.id = id;
        t.kind = TrainingTask::SEND;
        t.ranks = stageSel(s);
        t.stageOffset = offset;
        t.op = CollectiveOp::SEND_RECV;
        t.bytes = ppComm;
        std::string error;
        t.algorithm = CreateCollectiveAlgorithm("sendrecv", "", options.channels, 0, &error);
        t.algorithm->SetAttribute("Wrap", BooleanValue(false));
        return add(t, {after});
    };
    const uint32_t stages = w.layout.pp;
    std::vector<std::string> last(stages);                // last blocking task per stage
    std::vector<std::vector<std::string>> wgComm(stages); // weight-gradient collectives
    auto stageLayers = [&](uint32_t s) {
        return std::make_pair(s * nLayers / stages, (s + 1) * nLayers / stages);
    };
    for (uint64_t mb = 0; mb < ga; ++mb)
    {
        std::string m = "mb" + std::to_string(mb) + ".";
        bool lastMb = mb + 1 == ga;
        for (uint32_t s = 0; s < stages; ++s)
        {
            auto [lo, hi] = stageLayers(s);
            for (uint32_t i = lo; i < hi; ++i)
            {
                const Layer& l = layers[i];
                std::string base = m + "fwd." + std::to_string(i) + "." + l.name;
                last[s] = compute(base, s, l.compute[0], l, last[s]);
                std::string c = collective(base + ".comm", s, l, 0, last[s]);
                if (!c.empty())
                {
                    last[s] = c;
                }
            }
            if (s + 1 < stages)
            {
                std::string id = send(m + "act.s" + std::to_string(s), s, 1, last[s]);
                last[s] = id;
                last[s + 1] = id;
            }
        }
        for (uint32_t s = stages; s-- > 0;)
        {
            auto [lo, hi] = stageLayers(s);
            for (uint32_t i = hi; i-- > lo;)
            {
                const Layer& l = layers[i];
                std::string base = m + "bwd." + std::to_string(i) + "." + l.name;
                last[s] = compute(base + ".ig", s, l.compute[1], l, last[s]);
                std::string c = collective(base + ".ig.comm", s, l, 1, last[s]);
                if (!c.empty())
                {
                    last[s] = c;
                }
                last[s] = compute(base + ".wg", s, l.compute[2], l, last[s]);
                if (lastMb)
                {
                    std::string g = collective(base + ".wg.comm", s, l, 2, last[s]);
                    if (!g.empty())
                    {
                        wgComm[s].push_back(g);
                    }
                }
            }
            if (s > 0)
            {
                std::string id = send(m + "grad.s" + std::to_string(s), s, -1, last[s]);
                last[s] = id;
                last[s - 1] = id;
            }
        }
    }
    for (uint32_t s = 0; s < stages; ++s)
    {
        auto [lo, hi] = stageLayers(s);
        uint64_t update = 0;
        for (uint32_t i = lo; i < hi; ++i)
        {
            update += layers[i].update;
        }
        std::vector<std::string> after = wgComm[s];
        after.push_back(last[s]);
        TrainingTask t;
        t.id = "update.s" + std::to_string(s);
        t.kind = TrainingTask::COMPUTE;
        t.ranks = stageSel(s);
        t.computeTime = PicoSeconds(static_cast<int64_t>(update) * options.tick.GetPicoSeconds());
        t.line = lineNo;
        add(t, after);
    }
    auto errors = w.Validate(gpusPerServer);
    if (!errors.empty())
    {
        const std::string& e = errors.front();
        throw TraceError(name + (e.rfind("line ", 0) == 0 ? ":" + e.substr(5) : ": " + e));
    }
    return w;
}

TrainingWorkload
ReadSimAiWorkload(const std::string& path, const SimAiOptions& options, uint32_t gpusPerServer)
{
    CheckTraceFile(path);
    std::ifstream in(path);
    if (!in)
    {
        throw TraceError(path + ": cannot open");
    }
    return ParseSimAiWorkload(in, path, options, gpusPerServer);
}

} // namespace fabric
} // namespace ns3
