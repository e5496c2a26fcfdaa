/*
 * A built fabric: its nodes, NICs, switches and links, and whole-fabric statistics.
 */
#include "fabric.h"

#include "ns3/abort.h"

namespace ns3
{
namespace fabric
{

Ptr<RdmaNic>
Fabric::GetHostNic(uint32_t server) const
{
    NS_ABORT_MSG_IF(server >= hostNics.size(),
                    "Fabric::GetHostNic: no host NIC for server "
                        << server << " (" << hostNics.size()
                        << " host NICs; TopologySpec::hostNic builds them)");
    return hostNics[server];
}

FabricStats
Fabric::CollectStats() const
{
    FabricStats s;
    // Both networks: the GPU fabric, then the front end (empty without host NICs).
    auto addNic = [&s](const Ptr<RdmaNic>& nic) {
        const RdmaNic::Counters& c = nic->GetCounters();
        s.framesCreated += c.framesCreated;
        s.framesConsumed += c.framesConsumed;
        s.dataPacketsSent += c.dataPacketsSent;
        s.retransmittedPackets += c.retransmittedPackets;
        s.naksSent += c.naksSent;
        s.timeouts += c.timeouts;
        s.qpErrors += c.qpErrors;
        s.acksSent += c.acksSent;
        s.cnpsSent += c.cnpsSent;
        s.cnpsReceived += c.cnpsReceived;
        s.ecnMarkedReceived += c.ecnMarkedReceived;
        for (uint64_t d : c.discards)
        {
            s.nicDiscards += d;
        }
    };
    auto addSwitch = [&s](const Ptr<FabricSwitch>& sw) {
        FabricSwitch::Counters c = sw->GetCounters();
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
    };
    auto addLink = [&s](const FabricLink& link) {
        for (const auto& dev : {link.lower, link.upper})
        {
            const FabricNetDevice::Counters& c = dev->GetCounters();
            s.packetHops += c.txPackets;
            s.errorModelDrops += c.rxErrorDrops;
            s.linkDownDrops += c.linkDownDrops;
            s.pausesReceived += c.pausesReceived;
            s.pausedSeconds += c.pausedTime.GetSeconds();
            s.inFlight += dev->GetFramesArriving() + dev->GetQueuedFrames();
        }
    };
    for (const auto& nic : nics)
    {
        addNic(nic);
    }
    for (std::size_t p = 1; p < planeNics.size(); ++p)
    {
        for (const auto& nic : planeNics[p])
        {
            addNic(nic);
        }
    }
    for (const auto& nic : hostNics)
    {
        addNic(nic);
    }
    for (const auto& sw : switches)
    {
        addSwitch(sw);
    }
    for (const auto& sw : frontEndSwitches)
    {
        addSwitch(sw);
    }
    for (const auto& link : links)
    {
        addLink(link);
    }
    for (const auto& link : frontEndLinks)
    {
        addLink(link);
    }
    if (s.errorModelDrops > 0)
    {
        s.dropsByReason[FabricNetDevice::DROP_ERROR_MODEL] += s.errorModelDrops;
    }
    if (s.linkDownDrops > 0)
    {
        s.dropsByReason[FabricNetDevice::DROP_LINK_DOWN] += s.linkDownDrops;
    }
    return s;
}

std::size_t
Fabric::ForwardingTableBytes() const
{
    std::size_t total = 0;
    for (const auto* group : {&switches, &frontEndSwitches})
    {
        for (const auto& sw : *group)
        {
            total += sw->GetForwardingTable().GetMemoryBytes();
        }
    }
    return total;
}

} // namespace fabric
} // namespace ns3
