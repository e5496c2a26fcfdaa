/*
 * Base class of every port in the fabric: NIC ports and switch ports.
 */
#ifndef FABRIC_FABRIC_NET_DEVICE_H
#define FABRIC_FABRIC_NET_DEVICE_H

#include "model/sim/fabric-simulator-impl.h"
#include "packet-fifo.h"

#include "ns3/data-rate.h"
#include "ns3/error-model.h"
#include "ns3/event-impl.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace ns3
{
namespace fabric
{

class FabricChannel;
class ArrivalEvent;

/**
 * @brief An event object scheduled again and again, at most once pending at a time: one
 * allocation for the object's life instead of a new event object (and its free) per frame.
 * Schedule it with Simulator::ScheduleWithContext(node, delay, GetPointer(event)): GetPointer
 * takes the reference the scheduler gives up after running it, and no EventId is made. Never
 * cancel it (a cancelled EventImpl stays cancelled).
 */
template<class T, void (T::*Method)()>
class RecurringEvent : public EventImpl
{
public:
    explicit RecurringEvent(T* object)
        : m_object(object)
    {
    }

protected:
    void Notify() override { (m_object->*Method)(); }

private:
    T* m_object; //!< the object whose method runs
};

/**
 * @brief A port: serializes frames onto a FabricChannel at its line rate and receives frames
 * from it.
 *
 * The port pulls work: when it is idle it asks its owner for the next frame (DoDequeue); the
 * owner calls NotifyTxReady() when a frame becomes available. At most one transmit-complete
 * event is pending per port, and none while the owner has nothing queued.
 *
 * Serialization time counts the bytes on the wire: the frame, the 4-byte FCS, padding to the
 * 64-byte minimum, the 8-byte preamble and the 12-byte inter-frame gap. It is computed in
 * integer picoseconds (call Time::SetResolution(Time::PS) before building a fabric).
 *
 * Per-priority PFC pause state lives here because pause is a property of the egress port:
 * a received pause frame stops this port from sending that priority until it expires or a
 * resume (zero quanta) arrives.
 */
class FabricNetDevice
    : public NetDevice
    , public FastEventTarget
{
public:
    static constexpr uint32_t NUM_PRIORITIES = 8;      //!< IEEE 802.1p traffic classes
    static constexpr uint32_t FCS_BYTES = 4;           //!< Ethernet frame check sequence
    static constexpr uint32_t PREAMBLE_IFG_BYTES = 20; //!< preamble + SFD (8) + gap (12)
    static constexpr uint32_t MIN_FRAME_BYTES = 64;    //!< minimum frame including FCS

    static TypeId GetTypeId();
    FabricNetDevice();
    ~FabricNetDevice() override;

    /**
     * Connect this port to a cable.
     * @param channel the cable
     */
    void Attach(Ptr<FabricChannel> channel);

    /// @return the port's line rate
    DataRate GetDataRate() const { return m_rate; }

    /// @return the line rate in bits per second
    uint64_t GetRateBps() const { return m_rateBps; }

    /// Set the port's line rate.
    void SetDataRate(DataRate rate);

    /**
     * @param frameBytes size of a frame as carried in the simulator (headers, payload, ICRC)
     * @return the bytes it occupies on the wire (adds FCS, padding, preamble and gap)
     */
    static uint32_t WireBytes(uint32_t frameBytes);

    /// @return serialization time of a frame of @p frameBytes at this port's rate
    Time WireTime(uint32_t frameBytes) const;

    /// @return wire bytes of the frame being serialized that are still to go at time @p now
    /// (the current time; 0 when idle)
    uint64_t GetBytesOnWire(Time now) const;

    /// The owner has a frame to send: start now if idle, otherwise when the port frees up.
    void NotifyTxReady();

    /**
     * Entry point for frames arriving from the cable (at their arrival time).
     * Applies the receive error model, counts, traces, then hands the frame to DoReceive.
     * @param p the frame
     */
    void Receive(const Ptr<Packet>& p);

    /**
     * A frame will reach this port @p delay from now (called by the far end of the cable when
     * it starts sending it). Frames on one cable arrive in the order they were sent, so they
     * wait in a FIFO and only the oldest has an event in the scheduler: its queue holds one
     * event per busy cable instead of one per frame in flight.
     * @param p the frame's packet, with a reference that this port takes over
     * @param now the current time step
     * @param delay serialization, propagation and ingress latency in time steps (arrivals
     * keep their order)
     */
    void Arrive(Packet* p, int64_t now, int64_t delay);

    /**
     * Send this port's frames to @p send instead of the far end's Arrive: the far end runs in
     * another process (an MPI rank). @p send gets the frame and its arrival time step at the
     * far end (serialization, propagation and the far end's ingress latency from now).
     */
    void SetRemoteSend(std::function<void(Ptr<Packet>, int64_t)> send)
    {
        m_remoteSend = std::move(send);
    }

    /// A frame sent by the far end in another process arrives now (see SetRemoteSend).
    void ReceiveRemote(Ptr<Packet> p);

    /// @return frames on the cable into this port (sent by the far end, not yet received)
    uint32_t GetFramesArriving() const { return m_inFlight.GetSize(); }

    /// @return frames built and waiting in this port's queues to be sent (0 unless overridden)
    virtual uint64_t GetQueuedFrames() const { return 0; }

    /// @return latency added between a frame's arrival and its processing (switch pipeline)
    Time GetIngressLatency() const { return m_ingressLatency; }

    /// Set the ingress latency (a switch sets its pipeline latency on its ports).
    void SetIngressLatency(Time latency) { m_ingressLatency = latency; }

    /// @return id of the node this port belongs to (cached for scheduling)
    uint32_t GetNodeId() const { return m_nodeId; }

    /// @return the port at the other end of the cable, or nullptr when not connected
    Ptr<FabricNetDevice> GetPeer() const;

    /**
     * Take the port's link down or bring it back up. Both ends of a cable are set together
     * (FabricNetDevice::SetCableUp). While down, a frame the port starts to send is lost
     * (serialized at line rate into a dead cable, so its queues drain), and a frame that
     * reaches it (sent before the failure, still on the cable) is lost too; both count as
     * linkDownDrops. Link-change callbacks run on every change.
     * @param up the new state
     */
    void SetLinkUp(bool up);

    /// Set both ends of this port's cable up or down (see SetLinkUp).
    void SetCableUp(bool up);

    /// @return when the link last went down; meaningful while !IsLinkUp()
    Time GetDownSince() const { return m_downSince; }

    /// Set the receive error model (the ReceiveErrorModel attribute); nullptr removes it.
    void SetReceiveErrorModel(Ptr<ErrorModel> model) { m_receiveErrorModel = model; }

    /// Backdate the link's failure (a cable failed before the run: every switch knows it).
    void SetDownSince(Time since) { m_downSince = since; }

    /// @return true while priority @p prio is paused by PFC
    bool IsPaused(uint8_t prio) const
    {
        // A port never paused (the common case) has no expiry times and needs no clock read.
        return m_pausedUntil && IsPausedUntil(prio);
    }

    /**
     * Apply a PFC pause received on this port.
     * @param prio the priority
     * @param quanta pause time in 512-bit-time quanta at this port's rate; 0 resumes
     */
    void ApplyPause(uint8_t prio, uint16_t quanta);

    /// Per-port counters.
    struct Counters
    {
        uint64_t txPackets {0};      //!< frames sent
        uint64_t txBytes {0};        //!< frame bytes sent (without FCS/preamble/gap)
        uint64_t txWireBytes {0};    //!< bytes on the wire sent (with FCS, preamble, gap)
        uint64_t rxPackets {0};      //!< frames received
        uint64_t rxBytes {0};        //!< frame bytes received
        uint64_t rxErrorDrops {0};   //!< frames lost to the receive error model
        uint64_t linkDownDrops {0};  //!< frames lost because the link was down
        uint64_t pausesReceived {0}; //!< PFC pause frames (non-zero quanta) received
        Time pausedTime {0};         //!< total time a priority of this port was paused
    };

    /// @return the port's counters
    const Counters& GetCounters() const { return m_counters; }

    /// Frame-loss reason counted by rxErrorDrops.
    static constexpr const char* DROP_ERROR_MODEL = "error-model";

    /// Frame-loss reason counted by linkDownDrops.
    static constexpr const char* DROP_LINK_DOWN = "link-down";

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

protected:
    void DoDispose() override;

    /// @return the next frame to send now, or none when none is eligible
    virtual FrameRef DoDequeue() = 0;

    /// @return true when the owner may have more frames after the one just dequeued
    virtual bool HasPending() const = 0;

    /// Handle a frame that arrived intact.
    virtual void DoReceive(const Ptr<Packet>& p) = 0;

    /// The cached MAC address.
    Mac48Address m_address;

private:
    friend class ArrivalEvent; // runs DeliverArrival
    /// @return true while priority @p prio's pause (m_pausedUntil exists) is in force
    bool IsPausedUntil(uint8_t prio) const;

    /// This port's own events.
    enum OwnEvent : unsigned
    {
        TX_COMPLETE = 0, //!< TransmitComplete
        ARRIVAL = 1,     //!< DeliverArrival
    };

    /// Run one of this port's own events (FastEventTarget).
    void RunFastEvent(unsigned kind) override;

    /// Schedule this port's event @p kind @p delay time steps from now, in its node's context.
    void ScheduleOwn(OwnEvent kind, int64_t delay);

    /// Dequeue and start sending the next frame, if any.
    void StartNext();
    /// The frame on the wire has been serialized.
    void TransmitComplete();
    /// The oldest frame in flight toward this port has arrived.
    void DeliverArrival();

    static constexpr uint32_t NO_FRAME = UINT32_MAX; //!< m_lastFrameBytes before any frame

    /// A frame in flight toward this port: its arrival time and one reference to it.
    struct InFlight
    {
        int64_t ts {0};           //!< arrival time step
        Packet* packet {nullptr}; //!< the frame
    };

    // What every frame sent or received reads or writes comes first, so that a frame's pass
    // through the port touches few cache lines (a large fabric's ports do not stay in cache).
    uint32_t m_nodeId {0};                //!< cached node id
    uint32_t m_lastFrameBytes {NO_FRAME}; //!< size of the last frame sent
    bool m_txPending {false};             //!< a TransmitComplete event is scheduled
    bool m_linkDown {false};              //!< the link is down: frames are lost
    int64_t m_busyUntil {0};              //!< end of the current serialization, time step
    int64_t m_lastWireSteps {0};          //!< serialization time of the last frame sent
    FabricNetDevice* m_peer {nullptr};    //!< far end of the cable (found at the first frame)
    int64_t m_peerDelay {0};              //!< cable delay + the far end's ingress latency
    /// TransmitComplete and DeliverArrival as reusable event objects, made when the port
    /// schedules them under another simulator core than FabricSimulatorImpl
    std::array<Ptr<EventImpl>, 2> m_ownEvents;
    Ring<InFlight> m_inFlight; //!< frames in flight, oldest first
    /// PFC pause expiry per priority, made at the first pause frame received
    std::unique_ptr<std::array<Time, NUM_PRIORITIES>> m_pausedUntil;
    Ptr<ErrorModel> m_receiveErrorModel;              //!< optional loss injection
    Counters m_counters;                              //!< counters
    TracedCallback<Ptr<const Packet>> m_snifferTrace; //!< every frame sent or received

    Ptr<Node> m_node;             //!< owning node
    uint32_t m_ifIndex {0};       //!< interface index
    uint16_t m_mtu {9000};        //!< largest frame payload accepted (jumbo)
    Ptr<FabricChannel> m_channel; //!< attached cable
    DataRate m_rate;              //!< line rate
    uint64_t m_rateBps {0};       //!< line rate, bits per second
    Time m_ingressLatency {0};    //!< added to arrival time of frames on this port
    Time m_downSince {0};         //!< when the link last went down
    std::vector<Callback<void>> m_linkChangeCallbacks;      //!< run when the link state changes
    std::function<void(Ptr<Packet>, int64_t)> m_remoteSend; //!< far end in another process
    TracedCallback<Ptr<const Packet>> m_phyRxDropTrace;     //!< frames lost to the error model
};

} // namespace fabric
} // namespace ns3

#endif
