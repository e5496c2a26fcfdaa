/*
 * Internal to the YAML readers (included only by helper/yaml-*.cc): yaml-cpp nodes with the
 * file they came from, a map reader that rejects unknown keys, and scalar readers that demand
 * units. Everything reports problems as SpecError with file:line:column.
 */
#ifndef FABRIC_YAML_NODE_H
#define FABRIC_YAML_NODE_H

#include "config/experiment-spec.h"
#include "config/units.h"
#include "config/yaml-error.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{
namespace yaml
{

/// A YAML node and the file it was read from (yaml-cpp marks carry no file name).
struct Located
{
    YAML::Node node;  //!< the node
    std::string file; //!< file it came from
    YAML::Mark mark;  //!< where to point errors about it (the node's mark, else its key's)
};

/// Largest YAML input accepted (bytes); a topology of 100k GPUs is a few kB.
constexpr std::size_t MAX_YAML_BYTES = 1 << 20;

/**
 * @brief State shared by the readers of one document: values that replace keys (sweep axes)
 * and the paths looked up (to suggest a path for a misspelt axis).
 */
struct ReadContext
{
    std::map<std::string, Located> overrides; //!< dotted path -> replacing value
    std::set<std::string> usedOverrides;      //!< overrides consumed
    std::set<std::string> knownPaths;         //!< every dotted path a reader asked for
};

/// Throw a SpecError pointing at @p at.
[[noreturn]] void Fail(const Located& at,
                       const std::string& message,
                       const std::vector<std::string>& notes = {});

/// @return the offset of the first NUL byte or invalid UTF-8 sequence of @p text, or npos
std::size_t FirstInvalidUtf8(const std::string& text);

/**
 * Parse @p text as one YAML document.
 * @param file name used in messages
 * @throws SpecError for malformed YAML (with the parser's line and column), an empty document
 * or one that is not a map
 */
Located ParseDocument(const std::string& text, const std::string& file);

/**
 * Read and parse the file @p path.
 * @param from where the path was written (for messages), or null for a command-line path
 * @throws SpecError when the file cannot be read or parsed
 */
Located LoadDocument(const std::string& path, const Located* from);

/// @return @p path resolved against the directory of @p baseFile (unless absolute)
std::string ResolvePath(const std::string& path, const std::string& baseFile);

/// @return a short description of a node's kind ("a map", "a list", "nothing", "'text'")
std::string Describe(const YAML::Node& node);

/**
 * @brief Reads the keys of one YAML map: every Get declares a key; Finish rejects keys that
 * were never asked for, with a "did you mean" suggestion. Values of dotted paths present in
 * the ReadContext's overrides replace the map's own.
 */
class MapReader
{
public:
    /**
     * @param at the map (must be a map, else SpecError)
     * @param path dotted path of the map ("" for the document, "topology", "workload" ...)
     * @param what name of the map for messages ("topology", "experiment" ...)
     * @param ctx shared state (may be null)
     */
    MapReader(const Located& at,
              const std::string& path,
              const std::string& what,
              ReadContext* ctx);

    /// @return the value of @p key (an override if any), or nothing when absent or null
    std::optional<Located> Get(const std::string& key);

    /// @return true when @p key is present (or overridden)
    bool Has(const std::string& key) const;

    /// @return where @p key is written (its key node), or the map when absent
    Located Where(const std::string& key) const;

    /// @return dotted path of @p key ("topology.gpus")
    std::string PathOf(const std::string& key) const;

    /// @return the map itself
    const Located& Self() const { return m_at; }

    /// Reject keys no Get asked for (SpecError with a suggestion).
    void Finish() const;

private:
    Located m_at;                            //!< the map
    std::string m_path;                      //!< its dotted path
    std::string m_what;                      //!< its name for messages
    ReadContext* m_ctx;                      //!< shared state
    std::vector<std::string> m_declared;     //!< keys asked for
    std::map<std::string, Located> m_keys;   //!< key -> key node (for positions)
    std::map<std::string, Located> m_values; //!< key -> value node
    std::vector<std::string> m_order;        //!< keys in file order
};

/// @return the scalar text of @p v; SpecError naming @p path and @p expected when not a scalar
std::string ScalarText(const Located& v, const std::string& path, const std::string& expected);

/// A non-empty string.
std::string ReadString(const Located& v, const std::string& path, const std::string& expected);

/// One of @p known (SpecError with a suggestion otherwise).
std::string ReadChoice(const Located& v,
                       const std::string& path,
                       const std::vector<std::string>& known);

/// An unsigned integer that fits 32 bits; @p minimum is the smallest accepted value.
uint32_t ReadCount(const Located& v, const std::string& path, uint32_t minimum);

/// true/false (also yes/no, on/off).
bool ReadBool(const Located& v, const std::string& path);

/// A positive rate with a unit ("400Gbps").
DataRate ReadRate(const Located& v, const std::string& path);

/// A time with a unit ("600ns"); zero accepted only when @p allowZero.
Time ReadTime(const Located& v, const std::string& path, bool allowZero);

/// A positive size with a unit ("2MiB").
uint64_t ReadBytes(const Located& v, const std::string& path);

/// A sequence node (SpecError otherwise); @return its items, located
std::vector<Located> ReadList(const Located& v, const std::string& path, const std::string& what);

/// Emit a free-text string so that it reads back the same: double-quoted (escaped) when it
/// holds a control character, which yaml-cpp would otherwise write plain (a trailing carriage
/// return, for one, is lost on reading).
void EmitText(YAML::Emitter& out, const std::string& text);

// Readers and writers of the schema parts, shared by yaml-topology.cc, yaml-experiment.cc and
// yaml-sweep.cc.

/// Read a topology map at dotted path @p path ("" for a topology file, "topology" inline).
TopologyConfig ReadTopologyMap(const Located& at, const std::string& path, ReadContext* ctx);

/// Write @p topology as a block map.
void EmitTopology(YAML::Emitter& out, const TopologyConfig& topology);

/**
 * Read an experiment document.
 * @param extraKeys top-level keys the caller handles itself (e.g. "axes" in a sweep)
 */
ExperimentSpec ReadExperimentMap(const Located& doc,
                                 ReadContext* ctx,
                                 const std::vector<std::string>& extraKeys);

/// Write @p spec as a block map (outputs only when @p withOutputs).
void EmitExperiment(YAML::Emitter& out, const ExperimentSpec& spec, bool withOutputs);

} // namespace yaml
} // namespace fabric
} // namespace ns3

#endif
