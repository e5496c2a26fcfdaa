/*
 * What a routing policy may read of the switch that asks it.
 */
#ifndef FABRIC_PORT_VIEW_H
#define FABRIC_PORT_VIEW_H

#include "forwarding-table.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace ns3
{
namespace fabric
{

/**
 * @brief A switch as its routing policy sees it: its ports' backlog and transmit counters, the
 * switch behind each port, its forwarding table and its random stream. FabricSwitch implements
 * it; routing needs nothing else of switch/.
 */
class PortView
{
public:
    /// @return number of ports
    virtual uint16_t GetNPorts() const = 0;

    /// @return bytes port @p port still has to send at time @p now (the current time): its
    /// queues plus the frame on the wire
    virtual uint64_t GetPortBacklogBytes(uint16_t port, Time now) const = 0;

    /// @return bytes port @p port has sent since the start
    virtual uint64_t GetPortTxBytes(uint16_t port) const = 0;

    /// @return the switch at the other end of port @p port's cable; nullptr for a NIC or a
    /// port without a cable
    virtual const PortView* GetPeerSwitch(uint16_t port) const = 0;

    /// @return the forwarding table
    virtual const ForwardingTable& GetForwardingTable() const = 0;

    /// @return the switch's random stream (routing tie-breaks, sampled candidates)
    virtual Ptr<UniformRandomVariable> GetRandom() const = 0;

protected:
    ~PortView() = default;
};

} // namespace fabric
} // namespace ns3

#endif
