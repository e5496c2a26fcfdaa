/*
 * Names of collective operations and algorithms, as used on command lines and in traces.
 */
#include "collective-config.h"

#include "config/units.h"
#include "config/yaml-error.h"

#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("CollectiveConfig");

namespace
{

/// Lower case without '-', '_' and spaces: "All_Reduce" -> "allreduce".
std::string
Squash(const std::string& s)
{
    std::string out;
    for (char c : s)
    {
        if (c != '-' && c != '_' && c != ' ')
        {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

/// An algorithm name, its TypeId and an attribute that distinguishes it (optional).
struct AlgorithmName
{
    const char* name;           //!< short name
    const char* typeId;         //!< TypeId name
    const char* attribute {""}; //!< attribute to set ("" for none)
    const char* value {""};     //!< its value
};

/// Algorithms per operation, the default first.
std::vector<AlgorithmName>
Algorithms(CollectiveOp op)
{
    switch (op)
    {
        case CollectiveOp::ALL_REDUCE:
            return {
                {"ring", "ns3::fabric::RingAllReduce"},
                {"tree", "ns3::fabric::TreeAllReduce"},
                {"hierarchical", "ns3::fabric::HierarchicalAllReduce", "InterServer", "Ring"},
                {"hierarchical-tree", "ns3::fabric::HierarchicalAllReduce", "InterServer", "Tree"}};
        case CollectiveOp::ALL_GATHER:
            return {{"ring", "ns3::fabric::RingAllGather"}};
        case CollectiveOp::REDUCE_SCATTER:
            return {{"ring", "ns3::fabric::RingReduceScatter"}};
        case CollectiveOp::ALL_TO_ALL:
            return {{"direct", "ns3::fabric::DirectAllToAll"},
                    {"pairwise", "ns3::fabric::PairwiseAllToAll"},
                    {"pxn", "ns3::fabric::PxnAllToAll"}};
        case CollectiveOp::BROADCAST:
            return {{"ring", "ns3::fabric::RingBroadcast"}};
        case CollectiveOp::SEND_RECV:
            return {{"p2p", "ns3::fabric::SendRecv"},
                    {"permutation", "ns3::fabric::SendRecv", "Permutation", "true"}};
    }
    return {};
}

} // namespace

std::optional<CollectiveOp>
CollectiveOpFromName(const std::string& name)
{
    std::string s = Squash(name);
    if (s == "allreduce")
    {
        return CollectiveOp::ALL_REDUCE;
    }
    if (s == "allgather")
    {
        return CollectiveOp::ALL_GATHER;
    }
    if (s == "reducescatter")
    {
        return CollectiveOp::REDUCE_SCATTER;
    }
    if (s == "alltoall")
    {
        return CollectiveOp::ALL_TO_ALL;
    }
    if (s == "broadcast" || s == "bcast")
    {
        return CollectiveOp::BROADCAST;
    }
    if (s == "sendrecv" || s == "p2p")
    {
        return CollectiveOp::SEND_RECV;
    }
    return std::nullopt;
}

std::vector<std::string>
CollectiveOpNames()
{
    return {"all-reduce", "all-gather", "reduce-scatter", "all-to-all", "broadcast", "sendrecv"};
}

std::vector<std::string>
CollectiveAlgorithmNames(CollectiveOp op)
{
    std::vector<std::string> names;
    for (const auto& a : Algorithms(op))
    {
        names.emplace_back(a.name);
    }
    return names;
}

namespace
{

/// @return the entry for @p algorithm, or nullptr
const AlgorithmName*
FindAlgorithm(const std::vector<AlgorithmName>& list, const std::string& algorithm)
{
    std::string s = Squash(algorithm);
    if (s.empty() || s == "default")
    {
        return &list.front();
    }
    for (const auto& a : list)
    {
        std::string name = a.name;
        if (s == Squash(name) || (s == "pipeline" && name == "ring")
            || (s == "hier" && name == "hierarchical") || algorithm == a.typeId)
        {
            return &a;
        }
    }
    return nullptr;
}

} // namespace

std::string
CollectiveAlgorithmTypeId(CollectiveOp op, const std::string& algorithm)
{
    auto list = Algorithms(op);
    const AlgorithmName* a = FindAlgorithm(list, algorithm);
    return a ? a->typeId : "";
}

Ptr<CollectiveAlgorithm>
CreateCollectiveAlgorithm(const std::string& op,
                          const std::string& algorithm,
                          uint32_t channels,
                          uint64_t chunkBytes,
                          std::string* error)
{
    auto o = CollectiveOpFromName(op);
    if (!o)
    {
        *error = "unknown collective operation '" + op
               + "' (known: " + JoinWords(CollectiveOpNames()) + ")";
        return nullptr;
    }
    auto list = Algorithms(*o);
    const AlgorithmName* entry = FindAlgorithm(list, algorithm);
    if (!entry)
    {
        *error = "unknown algorithm '" + algorithm + "' for " + CollectiveOpName(*o)
               + " (known: " + JoinWords(CollectiveAlgorithmNames(*o)) + ")";
        return nullptr;
    }
    if (channels > 64)
    {
        *error = "channels must be between 1 and 64";
        return nullptr;
    }
    ObjectFactory f;
    f.SetTypeId(entry->typeId);
    if (std::string(entry->attribute) != "")
    {
        f.Set(entry->attribute, StringValue(entry->value));
    }
    if (channels > 0)
    {
        f.Set("Channels", UintegerValue(channels));
    }
    if (chunkBytes > 0)
    {
        f.Set("ChunkBytes", UintegerValue(chunkBytes));
    }
    return f.Create<CollectiveAlgorithm>();
}

std::optional<uint64_t>
ParseMessageSize(const std::string& text)
{
    if (text.empty())
    {
        return std::nullopt;
    }
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
    {
        ++digits;
    }
    if (digits > 0 && digits <= 19)
    {
        uint64_t v = std::stoull(text.substr(0, digits));
        std::string rest = text.substr(digits);
        uint64_t scale = 0;
        if (rest.empty())
        {
            scale = 1;
        }
        else if (rest == "K" || rest == "k")
        {
            scale = 1ull << 10;
        }
        else if (rest == "M")
        {
            scale = 1ull << 20;
        }
        else if (rest == "G")
        {
            scale = 1ull << 30;
        }
        if (scale != 0)
        {
            if (v > UINT64_MAX / scale)
            {
                return std::nullopt;
            }
            return v * scale;
        }
    }
    return ParseBytes(text);
}

NcclTestsRow
NcclTestsColumns(CollectiveOp op, uint64_t bytes, uint32_t ranks, uint32_t root)
{
    const uint64_t word = 4; // float
    uint64_t count = bytes / word;
    uint64_t n = std::max<uint32_t>(ranks, 1);
    NcclTestsRow r;
    switch (op)
    {
        case CollectiveOp::ALL_REDUCE:
            r = {count * word, count, "sum", -1};
            break;
        case CollectiveOp::SEND_RECV:
            r = {count * word, count, "sum", -1};
            break;
        case CollectiveOp::BROADCAST:
            r = {count * word, count, "none", static_cast<int>(root)};
            break;
        case CollectiveOp::ALL_GATHER:
        case CollectiveOp::ALL_TO_ALL:
            r = {count / n * n * word, count / n, "none", -1};
            break;
        case CollectiveOp::REDUCE_SCATTER:
            r = {count / n * n * word, count / n, "sum", -1};
            break;
    }
    return r;
}

std::string
NcclTestsTime(double us)
{
    char buf[64];
    std::snprintf(
        buf, sizeof(buf), us >= 10000.0 ? "%7.0f" : (us >= 100.0 ? "%7.1f" : "%7.2f"), us);
    return buf;
}

} // namespace fabric
} // namespace ns3
