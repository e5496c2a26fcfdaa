/*
 * Reader of Chakra execution traces: rank files -> one TrainingWorkload.
 */
#include "trace-chakra-reader.h"

#include "config/collective-config.h"
#include "et_def.pb.h"

#include "ns3/boolean.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <queue>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

namespace ns3
{
namespace fabric
{

namespace
{

namespace pb = ChakraProtoMsg;

/// Largest rank file read (a trace of a large model's step is tens of MB per rank).
constexpr std::uintmax_t MAX_RANK_FILE_BYTES = std::uintmax_t(1) << 30;

/// One rank's file, parsed.
struct RankTrace
{
    std::string file;
    std::vector<pb::Node> nodes;
};

std::string
NodeName(const RankTrace& r, const pb::Node& n)
{
    return r.file + ": node " + std::to_string(n.id())
         + (n.name().empty() ? "" : " (" + n.name() + ")");
}

/// Read the varint-length-delimited messages of one rank file.
RankTrace
ReadRankFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
    {
        throw TraceError(path + ": is a directory, not a Chakra rank file");
    }
    std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
    {
        throw TraceError(path + ": cannot open (" + ec.message() + ")");
    }
    if (size > MAX_RANK_FILE_BYTES)
    {
        throw TraceError(path + ": " + std::to_string(size) + " bytes, more than the limit of "
                         + std::to_string(MAX_RANK_FILE_BYTES) + " for one rank file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw TraceError(path + ": cannot open (" + std::strerror(errno) + ")");
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty())
    {
        throw TraceError(path + ": empty (a Chakra rank file starts with its GlobalMetadata)");
    }
    google::protobuf::io::ArrayInputStream raw(bytes.data(), static_cast<int>(bytes.size()));
    google::protobuf::io::CodedInputStream coded(&raw);
    coded.SetTotalBytesLimit(static_cast<int>(std::min<std::uintmax_t>(size + 1, INT32_MAX)));
    RankTrace r;
    r.file = path;
    for (uint64_t index = 0; coded.CurrentPosition() < static_cast<int>(bytes.size()); ++index)
    {
        const int at = coded.CurrentPosition();
        const std::string what
            = index == 0 ? "the GlobalMetadata" : "node message " + std::to_string(index);
        uint32_t length = 0;
        if (!coded.ReadVarint32(&length))
        {
            throw TraceError(path + ": byte " + std::to_string(at) + ": " + what
                             + " has no valid length prefix (a varint)");
        }
        if (length > bytes.size() - static_cast<size_t>(coded.CurrentPosition()))
        {
            throw TraceError(path + ": byte " + std::to_string(at) + ": " + what + " says "
                             + std::to_string(length) + " bytes, but only "
                             + std::to_string(bytes.size() - coded.CurrentPosition())
                             + " remain (a truncated file?)");
        }
        auto limit = coded.PushLimit(static_cast<int>(length));
        bool ok;
        if (index == 0)
        {
            pb::GlobalMetadata meta;
            ok = meta.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
        }
        else
        {
            r.nodes.emplace_back();
            ok = r.nodes.back().ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
        }
        coded.PopLimit(limit);
        if (!ok)
        {
            throw TraceError(path + ": byte " + std::to_string(at) + ": " + what
                             + " is not a valid Chakra " + (index == 0 ? "GlobalMetadata" : "Node")
                             + " message");
        }
    }
    return r;
}

/// The attribute @p name of @p n as an integer; nothing when absent.
std::optional<int64_t>
IntAttr(const RankTrace& r, const pb::Node& n, const std::string& name)
{
    for (const auto& a : n.attr())
    {
        if (a.name() != name)
        {
            continue;
        }
        switch (a.value_case())
        {
            case pb::AttributeProto::kInt32Val:
                return a.int32_val();
            case pb::AttributeProto::kInt64Val:
                return a.int64_val();
            case pb::AttributeProto::kUint32Val:
                return a.uint32_val();
            case pb::AttributeProto::kUint64Val:
                if (a.uint64_val() > uint64_t(INT64_MAX))
                {
                    break;
                }
                return static_cast<int64_t>(a.uint64_val());
            case pb::AttributeProto::kSint32Val:
                return a.sint32_val();
            case pb::AttributeProto::kSint64Val:
                return a.sint64_val();
            case pb::AttributeProto::kFixed32Val:
                return a.fixed32_val();
            case pb::AttributeProto::kFixed64Val:
                if (a.fixed64_val() > uint64_t(INT64_MAX))
                {
                    break;
                }
                return static_cast<int64_t>(a.fixed64_val());
            case pb::AttributeProto::kSfixed32Val:
                return a.sfixed32_val();
            case pb::AttributeProto::kSfixed64Val:
                return a.sfixed64_val();
            default:
                break;
        }
        throw TraceError(NodeName(r, n) + ": attribute " + name + " is not an integer");
    }
    return std::nullopt;
}

int64_t
RequireIntAttr(const RankTrace& r, const pb::Node& n, const std::string& name)
{
    auto v = IntAttr(r, n, name);
    if (!v)
    {
        throw TraceError(NodeName(r, n) + ": " + pb::NodeType_Name(n.type()) + " has no attribute "
                         + name);
    }
    return *v;
}

/// A task of the merged graph while it is being built.
struct Vertex
{
    TrainingTask task;
    std::vector<uint32_t> preds; //!< vertices that come first
};

/// "NAME.K.et" (also a path ending so) -> (NAME, K); nothing for any other name.
std::optional<std::pair<std::string, uint32_t>>
SplitRankFile(const std::string& name)
{
    static const std::regex rankFile(R"((.*)\.([0-9]{1,7})\.et)");
    std::smatch m;
    if (!std::regex_match(name, m, rankFile))
    {
        return std::nullopt;
    }
    return std::make_pair(m[1].str(), static_cast<uint32_t>(std::stoul(m[2].str())));
}

/// @return true when @p name ends in ".et"
bool
HasEtSuffix(const std::string& name)
{
    return name.size() > 3 && name.compare(name.size() - 3, 3, ".et") == 0;
}

} // namespace

std::vector<std::string>
ChakraRankFiles(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    std::map<uint32_t, std::string> byRank;
    if (fs::is_directory(path, ec))
    {
        std::string prefix;
        for (const auto& e : fs::directory_iterator(path, ec))
        {
            auto rank = SplitRankFile(e.path().filename().string());
            if (!rank)
            {
                continue;
            }
            if (!prefix.empty() && rank->first != prefix)
            {
                throw TraceError(path + ": holds rank files of two traces ('" + prefix
                                 + ".K.et' and '" + rank->first + ".K.et'); give PATH/NAME");
            }
            prefix = rank->first;
            byRank[rank->second] = e.path().string();
        }
        if (byRank.empty())
        {
            throw TraceError(path + ": no Chakra rank files (NAME.0.et, NAME.1.et ...)");
        }
    }
    else
    {
        std::string prefix = path;
        if (auto one = SplitRankFile(path))
        {
            prefix = one->first; // one rank file named: the trace it belongs to
        }
        // Every PREFIX.K.et beside it (a missing rank is then an error, not a shorter trace).
        fs::path p(prefix);
        fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
        const std::string base = p.filename().string();
        for (const auto& e : fs::directory_iterator(parent, ec))
        {
            std::string name = e.path().filename().string();
            auto rank = SplitRankFile(name);
            if (rank && rank->first == base)
            {
                byRank[rank->second] = (parent / name).lexically_normal().string();
            }
        }
        if (byRank.empty())
        {
            throw TraceError(path + ": no Chakra trace here (expected " + prefix
                             + ".0.et, or a directory of NAME.K.et files)");
        }
    }
    std::vector<std::string> files;
    for (const auto& [rank, f] : byRank)
    {
        if (rank != files.size())
        {
            throw TraceError(path + ": rank " + std::to_string(files.size())
                             + " has no file (ranks must run 0 .. N-1; found " + f + ")");
        }
        files.push_back(f);
    }
    return files;
}

bool
IsChakraTrace(const std::string& path)
{
    std::error_code ec;
    namespace fs = std::filesystem;
    if (HasEtSuffix(path))
    {
        return true;
    }
    if (fs::exists(path + ".0.et", ec))
    {
        return true;
    }
    if (fs::is_directory(path, ec))
    {
        for (const auto& e : fs::directory_iterator(path, ec))
        {
            if (HasEtSuffix(e.path().filename().string()))
            {
                return true;
            }
        }
    }
    return false;
}

TrainingWorkload
ReadChakraWorkload(const std::string& path, const ChakraOptions& options, uint32_t gpusPerServer)
{
    const std::string& prefix = path;
    std::vector<std::string> files = ChakraRankFiles(path);
    if (files.size() > ParallelLayout::MAX_WORLD)
    {
        throw TraceError(path + ": " + std::to_string(files.size())
                         + " ranks, more than the largest job of "
                         + std::to_string(ParallelLayout::MAX_WORLD));
    }
    const auto ranks = static_cast<uint32_t>(files.size());
    std::vector<RankTrace> traces;
    traces.reserve(ranks);
    for (const auto& f : files)
    {
        traces.push_back(ReadRankFile(f));
    }

    std::vector<Vertex> v;
    std::vector<std::map<uint64_t, uint32_t>> vertexOf(ranks); // node id -> vertex, per rank
    std::vector<uint32_t> collectives;                         // k-th collective -> vertex
    std::vector<const pb::Node*> collectiveFirst;              // its node on rank 0
    // (src, dst, tag) -> the vertices of its sends in order, and how many each side matched
    std::map<std::tuple<uint32_t, uint32_t, int64_t>, std::vector<uint32_t>> p2p;
    std::map<std::tuple<uint32_t, uint32_t, int64_t>, std::pair<size_t, size_t>> p2pSeen;
    std::vector<std::vector<std::pair<const pb::Node*, uint32_t>>> pending(ranks); // deps later
    std::string error;

    auto peerOf = [&](const RankTrace& t, const pb::Node& n, const char* attr) {
        int64_t peer = RequireIntAttr(t, n, attr);
        if (peer < 0 || peer >= static_cast<int64_t>(ranks))
        {
            throw TraceError(NodeName(t, n) + ": " + attr + " " + std::to_string(peer)
                             + " is not a rank of the trace (0-" + std::to_string(ranks - 1) + ")");
        }
        return static_cast<uint32_t>(peer);
    };
    auto sizeOf = [&](const RankTrace& t, const pb::Node& n) {
        int64_t bytes = RequireIntAttr(t, n, "comm_size");
        if (bytes <= 0)
        {
            throw TraceError(NodeName(t, n) + ": comm_size " + std::to_string(bytes)
                             + " must be a positive number of bytes");
        }
        return static_cast<uint64_t>(bytes);
    };

    for (uint32_t r = 0; r < ranks; ++r)
    {
        const RankTrace& t = traces[r];
        size_t k = 0; // this rank's collectives so far
        for (const pb::Node& n : t.nodes)
        {
            if (vertexOf[r].count(n.id()))
            {
                throw TraceError(NodeName(t, n) + ": a second node with this id");
            }
            uint32_t vertex = 0;
            switch (n.type())
            {
                case pb::COMP_NODE:
                case pb::METADATA_NODE:
                case pb::MEM_LOAD_NODE:
                case pb::MEM_STORE_NODE: {
                    Vertex x;
                    x.task.id = "rank" + std::to_string(r) + "/" + std::to_string(n.id());
                    x.task.kind = TrainingTask::COMPUTE;
                    x.task.ranks = {RankSelector::RANGE, r, r};
                    if (n.type() == pb::COMP_NODE)
                    {
                        if (n.duration_micros() > uint64_t(1e12))
                        {
                            throw TraceError(NodeName(t, n) + ": duration_micros "
                                             + std::to_string(n.duration_micros())
                                             + " is more than 1e12 us");
                        }
                        x.task.computeTime
                            = MicroSeconds(static_cast<int64_t>(n.duration_micros()));
                    }
                    vertex = static_cast<uint32_t>(v.size());
                    v.push_back(std::move(x));
                    break;
                }
                case pb::COMM_COLL_NODE: {
                    int64_t type = RequireIntAttr(t, n, "comm_type");
                    std::string op;
                    switch (type)
                    {
                        case pb::ALL_REDUCE:
                            op = "all-reduce";
                            break;
                        case pb::ALL_GATHER:
                            op = "all-gather";
                            break;
                        case pb::REDUCE_SCATTER:
                            op = "reduce-scatter";
                            break;
                        case pb::ALL_TO_ALL:
                            op = "all-to-all";
                            break;
                        case pb::BROADCAST:
                            op = "broadcast";
                            break;
                        default:
                            throw TraceError(
                                NodeName(t, n) + ": comm_type " + std::to_string(type)
                                + (pb::CollectiveCommType_IsValid(static_cast<int>(type))
                                       ? " (" + pb::CollectiveCommType_Name(static_cast<int>(type))
                                             + ")"
                                       : std::string())
                                + " is not replayed (ALL_REDUCE, ALL_GATHER, REDUCE_SCATTER, "
                                  "ALL_TO_ALL "
                                  "and BROADCAST are)");
                    }
                    uint64_t bytes = sizeOf(t, n);
                    if (k == collectives.size())
                    {
                        if (r != 0)
                        {
                            throw TraceError(NodeName(t, n) + ": collective #"
                                             + std::to_string(k + 1) + " of this rank, but rank 0 ("
                                             + traces[0].file + ") has only " + std::to_string(k)
                                             + " (every rank runs every collective, in order)");
                        }
                        Vertex x;
                        x.task.id = "collective" + std::to_string(k);
                        x.task.kind = TrainingTask::COLLECTIVE;
                        x.task.ranks = {RankSelector::ALL, 0, 0};
                        x.task.group = GroupKind::WORLD;
                        x.task.op = *CollectiveOpFromName(op);
                        x.task.bytes = bytes;
                        x.task.algorithm
                            = CreateCollectiveAlgorithm(op, "", options.channels, 0, &error);
                        if (!x.task.algorithm)
                        {
                            throw TraceError(NodeName(t, n) + ": " + error);
                        }
                        collectives.push_back(static_cast<uint32_t>(v.size()));
                        collectiveFirst.push_back(&n);
                        v.push_back(std::move(x));
                    }
                    vertex = collectives[k];
                    const TrainingTask& c = v[vertex].task;
                    if (CollectiveOpName(c.op) != op || c.bytes != bytes)
                    {
                        throw TraceError(NodeName(t, n) + ": collective #" + std::to_string(k + 1)
                                         + " is " + op + " of " + std::to_string(bytes)
                                         + " B, but on rank 0 it is " + CollectiveOpName(c.op)
                                         + " of " + std::to_string(c.bytes) + " B ("
                                         + NodeName(traces[0], *collectiveFirst[k]) + ")");
                    }
                    k++;
                    break;
                }
                case pb::COMM_SEND_NODE:
                case pb::COMM_RECV_NODE: {
                    const bool send = n.type() == pb::COMM_SEND_NODE;
                    uint32_t peer = peerOf(t, n, send ? "comm_dst" : "comm_src");
                    if (peer == r)
                    {
                        throw TraceError(NodeName(t, n) + ": a rank cannot "
                                         + (send ? "send to" : "receive from") + " itself");
                    }
                    int64_t tag = IntAttr(t, n, "comm_tag").value_or(0);
                    uint64_t bytes = sizeOf(t, n);
                    auto key = send ? std::make_tuple(r, peer, tag) : std::make_tuple(peer, r, tag);
                    auto& list = p2p[key];
                    auto& seen = p2pSeen[key];
                    size_t& mine = send ? seen.first : seen.second;
                    if (mine == list.size())
                    {
                        Vertex x;
                        const uint32_t src = std::get<0>(key);
                        const uint32_t dst = std::get<1>(key);
                        x.task.id = "send" + std::to_string(src) + "to" + std::to_string(dst)
                                  + "tag" + std::to_string(tag) + "#" + std::to_string(list.size());
                        x.task.kind = TrainingTask::SEND;
                        x.task.ranks = {RankSelector::RANGE, src, src};
                        x.task.stageOffset = static_cast<int32_t>(dst) - static_cast<int32_t>(src);
                        x.task.op = CollectiveOp::SEND_RECV;
                        x.task.bytes = bytes;
                        x.task.algorithm = CreateCollectiveAlgorithm(
                            "sendrecv", "", options.channels, 0, &error);
                        if (!x.task.algorithm)
                        {
                            throw TraceError(NodeName(t, n) + ": " + error);
                        }
                        x.task.algorithm->SetAttribute("Wrap", BooleanValue(false));
                        list.push_back(static_cast<uint32_t>(v.size()));
                        v.push_back(std::move(x));
                    }
                    vertex = list[mine++];
                    if (v[vertex].task.bytes != bytes)
                    {
                        throw TraceError(NodeName(t, n) + ": comm_size " + std::to_string(bytes)
                                         + " B, but the matching " + (send ? "receive" : "send")
                                         + " has " + std::to_string(v[vertex].task.bytes) + " B");
                    }
                    break;
                }
                default:
                    throw TraceError(NodeName(t, n) + ": node type "
                                     + (pb::NodeType_IsValid(n.type()) ? pb::NodeType_Name(n.type())
                                                                       : std::to_string(n.type()))
                                     + " is not replayed (COMP, COMM_COLL, COMM_SEND, COMM_RECV, "
                                       "METADATA, MEM_LOAD and MEM_STORE nodes are)");
            }
            vertexOf[r][n.id()] = vertex;
            pending[r].emplace_back(&n, vertex);
        }
        if (r > 0 && k != collectives.size())
        {
            throw TraceError(t.file + ": " + std::to_string(k) + " collectives, but rank 0 ("
                             + traces[0].file + ") has " + std::to_string(collectives.size())
                             + " (every rank runs every collective, in order)");
        }
    }
    for (const auto& [key, seen] : p2pSeen)
    {
        if (seen.first != seen.second)
        {
            const auto& [src, dst, tag] = key;
            throw TraceError(traces[seen.first > seen.second ? src : dst].file + ": "
                             + std::to_string(seen.first) + " sends from rank "
                             + std::to_string(src) + " to rank " + std::to_string(dst)
                             + " with tag " + std::to_string(tag) + ", but "
                             + std::to_string(seen.second) + " receives of them");
        }
    }
    // Dependencies, within each rank's file. A receive's own dependencies are not kept: the
    // receive is posted at once.
    for (uint32_t r = 0; r < ranks; ++r)
    {
        for (const auto& [node, vertex] : pending[r])
        {
            if (node->type() == pb::COMM_RECV_NODE)
            {
                continue;
            }
            for (const auto* deps : {&node->data_deps(), &node->ctrl_deps()})
            {
                for (uint64_t d : *deps)
                {
                    auto it = vertexOf[r].find(d);
                    if (it == vertexOf[r].end())
                    {
                        throw TraceError(NodeName(traces[r], *node) + ": depends on node "
                                         + std::to_string(d) + ", which this rank's file lacks");
                    }
                    if (it->second == vertex)
                    {
                        throw TraceError(NodeName(traces[r], *node) + ": depends on itself");
                    }
                    v[vertex].preds.push_back(it->second);
                }
            }
        }
    }
    // A communicator runs its collectives in the order they were issued, and sends between
    // two ranks with one tag are matched in order: each comes after the previous one.
    for (size_t k = 1; k < collectives.size(); ++k)
    {
        v[collectives[k]].preds.push_back(collectives[k - 1]);
    }
    for (const auto& [key, list] : p2p)
    {
        for (size_t j = 1; j < list.size(); ++j)
        {
            v[list[j]].preds.push_back(list[j - 1]);
        }
    }
    // Topological order, stable (Kahn's algorithm taking the earliest-made vertex first).
    const auto nv = static_cast<uint32_t>(v.size());
    std::vector<std::vector<uint32_t>> succ(nv);
    std::vector<uint32_t> indegree(nv, 0);
    for (uint32_t x = 0; x < nv; ++x)
    {
        auto& p = v[x].preds;
        std::sort(p.begin(), p.end());
        p.erase(std::unique(p.begin(), p.end()), p.end());
        for (uint32_t y : p)
        {
            succ[y].push_back(x);
        }
        indegree[x] = static_cast<uint32_t>(p.size());
    }
    std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ready;
    for (uint32_t x = 0; x < nv; ++x)
    {
        if (indegree[x] == 0)
        {
            ready.push(x);
        }
    }
    std::vector<uint32_t> position(nv, UINT32_MAX);
    TrainingWorkload w;
    w.layout.tp = 1;
    w.layout.dp = 1;
    w.layout.pp = ranks; // rank r is pipeline "stage" r: a send's peer is a stage offset
    w.layoutText = std::to_string(ranks) + " Chakra ranks, no parallel groups";
    w.iterations = std::max(1u, options.iterations);
    w.source = prefix;
    while (!ready.empty())
    {
        uint32_t x = ready.top();
        ready.pop();
        position[x] = static_cast<uint32_t>(w.tasks.size());
        TrainingTask task = v[x].task;
        for (uint32_t y : v[x].preds)
        {
            task.after.push_back(position[y]);
        }
        w.tasks.push_back(std::move(task));
        for (uint32_t s : succ[x])
        {
            if (--indegree[s] == 0)
            {
                ready.push(s);
            }
        }
    }
    if (w.tasks.size() != nv)
    {
        std::string stuck;
        for (uint32_t x = 0; x < nv && stuck.empty(); ++x)
        {
            if (position[x] == UINT32_MAX)
            {
                stuck = v[x].task.id;
            }
        }
        throw TraceError(prefix + ": the dependencies form a cycle (through " + stuck
                         + "; collectives or sends ordered differently on two ranks?)");
    }
    std::vector<std::string> problems = w.Validate(gpusPerServer);
    if (!problems.empty())
    {
        throw TraceError(prefix + ": " + problems.front());
    }
    return w;
}

} // namespace fabric
} // namespace ns3
