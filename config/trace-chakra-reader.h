/*
 * Reader of Chakra execution traces (MLCommons Chakra ET, as ASTRA-sim 2.0 replays them).
 */
#ifndef FABRIC_TRACE_CHAKRA_READER_H
#define FABRIC_TRACE_CHAKRA_READER_H

#include "config/trace-reader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// How a Chakra trace is turned into a training step.
struct ChakraOptions
{
    uint32_t iterations {1}; //!< times the graph is replayed
    uint32_t channels {0};   //!< collective channels (0: each algorithm's default)
};

/**
 * @return the rank files of the Chakra trace at @p path, rank order: PATH.0.et, PATH.1.et ...
 * when @p path is a prefix (as ASTRA-sim's workload argument), the same for NAME when @p path
 * is one rank file NAME.K.et, or every NAME.K.et file of the directory @p path (one NAME).
 * Ranks must run 0 .. N-1 without a gap.
 * @throws TraceError when there is no such file, a rank is missing, or the names disagree
 */
std::vector<std::string> ChakraRankFiles(const std::string& path);

/// @return true when @p path looks like a Chakra trace (a directory of *.K.et files, a file
/// ending in .et, or a prefix with PATH.0.et beside it)
bool IsChakraTrace(const std::string& path);

/**
 * Read a Chakra execution trace: one file per rank, each a GlobalMetadata message and then
 * one Node message per node, every message preceded by its length as a varint (Chakra's
 * protolib encoding), in the schema of helper/chakra/et_def.proto. Rank r is GPU r of the
 * fabric.
 *
 * What is replayed:
 * - COMP_NODE: a compute phase of duration_micros on the reference GPU (H100), scaled by the
 *   GPU's type like any compute phase. A rank's compute phases run one at a time.
 * - COMM_COLL_NODE: a collective over all ranks of the trace, from its attributes comm_type
 *   (ALL_REDUCE, ALL_GATHER, REDUCE_SCATTER, ALL_TO_ALL, BROADCAST) and comm_size (bytes, the
 *   collective's size S as nccl-tests counts it). The k-th collective node of every rank is
 *   one collective: all ranks must list the same operations and sizes in the same order.
 *   Algorithms are the collective example's defaults (ring; all-to-all direct).
 * - COMM_SEND_NODE (comm_dst, comm_size, optional comm_tag) and COMM_RECV_NODE (comm_src,
 *   comm_size, comm_tag): the j-th send from a to b with a tag is matched with the j-th
 *   receive on b from a with that tag; sizes must agree. The receive is posted at once (its
 *   own dependencies are not waited for); the receiver's nodes that depend on it wait for
 *   the data.
 * - METADATA_NODE, MEM_LOAD_NODE, MEM_STORE_NODE: take no time; dependencies pass through.
 * - Dependencies: data_deps and ctrl_deps, node ids of the same rank's file.
 * Other node types, other collectives (REDUCE, GATHER, SCATTER, BARRIER,
 * REDUCE_SCATTER_BLOCK), unknown dependencies, cycles (also through collectives ordered
 * differently on two ranks) are errors.
 * @throws TraceError naming the file, the node (id and name) and the problem
 */
TrainingWorkload ReadChakraWorkload(const std::string& path,
                                    const ChakraOptions& options = ChakraOptions(),
                                    uint32_t gpusPerServer = 8);

} // namespace fabric
} // namespace ns3

#endif
