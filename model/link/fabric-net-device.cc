/*
 * Base class of every port in the fabric: NIC ports and switch ports.
 */
#include "fabric-net-device.h"

#include "fabric-channel.h"
#include "model/quantities.h"
#include "model/sim/fabric-simulator-impl.h"
#include "model/sim/node-order-scheduler.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief A port's DeliverArrival as a reusable event object (see RecurringEvent), which
 * NodeOrderScheduler orders by the port.
 */
class ArrivalEvent : public PortArrivalEvent
{
public:
    explicit ArrivalEvent(FabricNetDevice* port)
        : m_port(port)
    {
    }

    uint32_t GetPortIndex() const override { return m_port->GetIfIndex(); }

protected:
    void Notify() override { m_port->DeliverArrival(); }

private:
    FabricNetDevice* m_port; //!< the receiving port
};

NS_LOG_COMPONENT_DEFINE("FabricNetDevice");
NS_OBJECT_ENSURE_REGISTERED(FabricNetDevice);

TypeId
FabricNetDevice::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::FabricNetDevice")
              .SetParent<NetDevice>()
              .SetGroupName("Fabric")
              .AddAttribute("DataRate",
                            "Line rate of the port.",
                            DataRateValue(DataRate("400Gbps")),
                            MakeDataRateAccessor(&FabricNetDevice::SetDataRate,
                                                 &FabricNetDevice::GetDataRate),
                            MakeDataRateChecker())
              .AddAttribute("ReceiveErrorModel",
                            "Optional error model that drops received frames (loss injection).",
                            PointerValue(),
                            MakePointerAccessor(&FabricNetDevice::m_receiveErrorModel),
                            MakePointerChecker<ErrorModel>())
              .AddTraceSource("Sniffer",
                              "Every frame sent or received by this port (for pcap).",
                              MakeTraceSourceAccessor(&FabricNetDevice::m_snifferTrace),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("PhyRxDrop",
                              "A frame lost to the receive error model.",
                              MakeTraceSourceAccessor(&FabricNetDevice::m_phyRxDropTrace),
                              "ns3::Packet::TracedCallback");
    return tid;
}

FabricNetDevice::FabricNetDevice()
{
    SetDataRate(DataRate("400Gbps"));
}

FabricNetDevice::~FabricNetDevice()
{
    while (!m_inFlight.IsEmpty())
    {
        m_inFlight.Pop().packet->Unref();
    }
}

void
FabricNetDevice::DoDispose()
{
    m_node = nullptr;
    m_channel = nullptr;
    m_receiveErrorModel = nullptr;
    NetDevice::DoDispose();
}

void
FabricNetDevice::Attach(Ptr<FabricChannel> channel)
{
    m_channel = channel;
    channel->Attach(this);
}

void
FabricNetDevice::SetDataRate(DataRate rate)
{
    NS_ABORT_MSG_IF(rate.GetBitRate() == 0, "FabricNetDevice: DataRate must be > 0");
    m_rate = rate;
    m_rateBps = rate.GetBitRate();
    m_lastFrameBytes = NO_FRAME;
}

uint32_t
FabricNetDevice::WireBytes(uint32_t frameBytes)
{
    uint32_t withFcs = frameBytes + FCS_BYTES;
    return (withFcs < MIN_FRAME_BYTES ? MIN_FRAME_BYTES : withFcs) + PREAMBLE_IFG_BYTES;
}

Time
FabricNetDevice::WireTime(uint32_t frameBytes) const
{
    return BitsTimeRounded(uint64_t(WireBytes(frameBytes)) * 8, m_rateBps);
}

uint64_t
FabricNetDevice::GetBytesOnWire(Time now) const
{
    Time left = TimeStep(m_busyUntil) - now;
    if (!left.IsStrictlyPositive())
    {
        return 0;
    }
    return static_cast<uint64_t>(left.GetSeconds() * m_rateBps / 8.0);
}

void
FabricNetDevice::NotifyTxReady()
{
    if (m_txPending)
    {
        return;
    }
    int64_t now = FastNowStep();
    if (now < m_busyUntil)
    {
        m_txPending = true;
        ScheduleOwn(TX_COMPLETE, m_busyUntil - now);
        return;
    }
    StartNext();
}

