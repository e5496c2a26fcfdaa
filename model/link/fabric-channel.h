/*
 * A full-duplex point-to-point cable between two fabric ports.
 */
#ifndef FABRIC_FABRIC_CHANNEL_H
#define FABRIC_FABRIC_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

namespace ns3
{

class Packet;

namespace fabric
{

class FabricNetDevice;

/**
 * @brief A cable: two ports, a propagation delay, full duplex.
 *
 * It joins the two ports and holds the propagation delay. Frames do not pass through it: the
 * sending port looks up the far end and the delay once, then hands each frame to the far end
 * directly (FabricNetDevice::Arrive), at serialization + propagation + ingress latency.
 */
class FabricChannel : public Channel
{
public:
    static TypeId GetTypeId();
    FabricChannel();

    /**
     * Connect a port to this cable (exactly two ports per cable).
     * @param device the port
     */
    void Attach(Ptr<FabricNetDevice> device);

    /// @return the port at the other end from @p device
    Ptr<FabricNetDevice> GetPeer(const FabricNetDevice* device) const;

    /// @return the propagation delay
    Time GetDelay() const { return m_delay; }

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

private:
    Time m_delay;                   //!< propagation delay
    Ptr<FabricNetDevice> m_ends[2]; //!< the two ports
    std::size_t m_nDevices {0};     //!< ports attached so far
};

} // namespace fabric
} // namespace ns3

#endif
