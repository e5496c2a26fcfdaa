/*
 * One simulation over several MPI ranks: ns-3's distributed engine, a partition of the fabric
 * by pod, cables between ranks, and results gathered on rank 0.
 */
#ifndef FABRIC_DISTRIBUTED_H
#define FABRIC_DISTRIBUTED_H

#include "helper/fabric.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief How a fabric runs over MPI ranks (ns-3's MpiInterface and DistributedSimulatorImpl).
 *
 * A process started by mpirun or srun (OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK in its
 * environment) joins the MPI job when it builds its first fabric (FabricHelper::Build). Every
 * rank builds the whole fabric in the same order, then runs only its own nodes:
 * - Partition: the pods (3-tier) are split into contiguous blocks, one per rank; a pod's
 *   NICs, leaves and spines belong to its rank; the cores are split the same way by index.
 * - Cables between ranks hand their frames to MpiInterface::SendPacket at the time they start;
 *   the frame reaches the far end's rank at its arrival time. The lookahead is the shortest
 *   such cable's delay.
 * - Events run under NodeOrderScheduler, whose order of same-time events does not depend on
 *   the partition: 1, 2 or N ranks give the same events and figures (timing fields aside), as
 *   does one process run with --SchedulerType=ns3::fabric::NodeOrderScheduler.
 * - Results are gathered on every rank (counters summed, peaks taken), rank 0 prints and
 *   writes files; the other ranks' standard output is discarded.
 */
class Distributed
{
public:
    /**
     * Join the MPI job this process was started in, once (later calls return at once), and
     * select ns-3's distributed engine with NodeOrderScheduler. A process not started by an
     * MPI launcher is left alone.
     * @throw std::runtime_error when started by an MPI launcher with more than one rank in a
     * build without MPI
     */
    static void Start();

    /**
     * Join the MPI job (Start) and check that a program about to build @p fabrics fabrics
     * (profiles, variants) can: an MPI run builds one.
     * @param fabrics fabrics the program will build, one after the other
     * @param flag the flag that names them (for the message: "--profile")
     * @param first the first of them (for the message)
     * @return an error message, or empty
     */
    static std::string CheckFabrics(std::size_t fabrics,
                                    const std::string& flag,
                                    const std::string& first);

    /**
     * Called before a fabric is built: a second fabric in one MPI run is refused (ns-3's MPI
     * interface cannot be started again once its simulator is destroyed).
     * @throw std::invalid_argument on the second call in an MPI run
     */
    static void BeginFabric();

    /// @return true when this process runs as an MPI rank (Start found an MPI launcher)
    static bool Enabled();

    /**
     * @return true when events run in the partition-independent order: an MPI run, or one
     * process under NodeOrderScheduler. Runners then also end collectives the way an MPI run
     * must (CollectiveRunner: in windows, not at the last rank's finish), so that the two give
     * the same results.
     */
    static bool Ordered();

    /// @return this process's rank (0 without MPI)
    static uint32_t Rank();

    /// @return number of ranks (1 without MPI)
    static uint32_t Ranks();

    /**
     * Give every node of @p fabric its rank (Node SystemId) and connect the cables between
     * ranks. Nothing to do with one rank.
     * @throw std::invalid_argument for a fabric that cannot be split over Ranks(): not 3-tier,
     * fewer pods than ranks, NIC planes or a front-end network, a cable between ranks with no
     * delay
     */
    static void Partition(Fabric& fabric);

    /// @return the rank node @p nodeId belongs to (0 before Partition or without MPI)
    static uint32_t RankOf(uint32_t nodeId);

    /// @return true when node @p nodeId runs on this rank
    static bool IsLocal(uint32_t nodeId) { return RankOf(nodeId) == Rank(); }

    /**
     * @return the events of the model over all ranks, from this rank's @p localEvents
     * (Simulator::GetEventCount()): less, on each rank, the MPI receive of each frame from
     * another rank (its arrival is an event of its own) and the set-up events of the nodes
     * that are not its own (ns-3 initializes every node and device on every rank), and less
     * the @p everyRank events that each rank runs and one process runs once (a Stop)
     */
    static uint64_t ModelEvents(uint64_t localEvents, uint64_t everyRank);

    /**
     * Send @p message to the rank of node @p nodeId, for the listener of its device
     * @p ifIndex (Listen), to arrive a lookahead (and a picosecond) from now: a message between
     * parts of an application on two ranks (the collective engine's), not a frame.
     */
    static void Send(uint32_t nodeId, uint32_t ifIndex, const std::vector<uint8_t>& message);

    /// Hand the messages sent to @p device (Send) to @p listener, on this rank.
    static void Listen(Ptr<NetDevice> device,
                       std::function<void(const uint8_t* data, std::size_t size)> listener);

    /// Sum @p values element-wise over the ranks (in place; nothing without MPI).
    static void Sum(std::vector<uint64_t>& values);

    /// @return every rank's @p values, concatenated in rank order (all of them on every rank)
    static std::vector<uint64_t> Concatenate(const std::vector<uint64_t>& values);

    /// Take the element-wise maximum of @p values over the ranks (in place).
    static void Max(std::vector<int64_t>& values);

    /// @return the sum of @p value over the ranks
    static double SumDouble(double value);

    /// @return the maximum of @p value over the ranks
    static double MaxDouble(double value);

    /// @return @p local (one rank's totals, its own nodes only) summed over the ranks: counters
    /// added, peaks the highest of any rank
    static FabricStats Gather(const FabricStats& local);
};

} // namespace fabric
} // namespace ns3

#endif