void
FabricNetDevice::RunFastEvent(unsigned kind)
{
    if (kind == TX_COMPLETE)
    {
        TransmitComplete();
    }
    else
    {
        DeliverArrival();
    }
}

void
FabricNetDevice::ScheduleOwn(OwnEvent kind, int64_t delay)
{
    if (FabricSimulatorImpl* sim = FabricSimulatorImpl::Active())
    {
        sim->ScheduleTarget(m_nodeId, static_cast<uint64_t>(delay), this, kind);
        return;
    }
    // Another simulator core: a reusable event object per kind.
    Ptr<EventImpl>& event = m_ownEvents[kind];
    if (!event)
    {
        event
            = kind == TX_COMPLETE ? Ptr<EventImpl>(
                  Create<RecurringEvent<FabricNetDevice, &FabricNetDevice::TransmitComplete>>(this))
                                  : Ptr<EventImpl>(Create<ArrivalEvent>(this));
    }
    Simulator::ScheduleWithContext(m_nodeId, TimeStep(delay), GetPointer(event));
}

void
FabricNetDevice::TransmitComplete()
{
    m_txPending = false;
    StartNext();
}

void
FabricNetDevice::StartNext()
{
    FrameRef frame = DoDequeue();
    if (!frame)
    {
        return;
    }
    uint32_t size = frame.GetSize();
    if (size != m_lastFrameBytes)
    {
        // Frames come in few sizes (full data frames, ACKs): the division is rarely needed.
        m_lastFrameBytes = size;
        m_lastWireSteps = WireTime(size).GetTimeStep();
    }
    int64_t txTime = m_lastWireSteps;
    int64_t now = FastNowStep();
    m_busyUntil = now + txTime;
    m_counters.txPackets++;
    m_counters.txBytes += size;
    m_counters.txWireBytes += WireBytes(size);
    if (!m_snifferTrace.IsEmpty()) // pcap and taps; skip the Ptr copy when there are none
    {
        m_snifferTrace(Ptr<const Packet>(frame.Get()));
    }
    if (!m_peer)
    {
        // The far end and its delay, looked up once: the cable is not touched per frame.
        m_peer = PeekPointer(m_channel->GetPeer(this));
        m_peerDelay = (m_channel->GetDelay() + m_peer->GetIngressLatency()).GetTimeStep();
    }
    if (m_linkDown)
    {
        m_counters.linkDownDrops++; // serialized into a dead cable
    }
    else if (m_remoteSend)
    {
        m_remoteSend(Ptr<Packet>(frame.Release(), false), now + txTime + m_peerDelay);
    }
    else
    {
        m_peer->Arrive(frame.Release(), now, txTime + m_peerDelay); // the packet is not read
    }
    if (HasPending())
    {
        m_txPending = true;
        ScheduleOwn(TX_COMPLETE, txTime);
    }
}

void
FabricNetDevice::Receive(const Ptr<Packet>& p)
{
    m_counters.rxPackets++;
    m_counters.rxBytes += p->GetSize();
    if (m_receiveErrorModel && m_receiveErrorModel->IsCorrupt(p))
    {
        NS_LOG_LOGIC("frame lost to the error model on node " << m_nodeId);
        m_counters.rxErrorDrops++;
        m_phyRxDropTrace(p);
        return;
    }
    if (!m_snifferTrace.IsEmpty()) // pcap and taps; skip the Ptr copy when there are none
    {
        m_snifferTrace(p);
    }
    DoReceive(p);
}

void
FabricNetDevice::Arrive(Packet* p, int64_t now, int64_t delay)
{
    m_inFlight.Push({now + delay, p}); // takes the reference over
    if (m_inFlight.GetSize() == 1)
    {
        ScheduleOwn(ARRIVAL, delay);
    }
}

void
FabricNetDevice::ReceiveRemote(Ptr<Packet> p)
{
    Packet* raw = PeekPointer(p);
    raw->Ref(); // Arrive takes a reference over
    Arrive(raw, FastNowStep(), 0);
}

