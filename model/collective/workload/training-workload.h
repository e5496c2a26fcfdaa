/*
 * A training step as a task graph: compute phases and collectives per group of ranks.
 */
#ifndef FABRIC_TRAINING_WORKLOAD_H
#define FABRIC_TRAINING_WORKLOAD_H

#include "model/collective/collective-algorithm.h"
#include "model/collective/communicator.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// Which ranks (GPUs of the job) run a task.
struct RankSelector
{
    /// How the ranks are chosen.
    enum Kind
    {
        ALL,      //!< every GPU of the job
        TP_INDEX, //!< tensor-parallel index == first
        DP_INDEX, //!< data-parallel index == first
        PP_INDEX, //!< pipeline stage == first
        RANGE,    //!< GPUs first .. last
    };

    Kind kind {ALL};    //!< kind
    uint32_t first {0}; //!< index or first GPU
    uint32_t last {0};  //!< last GPU (RANGE)

    /// @return true when GPU @p gpu of a job laid out as @p layout is selected
    bool Contains(const ParallelLayout& layout, uint32_t gpu) const;

    /// @return e.g. "all", "pp1", "0-63"
    std::string ToString() const;
};

/// The communicator a collective runs on, relative to each participating GPU.
enum class GroupKind
{
    WORLD,  //!< every GPU of the job
    TP,     //!< tensor-parallel group
    DP,     //!< data-parallel group
    PP,     //!< pipeline group (one GPU per stage)
    EP,     //!< expert-parallel group (ep consecutive data-parallel ranks)
    DP_EP,  //!< data-parallel ranks with the same index inside their expert-parallel group
    SERVER, //!< the GPUs of the server (gpusPerServer)
    RAIL,   //!< GPU i of every server of the job
};

/// @return e.g. "dp"
std::string GroupKindName(GroupKind g);

/// One task of the step, run by every selected rank.
struct TrainingTask
{
    /// What the task does.
    enum Kind
    {
        COMPUTE,    //!< a compute phase: computeTime on an H100, scaled by the GPU's speed
        COLLECTIVE, //!< a collective on the rank's group
        SEND,       //!< a point-to-point transfer to the next (or previous) pipeline stage
    };

    std::string id;                             //!< unique name
    Kind kind {COMPUTE};                        //!< kind
    RankSelector ranks;                         //!< who runs it (SEND: the senders)
    Time computeTime {0};                       //!< COMPUTE: duration on the reference GPU (H100)
    CollectiveOp op {CollectiveOp::ALL_REDUCE}; //!< COLLECTIVE: operation
    Ptr<CollectiveAlgorithm> algorithm;         //!< COLLECTIVE/SEND: the algorithm (with its
                                                //!< channels and chunk size), set by the reader
    uint64_t bytes {0};                         //!< COLLECTIVE/SEND: size S
    GroupKind group {GroupKind::DP};            //!< COLLECTIVE: the group
    int32_t stageOffset {1};                    //!< SEND: +1 next stage, -1 previous stage
    std::vector<uint32_t> after;                //!< tasks (indices) each rank finishes first
    uint32_t line {0};                          //!< source line (for messages)
};

/**
 * @brief A training step as a task graph, per group of ranks: compute phases and collectives
 * with their group, algorithm, size and dependencies. A rank starts a task when the tasks in
 * `after` that it runs itself are done (dependencies on tasks a rank does not run are
 * ignored: a pipeline stage receiving activations posts its receive at once). Compute
 * phases of a rank run one at a time (one compute stream); collectives overlap with them,
 * and a rank's collectives on the same group kind run in order (one stream per communicator).
 * Iterations repeat the graph; a rank starts iteration k+1 when it finished iteration k.
 */
struct TrainingWorkload
{
    ParallelLayout layout;           //!< GPUs of the job and their parallel groups
    uint32_t iterations {1};         //!< training steps to replay
    std::vector<TrainingTask> tasks; //!< the graph, in file order
    std::string source;              //!< where it came from (for reports)
    std::string layoutText;          //!< layout for reports if not tp/dp/pp/ep (Chakra)

    /**
     * Check the graph: unique ids, dependencies on earlier tasks, groups that stay inside the
     * task's selection, pipeline peers that exist, sizes and times.
     * @param gpusPerServer GPUs per server (SERVER and RAIL groups)
     * @return one message per problem (prefixed with the task's line); empty when valid
     */
    std::vector<std::string> Validate(uint32_t gpusPerServer) const;

    /// @return the number of tasks of each kind, e.g. "12 compute, 8 collective, 2 send"
    std::string Summary() const;

    /**
     * @param task a COLLECTIVE task
     * @param gpu one of its ranks
     * @param gpusPerServer GPUs per server
     * @return the communicator of @p gpu for @p task (server-major order)
     */
    Communicator GroupOf(const TrainingTask& task, uint32_t gpu, uint32_t gpusPerServer) const;

    /// @return the GPU a SEND task's rank @p gpu sends to (its stage + stageOffset)
    uint32_t SendPeer(const TrainingTask& task, uint32_t gpu) const;
};

} // namespace fabric
} // namespace ns3

#endif
