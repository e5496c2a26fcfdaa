/*
 * One port of a fabric switch: per-priority egress queues.
 */
#ifndef FABRIC_SWITCH_PORT_H
#define FABRIC_SWITCH_PORT_H

#include "model/link/fabric-net-device.h"
#include "model/link/packet-fifo.h"

namespace ns3
{
namespace fabric
{

class FabricSwitch;

/**
 * @brief A switch port: eight egress queues (one per priority) served in strict priority,
 * highest first, skipping priorities paused by PFC. Buffer accounting is the switch's
 * (SharedBuffer); the port only holds the queues.
 */
class SwitchPort : public FabricNetDevice
{
public:
    static TypeId GetTypeId();
    SwitchPort();

    /// Set the owning switch.
    void SetSwitch(FabricSwitch* sw, uint16_t index);

    /// @return this port's index on its switch
    uint16_t GetPortIndex() const { return m_index; }

    /**
     * Queue a frame for transmission.
     * @param p the frame
     * @param prio its priority (0..7)
     * @param inPort the port it arrived on
     */
    void Enqueue(Ptr<Packet> p, uint8_t prio, uint16_t inPort);

    /// @return bytes queued on this port, all priorities
    uint64_t GetQueuedBytes() const { return m_queuedBytes; }

    /// @return bytes queued at priority @p prio
    uint64_t GetQueuedBytes(uint8_t prio) const { return m_queues[prio].GetNBytes(); }

protected:
    void DoDispose() override;
    Ptr<Packet> DoDequeue() override;
    bool HasPending() const override;
    void DoReceive(Ptr<Packet> p) override;

private:
    FabricSwitch* m_switch {nullptr};    //!< owner (not owning: the node holds us)
    uint16_t m_index {0};                //!< port index on the switch
    PacketFifo m_queues[NUM_PRIORITIES]; //!< egress queue per priority
    uint64_t m_queuedBytes {0};          //!< bytes in all queues
};

} // namespace fabric
} // namespace ns3

#endif