void
FabricNetDevice::DeliverArrival()
{
    InFlight arrived = m_inFlight.Pop();
    Ptr<Packet> p(arrived.packet, false); // adopts the reference
    if (!m_inFlight.IsEmpty())
    {
        // This event runs at the arrival time of the frame it delivers.
        int64_t next = m_inFlight.Front().ts;
        ScheduleOwn(ARRIVAL, next - arrived.ts);
    }
    if (m_linkDown)
    {
        m_counters.linkDownDrops++; // was on the cable when it failed
        return;
    }
    Receive(p);
}

Ptr<FabricNetDevice>
FabricNetDevice::GetPeer() const
{
    return m_channel ? m_channel->GetPeer(this) : nullptr;
}

bool
FabricNetDevice::IsPausedUntil(uint8_t prio) const
{
    return (*m_pausedUntil)[prio].IsStrictlyPositive() && FastNow() < (*m_pausedUntil)[prio];
}

void
FabricNetDevice::ApplyPause(uint8_t prio, uint16_t quanta)
{
    Time now = FastNow();
    if (!m_pausedUntil)
    {
        m_pausedUntil = std::make_unique<std::array<Time, NUM_PRIORITIES>>();
    }
    Time& until = (*m_pausedUntil)[prio];
    if (until > now)
    {
        m_counters.pausedTime -= until - now; // the pause in force is replaced
    }
    if (quanta == 0)
    {
        until = now;
        NotifyTxReady();
        return;
    }
    m_counters.pausesReceived++;
    // One quantum is 512 bit times at the port's rate (65535 quanta: 83.9 us at 400 Gb/s).
    Time duration = BitsTime(uint64_t(quanta) * 512, m_rateBps);
    until = now + duration;
    m_counters.pausedTime += duration;
    Simulator::Schedule(duration, &FabricNetDevice::NotifyTxReady, this);
}

void
FabricNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
FabricNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
FabricNetDevice::GetChannel() const
{
    return m_channel;
}

void
FabricNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
FabricNetDevice::GetAddress() const
{
    return m_address;
}

bool
FabricNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
FabricNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
FabricNetDevice::IsLinkUp() const
{
    return m_channel != nullptr && !m_linkDown;
}

void
FabricNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.push_back(callback);
}

void
FabricNetDevice::SetLinkUp(bool up)
{
    if (up != m_linkDown)
    {
        return; // no change
    }
    m_linkDown = !up;
    if (!up)
    {
        m_downSince = Simulator::Now();
    }
    NS_LOG_INFO("node " << m_nodeId << " port " << m_ifIndex << " link " << (up ? "up" : "down"));
    for (const auto& cb : m_linkChangeCallbacks)
    {
        cb();
    }
}

void
FabricNetDevice::SetCableUp(bool up)
{
    SetLinkUp(up);
    if (Ptr<FabricNetDevice> peer = GetPeer())
    {
        peer->SetLinkUp(up);
    }
}

bool
FabricNetDevice::IsBroadcast() const
{
    return false;
}

Address
FabricNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
FabricNetDevice::IsMulticast() const
{
    return false;
}

Address
FabricNetDevice::GetMulticast(Ipv4Address /* multicastGroup */) const
{
    return Mac48Address::GetMulticast(Ipv4Address("224.0.0.0"));
}

Address
FabricNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
FabricNetDevice::IsBridge() const
{
    return false;
}

bool
FabricNetDevice::IsPointToPoint() const
{
    return true;
}

bool
FabricNetDevice::Send(Ptr<Packet> /* packet */,
                      const Address& /* dest */,
                      uint16_t /* protocolNumber */)
{
    NS_LOG_WARN("FabricNetDevice::Send is not used: traffic enters through RdmaNic queue pairs");
    return false;
}

bool
FabricNetDevice::SendFrom(Ptr<Packet> packet,
                          const Address& /* source */,
                          const Address& dest,
                          uint16_t protocolNumber)
{
    return Send(packet, dest, protocolNumber);
}

Ptr<Node>
FabricNetDevice::GetNode() const
{
    return m_node;
}

void
FabricNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
    m_nodeId = node->GetId();
}

bool
FabricNetDevice::NeedsArp() const
{
    return false;
}

void
FabricNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback /* cb */)
{
}

void
FabricNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback /* cb */)
{
}

bool
FabricNetDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace fabric
} // namespace ns3
