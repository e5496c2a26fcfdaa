/*
 * Base class of the collective algorithms: a per-rank schedule of steps (sends and receives).
 */
#include "collective-algorithm.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("CollectiveAlgorithm");
NS_OBJECT_ENSURE_REGISTERED(CollectiveAlgorithm);

std::string
CollectiveOpName(CollectiveOp op)
{
    switch (op)
    {
        case CollectiveOp::ALL_REDUCE:
            return "all-reduce";
        case CollectiveOp::ALL_GATHER:
            return "all-gather";
        case CollectiveOp::REDUCE_SCATTER:
            return "reduce-scatter";
        case CollectiveOp::ALL_TO_ALL:
            return "all-to-all";
        case CollectiveOp::BROADCAST:
            return "broadcast";
        case CollectiveOp::SEND_RECV:
            return "sendrecv";
    }
    return "unknown";
}

double
BusBandwidthFactor(CollectiveOp op, uint32_t ranks)
{
    double n = ranks;
    switch (op)
    {
        case CollectiveOp::ALL_REDUCE:
            return 2.0 * (n - 1) / n;
        case CollectiveOp::ALL_GATHER:
        case CollectiveOp::REDUCE_SCATTER:
        case CollectiveOp::ALL_TO_ALL:
            return (n - 1) / n;
        case CollectiveOp::BROADCAST:
        case CollectiveOp::SEND_RECV:
            return 1.0;
    }
    return 1.0;
}

TypeId
CollectiveAlgorithm::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::CollectiveAlgorithm")
              .SetParent<Object>()
              .SetGroupName("Fabric")
              .AddAttribute("Channels",
                            "Parallel channels (NCCL channels): the data are split over them and "
                            "each has its own queue pairs, hence its own ECMP entropy.",
                            UintegerValue(2),
                            MakeUintegerAccessor(&CollectiveAlgorithm::m_channels),
                            MakeUintegerChecker<uint32_t>(1, 64))
              .AddAttribute("ChunkBytes",
                            "Largest message posted at once, bytes (NCCL Simple protocol: 4 MiB "
                            "buffer / 8 steps = 512 KiB).",
                            UintegerValue(512 * 1024),
                            MakeUintegerAccessor(&CollectiveAlgorithm::m_chunkBytes),
                            MakeUintegerChecker<uint64_t>(1))
              .AddAttribute("RailRing",
                            "On multi-GPU servers, order rings as a snake with per-channel "
                            "rotation so that every crossing between servers stays on one rail.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&CollectiveAlgorithm::m_railRing),
                            MakeBooleanChecker());
    return tid;
}

CollectiveAlgorithm::CollectiveAlgorithm() = default;

std::string
CollectiveAlgorithm::Validate(const CommShape& shape) const
{
    if (shape.ranks == 0)
    {
        return "a collective needs at least one rank";
    }
    if (shape.ranksPerServer == 0 || shape.ranks % shape.ranksPerServer != 0)
    {
        return "ranks per server must divide the communicator size";
    }
    if (shape.root >= shape.ranks)
    {
        return "root rank " + std::to_string(shape.root) + " is not in the communicator";
    }
    return "";
}

uint32_t
CollectiveAlgorithm::RingRankAt(const CommShape& shape, uint32_t lane, uint32_t pos) const
{
    uint32_t m = shape.ranksPerServer;
    if (!m_railRing || m <= 1)
    {
        return pos;
    }
    uint32_t c = ChannelOf(lane) % m;
    uint32_t s = pos / m;
    uint32_t q = pos % m;
    bool backwards = (s % 2 == 1) && shape.Servers() > 1;
    uint32_t local = (c + (backwards ? m - 1 - q : q)) % m;
    return s * m + local;
}

uint32_t
CollectiveAlgorithm::RingPosOf(const CommShape& shape, uint32_t lane, uint32_t rank) const
{
    uint32_t m = shape.ranksPerServer;
    if (!m_railRing || m <= 1)
    {
        return rank;
    }
    uint32_t c = ChannelOf(lane) % m;
    uint32_t s = rank / m;
    uint32_t d = (rank % m + m - c) % m;
    bool backwards = (s % 2 == 1) && shape.Servers() > 1;
    return s * m + (backwards ? m - 1 - d : d);
}

} // namespace fabric
} // namespace ns3
