/*
 * A communicator: the ordered GPUs a collective runs on (NCCL's ncclComm_t), and the group
 * factories of data/tensor/pipeline parallelism.
 */
#ifndef FABRIC_COMMUNICATOR_H
#define FABRIC_COMMUNICATOR_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief How a job's GPUs are numbered into parallel groups (Megatron order: tensor-parallel
 * rank fastest, then data-parallel, then pipeline stage).
 *
 * GPU g of the job has tp index g % tp, dp index (g / tp) % dp, pp index g / (tp * dp).
 * With tp = 8 and 8-GPU servers, a tensor-parallel group is one server (NVLink) and a
 * data-parallel group holds GPU i of dp servers: one rail.
 */
struct ParallelLayout
{
    uint32_t tp {1}; //!< tensor-parallel group size
    uint32_t dp {1}; //!< data-parallel group size
    uint32_t pp {1}; //!< pipeline stages
    uint32_t ep {1}; //!< expert-parallel group size (divides dp; groups of consecutive dp ranks)

    /// The largest job a layout may describe: 2^20 GPUs (ten Colossus-size clusters).
    static constexpr uint64_t MAX_WORLD = uint64_t(1) << 20;

    /// @return GPUs in the job (valid once Check() passed)
    uint32_t World() const { return tp * dp * pp; }

    /**
     * @return "" when tp, dp, pp and ep are >= 1 and the job, tp x dp x pp computed in 64 bits,
     * holds at most MAX_WORLD GPUs; else what is wrong
     */
    std::string Check() const;

    uint32_t TpIndex(uint32_t g) const { return g % tp; } //!< tensor-parallel rank

    uint32_t DpIndex(uint32_t g) const { return (g / tp) % dp; } //!< data-parallel rank

    uint32_t PpIndex(uint32_t g) const { return g / (tp * dp); } //!< pipeline stage

    /// @return the GPU at (tp index, dp index, pp index)
    uint32_t Gpu(uint32_t t, uint32_t d, uint32_t p) const { return t + tp * (d + dp * p); }
};

/**
 * @brief The ordered list of GPUs a collective runs on: rank r is GPU Gpu(r).
 *
 * Ring algorithms follow the rank order. Communicators made by the factories below are
 * server-major (the ranks of one server are consecutive), which lets the algorithms keep
 * ring crossings between servers on one rail and send intra-server hops over NVLink.
 */
class Communicator
{
public:
    Communicator() = default;

    /**
     * @param gpus GPU indices, in rank order (no duplicates)
     * @param name a label for reports
     */
    explicit Communicator(std::vector<uint32_t> gpus, std::string name = "");

    /// @return number of ranks
    uint32_t Size() const { return static_cast<uint32_t>(m_gpus.size()); }

    /// @return the GPU of rank @p rank
    uint32_t Gpu(uint32_t rank) const { return m_gpus[rank]; }

    /// @return the GPUs in rank order
    const std::vector<uint32_t>& Gpus() const { return m_gpus; }

    /// @return the rank of @p gpu, or -1 when it is not a member (linear search)
    int32_t RankOf(uint32_t gpu) const;

    /// @return the label
    const std::string& GetName() const { return m_name; }

    /**
     * @param gpusPerServer GPUs per server of the fabric
     * @return ranks per server when the communicator is server-major with the same number of
     * ranks on every server it touches (and at least 2 servers or 1 server), otherwise 1
     */
    uint32_t RanksPerServer(uint32_t gpusPerServer) const;

    /**
     * @param gpusPerServer GPUs per server
     * @return a message when a GPU appears twice; empty when valid
     */
    std::string Validate(uint32_t gpusPerServer) const;

    // Factories.

    /// GPUs 0 .. n-1.
    static Communicator World(uint32_t n);

    /// GPUs first .. first + n - 1.
    static Communicator Range(uint32_t first, uint32_t n, std::string name = "");

    /// GPU @p rail of every server of a fabric of @p gpus GPUs: one rail.
    static Communicator Rail(uint32_t gpus, uint32_t gpusPerServer, uint32_t rail);

    /// The GPUs of server @p server.
    static Communicator Server(uint32_t gpusPerServer, uint32_t server);

    /// The tensor-parallel group of GPU @p gpu under @p layout.
    static Communicator TensorParallel(const ParallelLayout& layout, uint32_t gpu);

    /// The data-parallel group of GPU @p gpu under @p layout.
    static Communicator DataParallel(const ParallelLayout& layout, uint32_t gpu);

    /// The pipeline group (one GPU per stage) of GPU @p gpu under @p layout.
    static Communicator Pipeline(const ParallelLayout& layout, uint32_t gpu);

    /// The expert-parallel group (ep consecutive data-parallel ranks) of GPU @p gpu.
    static Communicator ExpertParallel(const ParallelLayout& layout, uint32_t gpu);

private:
    std::vector<uint32_t> m_gpus; //!< rank -> GPU
    std::string m_name;           //!< label
};

} // namespace fabric
} // namespace ns3

#endif
