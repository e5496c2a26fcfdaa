/*
 * Base of the all-to-all algorithms NCCL runs as grouped sends and receives.
 */
#include "p2p-all-to-all.h"

#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

NS_OBJECT_ENSURE_REGISTERED(P2pAllToAll);

TypeId
P2pAllToAll::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::P2pAllToAll")
              .SetParent<CollectiveAlgorithm>()
              .SetGroupName("Fabric")
              .AddAttribute("P2pChannels",
                            "NCCL's p2p channels (p2pnChannels; 32 on 8-GPU H100 servers, "
                            "NCCL_MAX_P2P_NCHANNELS). A rank runs P2pChannels / Channels "
                            "batches of rounds at once.",
                            UintegerValue(32),
                            MakeUintegerAccessor(&P2pAllToAll::m_p2pChannels),
                            MakeUintegerChecker<uint32_t>(1, 1024));
    return tid;
}

uint64_t
P2pAllToAll::LaneBytes(const CommShape& shape, uint32_t lane) const
{
    uint32_t stream = StreamOf(lane);
    uint64_t transfers = 0;
    for (uint32_t k = 0; k < BatchesOfStream(shape, stream); ++k)
    {
        transfers += TransfersInBatch(shape, BatchAt(stream, k));
    }
    // Block 0 is the largest; when its part is empty, every block's part is.
    return transfers * Block(shape, 0, ChannelOf(lane));
}

} // namespace fabric
} // namespace ns3
