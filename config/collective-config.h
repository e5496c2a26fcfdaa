/*
 * Names of collective operations and algorithms, as used on command lines and in traces.
 */
#ifndef FABRIC_COLLECTIVE_CONFIG_H
#define FABRIC_COLLECTIVE_CONFIG_H

#include "model/collective/collective-algorithm.h"

#include "ns3/ptr.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @param name "all-reduce" (also "allreduce", "all_reduce", "ALLREDUCE"), "all-gather",
 *        "reduce-scatter", "all-to-all", "broadcast", "sendrecv" (also "p2p")
 * @return the operation, or nothing when unknown
 */
std::optional<CollectiveOp> CollectiveOpFromName(const std::string& name);

/// @return the operation names CollectiveOpFromName knows (canonical spelling)
std::vector<std::string> CollectiveOpNames();

/// @return the algorithm names for @p op, the default first
std::vector<std::string> CollectiveAlgorithmNames(CollectiveOp op);

/**
 * @param op the operation
 * @param algorithm an algorithm name for @p op ("" or "default": the first one), or a TypeId
 * @return the TypeId name, or "" when @p algorithm does not implement @p op
 */
std::string CollectiveAlgorithmTypeId(CollectiveOp op, const std::string& algorithm);

/**
 * Create an algorithm object.
 * @param op operation name
 * @param algorithm algorithm name ("" for the default)
 * @param channels parallel channels (0: the attribute's default)
 * @param chunkBytes chunk size (0: the attribute's default)
 * @param error set to a message when nothing can be created
 * @return the algorithm, or nullptr
 */
Ptr<CollectiveAlgorithm> CreateCollectiveAlgorithm(const std::string& op,
                                                   const std::string& algorithm,
                                                   uint32_t channels,
                                                   uint64_t chunkBytes,
                                                   std::string* error);

/**
 * Parse a message size the way nccl-tests and our YAML do: "1048576" (bytes), "1M" / "8G"
 * (nccl-tests: K, M, G are powers of 1024), "2MiB", "32MB".
 * @return the bytes, or nothing when @p text is not a size
 */
std::optional<uint64_t> ParseMessageSize(const std::string& text);

/// What nccl-tests prints for one size of a collective (its `size count type redop root`).
struct NcclTestsRow
{
    uint64_t sizeBytes {0}; //!< max(send, receive) bytes of one rank's buffers
    uint64_t count {0};     //!< the count passed to NCCL: per rank for all-gather,
                            //!< reduce-scatter and all-to-all
    std::string redop;      //!< "sum" or "none"
    int root {-1};          //!< the root rank (broadcast), else -1
};

/**
 * nccl-tests' columns for a collective of @p bytes (the -b/-e size, in floats of 4 bytes) on
 * @p ranks ranks, as its getCollByteCount computes them: count = bytes/4 for all-reduce,
 * broadcast and sendrecv; count/ranks per rank (and size rounded down to whole ranks) for
 * all-gather, reduce-scatter and all-to-all. redop is "sum" for the reductions (and sendrecv,
 * as nccl-tests prints it), "none" otherwise; root is @p root for broadcast, else -1.
 */
NcclTestsRow NcclTestsColumns(CollectiveOp op, uint64_t bytes, uint32_t ranks, uint32_t root);

/// A time in microseconds as nccl-tests prints it: %7.0f from 10 ms, %7.1f from 100 us, else %7.2f.
std::string NcclTestsTime(double us);

} // namespace fabric
} // namespace ns3

#endif
