/*
 * A built fabric: its nodes, NICs, switches and links, and whole-fabric statistics.
 */
#include "fabric.h"

namespace ns3
{
namespace fabric
{

FabricStats
Fabric::CollectStats() const
{
    FabricStats s;
    for (const auto& nic : nics)
    {
        const RdmaNic::Counters& c = nic->GetCounters();
        s.framesCreated += c.framesCreated;
        s.framesConsumed += c.framesConsumed;
        s.dataPacketsSent += c.dataPacketsSent;
        s.retransmittedPackets += c.retransmittedPackets;
        s.naksSent += c.naksSent;
        s.timeouts += c.timeouts;
        s.acksSent += c.acksSent;
        s.cnpsSent += c.cnpsSent;
        s.cnpsReceived += c.cnpsReceived;
        s.ecnMarkedReceived += c.ecnMarkedReceived;
        for (uint64_t d : c.discards)
        {
            s.nicDiscards += d;
        }
    }
    for (const auto& sw : switches)
    {
        const FabricSwitch::Counters& c = sw->GetCounters();
        for (uint32_t r = 0; r < FabricSwitch::DROP_REASON_COUNT; ++r)
        {
            s.switchDrops += c.drops[r];
            if (c.drops[r] > 0)
            {
                s.dropsByReason[FabricSwitch::DROP_REASON_NAMES[r]] += c.drops[r];
            }
        }
        s.bufferPeakBytes = std::max(s.bufferPeakBytes, c.bufferPeakBytes);
        s.headroomPeakBytes = std::max(s.headroomPeakBytes, c.headroomPeakBytes);
        s.ecnMarked += c.ecnMarked;
        s.pauseFramesSent += c.pauseFramesSent;
        s.resumeFramesSent += c.resumeFramesSent;
        s.telemetryStamped += c.telemetryStamped;
        s.framesCreated += c.pauseFramesSent + c.resumeFramesSent;
        s.framesConsumed += c.pfcFramesReceived;
    }
    for (const auto& link : links)
    {
        for (const auto& dev : {link.lower, link.upper})
        {
            const FabricNetDevice::Counters& c = dev->GetCounters();
            s.packetHops += c.txPackets;
            s.errorModelDrops += c.rxErrorDrops;
            s.pausesReceived += c.pausesReceived;
            s.pausedSeconds += c.pausedTime.GetSeconds();
        }
    }
    if (s.errorModelDrops > 0)
    {
        s.dropsByReason[FabricNetDevice::DROP_ERROR_MODEL] += s.errorModelDrops;
    }
    uint64_t ended = s.framesConsumed + s.switchDrops + s.errorModelDrops;
    s.inFlight = s.framesCreated >= ended ? s.framesCreated - ended : 0;
    return s;
}

std::size_t
Fabric::ForwardingTableBytes() const
{
    std::size_t total = 0;
    for (const auto& sw : switches)
    {
        total += sw->GetForwardingTable().GetMemoryBytes();
    }
    return total;
}

} // namespace fabric
} // namespace ns3
