/*
 * Reader of our training-trace format ("fabric-trace 1"): compute phases and collectives per
 * group of ranks, with dependencies.
 */
#ifndef FABRIC_TRACE_READER_H
#define FABRIC_TRACE_READER_H

#include "model/collective/workload/training-workload.h"

#include <istream>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace fabric
{

/// A trace that cannot be read; what() is "file:line: what is wrong".
class TraceError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * Check one line of a text trace: no control character other than tab and CR.
 * @throws TraceError "name:line:column: control character 0x00 (a trace is text)"
 */
void CheckTraceLine(const std::string& name, uint32_t lineNo, const std::string& line);

/**
 * Check that @p path names a regular file that can be opened (a trace reader's first step).
 * @throws TraceError "path: is a directory, not a trace file", "path: cannot open (reason)"
 */
void CheckTraceFile(const std::string& path);

/**
 * Read a training trace. Format (one statement per line, '#' starts a comment, key=value
 * fields in any order, every size and time with its unit):
 * @code
 * fabric-trace 1
 * parallel tp=8 dp=4 pp=2 ep=1
 * iterations 2
 * compute    fwd0 ranks=pp0 time=4ms
 * send       act0 ranks=pp0 to=next size=32MiB after=fwd0
 * compute    fwd1 ranks=pp1 time=4ms after=act0
 * collective ar1  ranks=pp1 group=dp op=all-reduce size=256MiB algo=ring after=fwd1
 * @endcode
 * - `parallel`: the job's tensor/data (required) and pipeline/expert (default 1) parallel
 *   sizes; GPU g of the job is fabric GPU g (tp index fastest, then dp, then pp).
 * - `ranks=`: all | tp<k> | dp<k> | pp<k> | <a>-<b> | <a>, inside the job (k below the
 *   group's size, GPUs below tp x dp x pp, which is at most ParallelLayout::MAX_WORLD).
 * - Text only: a control character other than tab (a NUL byte, say) is an error.
 * - `group=`: world | tp | dp | pp | ep | dpep | server | rail.
 * - `op=`/`algo=`: as the collective example (all-reduce ring|tree|hierarchical|
 *   hierarchical-tree, all-gather ring, reduce-scatter ring, all-to-all direct|pairwise|pxn,
 *   broadcast ring); optional `channels=N`, `chunk=<size>`.
 * - `send ... to=next|prev`: each selected GPU sends to the same tp/dp position in the next
 *   (previous) pipeline stage.
 * - `after=a,b`: tasks that must be done first, on the same GPU; names a GPU does not run are
 *   ignored there.
 * @param path file to read
 * @return the workload (validated against @p gpusPerServer)
 * @throws TraceError naming file, line and problem
 */
TrainingWorkload ReadTrainingTrace(const std::string& path, uint32_t gpusPerServer = 8);

/// Same, from a stream; @p name is used in messages.
TrainingWorkload ParseTrainingTrace(std::istream& in,
                                    const std::string& name,
                                    uint32_t gpusPerServer = 8);

} // namespace fabric
} // namespace ns3

#endif
