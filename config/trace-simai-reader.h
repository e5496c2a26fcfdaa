/*
 * Reader of the ASTRA-sim / SimAI workload text format (AICB output).
 */
#ifndef FABRIC_TRACE_SIMAI_READER_H
#define FABRIC_TRACE_SIMAI_READER_H

#include "config/trace-reader.h"

#include "ns3/nstime.h"

#include <istream>
#include <string>

namespace ns3
{
namespace fabric
{

/// How a SimAI workload is turned into a training step.
struct SimAiOptions
{
    Time tick {NanoSeconds(1)};      //!< duration of one compute time unit in the file
    uint32_t iterations {1};         //!< training steps to replay
    std::string allReduce {"ring"};  //!< all-reduce algorithm
    std::string allToAll {"direct"}; //!< all-to-all algorithm
    uint32_t channels {0};           //!< channels (0: default)
    uint32_t gpus {0};               //!< GPUs when the file has no all_gpus (0: required there)
};

/**
 * Read a SimAI / ASTRA-sim workload:
 * @code
 * HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: 8 ep: 1 pp: 1 ga: 1 all_gpus: 64
 * 2
 * attention -1 1750840 ALLGATHER 50331648 875420 REDUCESCATTER 50331648 875420 NONE 0 100
 * mlp       -1 7956367 NONE 0 7956367 NONE 0 7956367 ALLREDUCE 268435456 100
 * @endcode
 * Line 1: the parallelism (DATA, MODEL, HYBRID_TRANSFORMER, HYBRID_TRANSFORMER_FWD_IN_BCKWD,
 * HYBRID_DATA_MODEL, HYBRID_MODEL_DATA) and key: value pairs (model_parallel_NPU_group = tp,
 * ep, pp, ga, all_gpus, pp_comm = bytes between stages; vpp and checkpoints are ignored);
 * line 2: the number of layers; then per layer: name, a reserved dependency (-1), forward
 * compute, forward comm type and bytes, input-gradient compute, type, bytes, weight-gradient
 * compute, type, bytes, update time. Compute times are in ticks (SimAiOptions::tick, 1 ns by
 * default). Comm types: NONE, ALLREDUCE, ALLGATHER, REDUCESCATTER, ALLTOALL, with _EP (expert
 * group) or _DP_EP suffixes; ALLREDUCEALLTOALL is replayed as an all-reduce. Forward and
 * input-gradient collectives run on the tensor-parallel group, weight-gradient ones on the
 * data-parallel group.
 *
 * The step built from it (dp = all_gpus / (tp x pp), layers split evenly over the pp
 * stages): for each of ga micro-batches, forward (compute, then its collective, blocking;
 * stages hand pp_comm bytes to the next), backward in reverse (input-gradient compute and
 * collective, blocking; weight-gradient compute, its collective started without blocking, on
 * the last micro-batch only); at the end the update time of every layer after all weight-
 * gradient collectives. Micro-batches run one after another (no 1F1B interleaving).
 * @throws TraceError naming file, line and problem
 */
TrainingWorkload ReadSimAiWorkload(const std::string& path,
                                   const SimAiOptions& options = SimAiOptions(),
                                   uint32_t gpusPerServer = 8);

/// Same, from a stream; @p name is used in messages.
TrainingWorkload ParseSimAiWorkload(std::istream& in,
                                    const std::string& name,
                                    const SimAiOptions& options = SimAiOptions(),
                                    uint32_t gpusPerServer = 8);

} // namespace fabric
} // namespace ns3

#endif
