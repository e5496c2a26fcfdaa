/*
 * One port of a fabric switch: per-priority egress queues.
 */
#ifndef FABRIC_SWITCH_PORT_H
#define FABRIC_SWITCH_PORT_H

#include "model/link/fabric-net-device.h"
#include "model/link/packet-fifo.h"

#include <array>
#include <memory>

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
    void Enqueue(const Ptr<Packet>& p, uint8_t prio, uint16_t inPort);

    /**
     * Send a MAC control frame (PFC) ahead of all queued data; control frames are not paused
     * and do not use the shared buffer.
     * @param p the frame
     */
    void SendControl(Ptr<Packet> p);

    /**
     * Transmit utilization of this port: wire bytes sent over the last completed window of at
     * least @p window, divided by what the line rate allows in that time; @p now is the
     * current time.
     */
    double GetTxUtilization(Time window, Time now);

    /// @return bytes queued on this port, all priorities
    uint64_t GetQueuedBytes() const { return m_queuedBytes; }

    /// @return bytes queued at priority @p prio
    uint64_t GetQueuedBytes(uint8_t prio) const
    {
        return m_queues[prio] ? m_queues[prio]->GetNBytes() : 0;
    }

    /// @return frames queued on this port: data of every priority and PFC frames
    uint64_t GetQueuedFrames() const override;

protected:
    void DoDispose() override;
    FrameRef DoDequeue() override;
    bool HasPending() const override;
    void DoReceive(const Ptr<Packet>& p) override;

private:
    // Per frame: the owner, the byte count, the queues.
    FabricSwitch* m_switch {nullptr}; //!< owner (not owning: the node holds us)
    uint16_t m_index {0};             //!< port index on the switch
    uint64_t m_queuedBytes {0};       //!< bytes in all queues
    uint8_t m_nonEmpty {0};           //!< bit p: the queue of priority p holds frames
    /// Egress queue per priority, made for a priority's first frame (a port uses one or two).
    std::array<std::unique_ptr<PacketFifo>, NUM_PRIORITIES> m_queues;
    /// PFC frames, sent before queued data; made for the first one (most ports send none)
    std::unique_ptr<PacketFifo> m_control;

    /// Transmit utilization over telemetry windows.
    struct Utilization
    {
        Time start {0};     //!< start of the current window
        uint64_t bytes {0}; //!< wire bytes sent at that time
        double value {0};   //!< utilization over the last completed window
    };

    /// Made at the first telemetry stamp (only telemetry reads it).
    std::unique_ptr<Utilization> m_util;
};

} // namespace fabric
} // namespace ns3

#endif
