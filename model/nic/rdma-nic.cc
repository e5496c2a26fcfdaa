/*
 * The GPU's RoCEv2 NIC: queue pairs, reliable transport, pacing, ACK/NAK, retransmission.
 */
#include "rdma-nic.h"

#include "model/headers/aeth-header.h"
#include "model/headers/icrc-trailer.h"
#include "model/headers/pfc-pause-header.h"
#include "model/headers/roce-frame-headers.h"
#include "model/headers/telemetry-header.h"
#include "model/quantities.h"
#include "model/sim/fabric-simulator-impl.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("RdmaNic");
NS_OBJECT_ENSURE_REGISTERED(RdmaNic);

namespace
{
/// First UDP source port used for flow entropy (the dynamic port range, RFC 6335).
constexpr uint16_t ENTROPY_PORT_BASE = 49152;

/// @return an object from @p pool (keeping the capacity it had), or a new one if it is empty
template<typename T>
std::unique_ptr<T>
TakeFromPool(std::vector<std::unique_ptr<T>>& pool)
{
    if (pool.empty())
    {
        return std::make_unique<T>();
    }
    std::unique_ptr<T> object = std::move(pool.back());
    pool.pop_back();
    return object;
}
} // namespace

TypeId
RdmaNic::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::RdmaNic")
              .SetParent<FabricNetDevice>()
              .SetGroupName("Fabric")
              .AddConstructor<RdmaNic>()
              .AddAttribute("Mtu",
                            "Payload bytes per packet (RoCE path MTU).",
                            UintegerValue(4096),
                            MakeUintegerAccessor(&RdmaNic::m_mtu),
                            MakeUintegerChecker<uint32_t>(256, 9000))
              .AddAttribute("AckInterval",
                            "The responder acknowledges every this many in-order packets (and "
                            "always on the last packet of a message).",
                            UintegerValue(4),
                            MakeUintegerAccessor(&RdmaNic::m_ackInterval),
                            MakeUintegerChecker<uint32_t>(1, 1024))
              .AddAttribute("LocalAckTimeout",
                            "InfiniBand local ACK timeout exponent n (the QP attribute "
                            "'timeout', 0-31): the retransmission timeout is 4.096 us x 2^n "
                            "(IB spec; NCCL sets NCCL_IB_TIMEOUT=20, 4.3 s). The default 14 "
                            "(67.1 ms) is far above any queueing delay a reference fabric "
                            "builds, so the timer fires only on loss.",
                            UintegerValue(14),
                            MakeUintegerAccessor(&RdmaNic::m_localAckTimeout),
                            MakeUintegerChecker<uint8_t>(0, 31))
              .AddAttribute("RetryCount",
                            "Retransmission timeouts in a row, without the oldest "
                            "unacknowledged PSN advancing, after which the queue pair enters "
                            "the error state and sends nothing more (IB retry_cnt, 0-7; NCCL "
                            "sets NCCL_IB_RETRY_CNT=7): a peer that cannot be reached ends its "
                            "transfers instead of retrying forever.",
                            UintegerValue(7),
                            MakeUintegerAccessor(&RdmaNic::m_retryCount),
                            MakeUintegerChecker<uint32_t>(0, 7))
              .AddAttribute("RetransmitTimeout",
                            "Time without acknowledgement progress after which the requester "
                            "goes back to the oldest unacknowledged PSN. 0 (the default): "
                            "4.096 us x 2^LocalAckTimeout. A timeout shorter than the fabric's "
                            "queueing delay fires without loss and resends data.",
                            TimeValue(Time(0)),
                            MakeTimeAccessor(&RdmaNic::m_rto),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("ReceiveMode",
                            "InOrder: standard RoCE (NAK + go-back-N on a gap). OutOfOrder: "
                            "SuperNIC placement (accept any PSN, bitmap of holes).",
                            EnumValue(IN_ORDER),
                            MakeEnumAccessor(&RdmaNic::SetReceiveMode, &RdmaNic::GetReceiveMode),
                            MakeEnumChecker(IN_ORDER, "InOrder", OUT_OF_ORDER, "OutOfOrder"))
              .AddAttribute("SelectiveAck",
                            "An out-of-order responder's ACKs also report how many packets "
                            "beyond the acknowledged PSN it holds, and the requester does not "
                            "count those as in flight against its congestion window (as a "
                            "SACK does). Without it a sprayed flow's window is held by its "
                            "slowest path.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&RdmaNic::m_selectiveAck),
                            MakeBooleanChecker())
              .AddAttribute("DataDscp",
                            "DSCP of data frames (26 maps to priority 3, the RoCE "
                            "lossless class on NVIDIA switches).",
                            UintegerValue(26),
                            MakeUintegerAccessor(&RdmaNic::m_dataDscp),
                            MakeUintegerChecker<uint8_t>(0, 63))
              .AddAttribute("AckDscp",
                            "DSCP of ACK and NAK frames. 26 (the default) keeps them in the "
                            "data class, behind data in every queue; 48 puts them on the "
                            "strict-priority class with CNPs, as HPCC's reference does, so "
                            "that a window-based sender sees the forward path's delay only.",
                            UintegerValue(26),
                            MakeUintegerAccessor(&RdmaNic::m_ackDscp),
                            MakeUintegerChecker<uint8_t>(0, 63))
              .AddAttribute("CnpDscp",
                            "DSCP of CNP frames (48 maps to priority 6, strict priority).",
                            UintegerValue(48),
                            MakeUintegerAccessor(&RdmaNic::m_cnpDscp),
                            MakeUintegerChecker<uint8_t>(0, 63))
              .AddAttribute("CnpInterval",
                            "Minimum time between two CNPs of one queue pair (DCQCN "
                            "notification point; NVIDIA default 4 us).",
                            TimeValue(MicroSeconds(4)),
                            MakeTimeAccessor(&RdmaNic::m_cnpInterval),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("CnpOnOutOfOrder",
                            "An in-order NIC also sends a CNP when a PSN gap appears (seen on "
                            "standard RNICs).",
                            BooleanValue(false),
                            MakeBooleanAccessor(&RdmaNic::m_cnpOnOutOfOrder),
                            MakeBooleanChecker())
              .AddAttribute("BaseRtt",
                            "Idle-path round-trip time given to congestion control.",
                            TimeValue(MicroSeconds(8)),
                            MakeTimeAccessor(&RdmaNic::m_baseRtt),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("CcIdleRestart",
                            "A queue pair whose data has all been acknowledged for at least this "
                            "long restarts its congestion control (line rate, the algorithm's "
                            "initial state) when new data is posted, as a new flow would start. "
                            "0 (the default): the algorithm's own rule "
                            "(CongestionControl::GetIdleRestart: the telemetry CC restarts after "
                            "IdleRestartRtts base RTTs; DCQCN carries its rate and alpha over "
                            "idle time, as a ConnectX rate limiter does, its timer raising the "
                            "rate meanwhile).",
                            TimeValue(Time(0)),
                            MakeTimeAccessor(&RdmaNic::m_ccIdleRestart),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("ReleaseIdleCongestionControl",
                            "Free the congestion control of a queue pair whose data has all been "
                            "acknowledged once it has been idle for its restart time (see "
                            "CcIdleRestart), when the algorithm says a new instance behaves as "
                            "the restarted one (CongestionControl::ForgetsOnRestart: the "
                            "telemetry CC); data posted later gets a new one. Same results, "
                            "less memory for connections that wait; false keeps every instance.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&RdmaNic::m_releaseIdleCc),
                            MakeBooleanChecker())
              .AddAttribute("CongestionControl",
                            "TypeId of the congestion control created for each queue pair.",
                            StringValue("ns3::fabric::NoCongestionControl"),
                            MakeObjectFactoryAccessor(&RdmaNic::SetCongestionControlFactory,
                                                      &RdmaNic::GetCongestionControlFactory),
                            MakeObjectFactoryChecker())
              .AddTraceSource("MessageSent",
                              "A posted message was fully acknowledged: qpn, message id, bytes.",
                              MakeTraceSourceAccessor(&RdmaNic::m_messageSentTrace),
                              "ns3::fabric::RdmaNic::MessageTracedCallback")
              .AddTraceSource("MessageReceived",
                              "A message fully arrived: qpn, message number, bytes.",
                              MakeTraceSourceAccessor(&RdmaNic::m_messageReceivedTrace),
                              "ns3::fabric::RdmaNic::MessageTracedCallback");
    return tid;
}

RdmaNic::RdmaNic()
{
    m_ccFactory.SetTypeId("ns3::fabric::NoCongestionControl");
    SetReceiveMode(IN_ORDER);
}

void
RdmaNic::SetReceiveMode(ReceiveMode mode)
{
    m_receiveMode = mode;
    if (mode == OUT_OF_ORDER)
    {
        SetReceivePolicy(CreateObject<PlacementReceive>());
    }
    else
    {
        SetReceivePolicy(CreateObject<GoBackNReceive>());
    }
}

void
RdmaNic::SetReceivePolicy(Ptr<ReceivePolicy> policy)
{
    NS_ABORT_MSG_IF(!policy, "RdmaNic::SetReceivePolicy: no policy");
    m_receivePolicy = policy;
    m_holdsBeyond = policy->HoldsBeyondExpected();
}

RdmaNic::~RdmaNic() = default;

void
RdmaNic::DoDispose()
{
    Simulator::Cancel(m_wakeupEvent);
    m_requesters.clear();
    m_responders.clear();
    while (!m_drained.IsEmpty())
    {
        m_drained.Pop();
    }
    m_slots.clear();
    m_ccPrototype = nullptr;
    m_txReady = Callback<void>(); // it holds a raw pointer to this NIC
    m_active.clear();
    while (!m_control.IsEmpty())
    {
        m_control.Pop();
    }
    m_sendComplete = MessageCallback();
    m_receiveComplete = MessageCallback();
    FabricNetDevice::DoDispose();
}

uint32_t
RdmaNic::DataFrameBytes(uint32_t payload)
{
    return RoceHeader::SIZE + payload + IcrcTrailer::SIZE;
}

uint32_t
RdmaNic::Slot(uint32_t qpn) const
{
    NS_ABORT_MSG_IF(qpn < FIRST_QPN || qpn - FIRST_QPN >= m_slots.size(),
                    "RdmaNic: no queue pair " << qpn);
    return m_slots[qpn - FIRST_QPN];
}

const RequesterQp&
RdmaNic::GetRequester(uint32_t qpn) const
{
    uint32_t slot = Slot(qpn);
    NS_ABORT_MSG_IF(slot & RESPONDER_SLOT,
                    "RdmaNic::GetRequester: queue pair " << qpn << " is a receiving end");
    return m_requesters[slot];
}

const ResponderQp&
RdmaNic::GetResponder(uint32_t qpn) const
{
    uint32_t slot = Slot(qpn);
    NS_ABORT_MSG_IF(!(slot & RESPONDER_SLOT),
                    "RdmaNic::GetResponder: queue pair " << qpn << " is a sending end");
    return m_responders[slot & ~RESPONDER_SLOT];
}

RequesterQp&
RdmaNic::CreateRequester()
{
    NS_ABORT_MSG_IF(m_slots.size() >= BthHeader::PSN_MASK - FIRST_QPN,
                    "RdmaNic: out of queue pair numbers");
    m_slots.push_back(static_cast<uint32_t>(m_requesters.size()));
    m_requesters.emplace_back();
    RequesterQp& qp = m_requesters.back();
    qp.qpn = static_cast<uint32_t>(m_slots.size() - 1 + FIRST_QPN);
    return qp;
}

ResponderQp&
RdmaNic::CreateResponder()
{
    NS_ABORT_MSG_IF(m_slots.size() >= BthHeader::PSN_MASK - FIRST_QPN,
                    "RdmaNic: out of queue pair numbers");
    m_slots.push_back(static_cast<uint32_t>(m_responders.size()) | RESPONDER_SLOT);
    m_responders.emplace_back();
    ResponderQp& qp = m_responders.back();
    qp.qpn = static_cast<uint32_t>(m_slots.size() - 1 + FIRST_QPN);
    return qp;
}

void
RdmaNic::SetCongestionControlFactory(ObjectFactory factory)
{
    m_ccFactory = factory;
    m_ccPrototype = nullptr;
    m_ccCopyable = true;
}

Ptr<CongestionControl>
RdmaNic::NewCongestionControl()
{
    if (m_ccCopyable)
    {
        if (!m_ccPrototype)
        {
            m_ccPrototype = m_ccFactory.Create<CongestionControl>();
        }
        if (m_ccPrototype->IsStateless())
        {
            return m_ccPrototype; // one instance serves every queue pair
        }
        Ptr<CongestionControl> cc = m_ccPrototype->Clone();
        if (cc)
        {
            return cc;
        }
        m_ccCopyable = false;
        m_ccPrototype = nullptr;
    }
    return m_ccFactory.Create<CongestionControl>();
}

uint32_t
RdmaNic::ReserveQpn()
{
    NS_ABORT_MSG_IF(m_slots.size() >= BthHeader::PSN_MASK - FIRST_QPN,
                    "RdmaNic: out of queue pair numbers");
    m_slots.push_back(ELSEWHERE_SLOT);
    return static_cast<uint32_t>(m_slots.size() - 1 + FIRST_QPN);
}

uint32_t
RdmaNic::Connect(Ptr<RdmaNic> requester,
                 Ptr<RdmaNic> responder,
                 uint16_t sourcePort,
                 bool requesterHere,
                 bool responderHere,
                 uint32_t* responderQpn)
{
    NS_ABORT_MSG_IF(requester == responder, "RdmaNic::Connect: a NIC cannot connect to itself");
    uint32_t mtu = std::min(requester->m_mtu, responder->m_mtu);
    RequesterQp* a = requesterHere ? &requester->CreateRequester() : nullptr;
    uint32_t aQpn = a ? a->qpn : requester->ReserveQpn();
    ResponderQp* b = responderHere ? &responder->CreateResponder() : nullptr;
    uint32_t bQpn = b ? b->qpn : responder->ReserveQpn();
    if (sourcePort == 0)
    {
        // NICs derive the RoCEv2 source port from the QP numbers (a hash folded into 14 bits).
        uint32_t h = (aQpn * 2654435761u) ^ (bQpn * 40503u) ^ requester->m_ip.Get();
        sourcePort = static_cast<uint16_t>(ENTROPY_PORT_BASE | ((h ^ (h >> 14)) & 0x3fff));
    }
    if (a)
    {
        a->remoteQpn = bQpn;
        a->remoteIp = responder->m_ip;
        a->mtu = mtu;
        a->sourcePort = sourcePort;
        requester->AttachCongestionControl(*a);
    }
    if (b)
    {
        b->remoteQpn = aQpn;
        b->remoteIp = requester->m_ip;
        b->mtu = mtu;
        b->sourcePort = sourcePort;
    }
    if (responderQpn)
    {
        *responderQpn = bQpn;
    }
    return aQpn;
}

uint32_t
RdmaNic::Connect(Ptr<RdmaNic> requester, Ptr<RdmaNic> responder, uint16_t sourcePort)
{
    return Connect(requester, responder, sourcePort, true, true, nullptr);
}

void
RdmaNic::AttachCongestionControl(RequesterQp& qp)
{
    qp.cc = NewCongestionControl();
    qp.cc->Start(GetDataRate().GetBitRate(), m_baseRtt);
    // A rate raised by the algorithm's own timer (no frame arrives then) must reach the
    // pacer: the port looks for a packet to send again.
    // (Made once per NIC: building an ns-3 Callback costs ~1,800 instructions, copying one
    // a reference count.)
    if (m_txReady.IsNull())
    {
        m_txReady = MakeCallback(&RdmaNic::NotifyTxReady, this);
    }
    qp.cc->SetRateRaisedCallback(m_txReady);
}

Time
RdmaNic::IdleRestartOf(const RequesterQp& qp) const
{
    return m_ccIdleRestart.IsStrictlyPositive() ? m_ccIdleRestart : qp.cc->GetIdleRestart();
}

void
RdmaNic::ReleaseIdleCongestionControl()
{
    int64_t now = FastNow().GetTimeStep();
    while (!m_drained.IsEmpty())
    {
        DrainedQp d = m_drained.Front();
        RequesterQp& qp = m_requesters[d.index];
        // Still idle since it drained (data posted since moves lastProgress)?
        bool idle = qp.cc && qp.unaPsn == qp.endPsn && qp.lastProgress.GetTimeStep() == d.since;
        if (idle && now - d.since < IdleRestartOf(qp).GetTimeStep())
        {
            return; // the oldest is not due yet
        }
        m_drained.Pop();
        if (idle)
        {
            qp.cc = nullptr;
        }
    }
}

uint64_t
RdmaNic::PostSend(uint32_t qpn, uint64_t bytes)
{
    NS_ABORT_MSG_IF(qpn < FIRST_QPN || qpn - FIRST_QPN >= m_slots.size(),
                    "RdmaNic::PostSend: no queue pair " << qpn);
    NS_ABORT_MSG_IF(!IsRequester(qpn),
                    "RdmaNic::PostSend: queue pair " << qpn << " is a receiving end");
    NS_ABORT_MSG_IF(bytes == 0, "RdmaNic::PostSend: a message needs at least one byte");
    RequesterQp& qp = m_requesters[m_slots[qpn - FIRST_QPN]];
    uint64_t packets = (bytes + qp.mtu - 1) / qp.mtu;
    NS_ABORT_MSG_IF(packets >= (BthHeader::PSN_MASK >> 1),
                    "RdmaNic::PostSend: message larger than half the PSN space");
    SendMessage m;
    m.id = qp.nextMsgId++;
    m.bytes = bytes;
    m.firstPsn = qp.endPsn;
    m.endPsn = qp.endPsn + static_cast<uint32_t>(packets);
    m.posted = FastNow();
    qp.endPsn = m.endPsn;
    LendSendQueue(qp).messages.push_back(m);
    if (qp.unaPsn == m.firstPsn)
    {
        // Everything posted before was acknowledged (unaPsn reached the old endPsn), so the QP
        // has been idle since its last ACK (lastProgress).
        ReleaseIdleCongestionControl();
        if (!qp.cc)
        {
            AttachCongestionControl(qp); // released while idle: as a restart makes it
        }
        else
        {
            Time restart = IdleRestartOf(qp);
            if (restart.IsStrictlyPositive() && FastNow() - qp.lastProgress >= restart)
            {
                qp.cc->Restart(); // a new flow's start
            }
        }
        qp.lastProgress = FastNow(); // the QP was idle: the timer starts now
    }
    Activate(qp);
    NotifyTxReady();
    return m.id;
}

void
RdmaNic::Activate(RequesterQp& qp)
{
    if (!qp.active && !qp.error && qp.nextPsn != qp.endPsn)
    {
        qp.active = true;
        m_active.push_back(m_slots[qp.qpn - FIRST_QPN]);
    }
}

void
RdmaNic::FillHeader(RoceFields& h, const QpEndpoint& qp, uint8_t opcode, uint8_t dscp)
{
    if (!m_macsKnown)
    {
        m_ownMac = m_address;
        m_peerMac = Mac48Address::ConvertFrom(GetPeer()->GetAddress()); // fixed once cabled
        m_macsKnown = true;
    }
    h.m_eth.m_source = m_ownMac;
    h.m_eth.m_destination = m_peerMac;
    h.m_ip.m_source = m_ip;
    h.m_ip.m_destination = qp.remoteIp;
    h.m_ip.m_dscp = dscp;
    h.m_udp.m_sourcePort = qp.sourcePort;
    h.m_bth.m_opcode = opcode;
    h.m_bth.m_destQp = qp.remoteQpn;
}

Ptr<Packet>
RdmaNic::BuildData(RequesterQp& qp)
{
    uint32_t psn = qp.nextPsn;
    // The message holding this PSN: usually the first live one (go-back-N may reach back).
    const std::vector<SendMessage>& messages = qp.send->messages;
    std::size_t i = qp.send->head;
    while (messages[i].endPsn <= psn)
    {
        ++i;
    }
    const SendMessage& m = messages[i];
    bool first = psn == m.firstPsn;
    bool last = psn + 1 == m.endPsn;
    uint32_t payload
        = last ? static_cast<uint32_t>(m.bytes - uint64_t(psn - m.firstPsn) * qp.mtu) : qp.mtu;
    uint8_t opcode = first ? (last ? BthHeader::OP_RC_SEND_ONLY : BthHeader::OP_RC_SEND_FIRST)
                           : (last ? BthHeader::OP_RC_SEND_LAST : BthHeader::OP_RC_SEND_MIDDLE);

    Ptr<Packet> p = NewFrame(payload, payload == qp.mtu);
    bool telemetry = qp.cc->WantsTelemetry();
    RoceFields h;
    FillHeader(h, qp, opcode, m_dataDscp);
    h.m_bth.m_psn = psn & BthHeader::PSN_MASK;
    // AckReq on a message's last packet, on the packet that fills the congestion window, and
    // on every packet of a QP paced below half its line rate: ACK coalescing only pays while
    // packets arrive back to back, and must not leave a slow or window-limited QP waiting
    // for an ACK (a NIC's coalescing timer plays this role).
    uint64_t window = qp.cc->GetWindowBytes();
    h.m_bth.m_ackRequest = last
                        || (window != 0 && uint64_t(InFlightPsns(qp) + 1) * qp.mtu >= window)
                        || qp.cc->GetRateBps() * 2 < GetDataRate().GetBitRate();
    h.m_bth.m_padCount = (4 - (payload & 3)) & 3;
    if (telemetry)
    {
        // An empty stack after the BTH, and room in front for a record from every switch.
        h.m_bth.m_telemetry = true;
        TelemetryBytes stack; // hop count 0
        stack.size = TelemetryHeader::BASE_BYTES;
        h.SetLengths(p->GetSize() + stack.size);
        RoceFrameHeaders(h, &stack, nullptr)
            .AddTo(*p, TelemetryHeader::MAX_HOPS * TelemetryHeader::HOP_BYTES);
    }
    else
    {
        h.SetLengths(p->GetSize());
        p->AddHeader(RoceHeader(h));
    }

    m_counters.framesCreated++;
    m_counters.dataPacketsSent++;
    if (psn < qp.highPsn)
    {
        qp.retransmittedPackets++;
        m_counters.retransmittedPackets++;
    }
    else
    {
        qp.highPsn = psn + 1;
    }
    if (qp.unaPsn == psn && !qp.timerArmed)
    {
        qp.lastProgress = FastNow(); // first packet outstanding: the clock starts now
    }
    qp.nextPsn++;
    qp.cc->OnSend(payload);
    ArmTimer(qp);
    return p;
}

FrameRef
RdmaNic::DoDequeue()
{
    if (!m_control.IsEmpty())
    {
        return std::move(m_control.Pop().frame);
    }
    if (IsPaused(m_dataDscp >> 3))
    {
        return {}; // the resume calls NotifyTxReady
    }
    Time now = FastNow();
    Time earliest = Time::Max();
    std::size_t n = m_active.size();
    for (std::size_t tried = 0; tried < n && !m_active.empty(); ++tried)
    {
        if (m_rrNext >= m_active.size())
        {
            m_rrNext = 0;
        }
        RequesterQp& qp = m_requesters[m_active[m_rrNext]];
        if (qp.nextPsn == qp.endPsn || qp.error)
        {
            qp.active = false;
            m_active[m_rrNext] = m_active.back();
            m_active.pop_back();
            continue;
        }
        uint64_t window = qp.cc->GetWindowBytes();
        if (window != 0 && uint64_t(InFlightPsns(qp)) * qp.mtu >= window)
        {
            m_rrNext++; // an ACK reopens the window and calls NotifyTxReady
            continue;
        }
        // Pace at the QP's current rate on wire bytes: the gap after the last packet is
        // judged at the rate in force now, so a rate that rose since (a CC timer, an ACK)
        // takes effect at once. At line rate this never delays.
        uint64_t rate = qp.cc->GetRateBps();
        if (qp.lastSendBits != 0 && rate < GetRateBps())
        {
            Time next = qp.lastSendTime + BitsTime(qp.lastSendBits, rate);
            if (next > now)
            {
                earliest = std::min(earliest, next);
                m_rrNext++;
                continue;
            }
        }
        Ptr<Packet> p = BuildData(qp);
        qp.lastSendTime = now;
        qp.lastSendBits = WireBytes(p->GetSize()) * 8;
        m_rrNext++;
        return FrameRef(p);
    }
    if (earliest != Time::Max())
    {
        ScheduleWakeup(earliest);
    }
    return {};
}

uint32_t
RdmaNic::InFlightPsns(const RequesterQp& qp)
{
    uint32_t sent = qp.nextPsn - qp.unaPsn;
    return sent - std::min(sent, qp.heldPsns);
}

bool
RdmaNic::HasPending() const
{
    return !m_control.IsEmpty() || !m_active.empty();
}

void
RdmaNic::ScheduleWakeup(Time at)
{
    if (m_wakeupEvent.IsRunning())
    {
        if (static_cast<int64_t>(m_wakeupEvent.GetTs()) <= at.GetTimeStep())
        {
            return;
        }
        m_wakeupEvent.Cancel();
    }
    m_wakeupEvent = Simulator::Schedule(at - FastNow(), &RdmaNic::Wakeup, this);
}

void
RdmaNic::Wakeup()
{
    NotifyTxReady();
}

void
RdmaNic::SendControl(Ptr<Packet> p)
{
    m_counters.framesCreated++;
    m_control.Push(p, 0);
    NotifyTxReady();
}

void
RdmaNic::MaybeSendCnp(ResponderQp& qp)
{
    Time now = FastNow();
    if (!qp.lastCnpSent.IsStrictlyNegative() && now - qp.lastCnpSent < m_cnpInterval)
    {
        return;
    }
    qp.lastCnpSent = now;
    // CNP: BTH opcode 0x81 and 16 reserved bytes (RoCEv2 annex A17), on the CNP priority.
    Ptr<Packet> p = NewFrame(16, false);
    RoceHeader h;
    FillHeader(h, qp, BthHeader::OP_CNP, m_cnpDscp);
    h.m_ip.m_ecn = RoceIpv4Fields::ECN_NOT_ECT;
    h.SetLengths(p->GetSize());
    p->AddHeader(h);
    m_counters.cnpsSent++;
    SendControl(p);
}

Ptr<Packet>
RdmaNic::NewFrame(uint32_t payload, bool common)
{
    // Nearly all frames are full-MTU data or ACKs: copies of a blank frame kept for their
    // size. ns-3 shares a copy's buffer and metadata with the original until the copy changes
    // them. Adding headers gives the copy its own buffer, while the metadata (a heap block per
    // packet, unused unless packet printing is on) stays shared: one allocation fewer.
    //
    // {payload, blank frame} for ACKs, then for data; shared by all NICs, as a blank frame
    // holds nothing of a NIC or of a simulation.
    static std::array<std::pair<uint32_t, Ptr<Packet>>, 2> blanks;
    auto& [size, blank] = blanks[payload == 0 ? 0 : 1];
    if (common && blank && size == payload)
    {
        return blank->Copy();
    }
    Ptr<Packet> p = Create<Packet>(payload);
    p->AddTrailer(IcrcTrailer());
    if (common)
    {
        size = payload;
        blank = p->Copy();
    }
    return p;
}

void
RdmaNic::SendAck(ResponderQp& qp, bool nak)
{
    Ptr<Packet> p = NewFrame(0, true);
    bool echo = m_rxEcho.size > 0 && !nak;
    AethHeader aeth;
    aeth.m_syndrome = nak ? AethHeader::SYNDROME_NAK_PSN : AethHeader::SYNDROME_ACK;
    aeth.m_msn = static_cast<uint32_t>(qp.recvMsgCount) & BthHeader::PSN_MASK;
    aeth.m_hasHeld = m_selectiveAck && m_holdsBeyond && !nak;
    aeth.m_held = qp.HeldPsns();
    RoceFields h;
    FillHeader(h, qp, BthHeader::OP_RC_ACK, m_ackDscp);
    h.m_bth.m_telemetry = echo;
    h.m_bth.m_held = aeth.m_hasHeld;
    // ACK: last PSN received in order; NAK: the PSN expected.
    uint32_t psn = nak ? qp.expectedPsn : qp.expectedPsn - 1;
    h.m_bth.m_psn = psn & BthHeader::PSN_MASK;
    // After the BTH: the echoed telemetry (if any), the AETH, the ICRC.
    h.SetLengths(p->GetSize() + (echo ? m_rxEcho.size : 0) + aeth.GetSerializedSize());
    RoceFrameHeaders(h, echo ? &m_rxEcho : nullptr, &aeth).AddTo(*p);
    qp.lastAckedPsn = qp.expectedPsn;
    if (nak)
    {
        m_counters.naksSent++;
    }
    else
    {
        m_counters.acksSent++;
    }
    SendControl(p);
}

void
RdmaNic::DoReceive(const Ptr<Packet>& p)
{
    m_counters.framesConsumed++;
    RoceFields h;
    p->RemoveAtStart(h.PeekFrom(*p));
    if (!h.IsRoce())
    {
        if (h.m_eth.m_etherType == RoceEthernetFields::ETHERTYPE_MAC_CTRL)
        {
            m_counters.pfcFramesReceived++;
            PfcPauseHeader pause;
            p->PeekHeader(pause);
            for (uint8_t prio = 0; prio < NUM_PRIORITIES; ++prio)
            {
                if (pause.IsEnabled(prio))
                {
                    ApplyPause(prio, pause.m_quanta[prio]);
                }
            }
        }
        return;
    }
    if (h.m_ip.m_destination != m_ip)
    {
        m_counters.discards[DISCARD_WRONG_ADDRESS]++;
        return;
    }
    uint32_t index = h.m_bth.m_destQp - FIRST_QPN;
    if (h.m_bth.m_destQp < FIRST_QPN || index >= m_slots.size())
    {
        m_counters.discards[DISCARD_UNKNOWN_QP]++;
        return;
    }
    // Data goes to the receiving end of a connection; ACKs, NAKs and CNPs to the sending end.
    uint32_t slot = m_slots[index];
    NS_ASSERT_MSG(slot != ELSEWHERE_SLOT,
                  "RdmaNic: a frame for queue pair " << h.m_bth.m_destQp
                                                     << ", whose end runs on another MPI rank");
    if (((slot & RESPONDER_SLOT) != 0) != h.m_bth.IsData())
    {
        m_counters.discards[DISCARD_UNKNOWN_QP]++;
        return;
    }
    const TelemetryHeader* telemetry = nullptr;
    m_rxEcho.size = 0;
    if (h.m_bth.m_telemetry && h.m_bth.IsData())
    {
        // Kept as bytes and echoed by the ACK this packet triggers; the requester decodes them.
        uint8_t count = 0;
        p->CopyData(&count, 1);
        uint32_t hops = std::min<uint32_t>(count, TelemetryHeader::MAX_HOPS);
        m_rxEcho.size = TelemetryHeader::BASE_BYTES + hops * TelemetryHeader::HOP_BYTES;
        p->CopyData(m_rxEcho.bytes.data(), m_rxEcho.size);
        m_rxEcho.bytes[0] = static_cast<uint8_t>(hops);
        p->RemoveAtStart(m_rxEcho.size);
    }
    else if (h.m_bth.m_telemetry)
    {
        if (!m_rxTelemetry)
        {
            m_rxTelemetry = std::make_unique<TelemetryHeader>();
        }
        p->RemoveHeader(*m_rxTelemetry);
        telemetry = m_rxTelemetry.get();
    }
    if (h.m_bth.IsData())
    {
        ResponderQp& qp = m_responders[slot & ~RESPONDER_SLOT];
        uint32_t payload = p->GetSize() - IcrcTrailer::SIZE;
        if (h.m_ip.m_ecn == RoceIpv4Header::ECN_CE)
        {
            m_counters.ecnMarkedReceived++;
            MaybeSendCnp(qp);
        }
        ReceiveData(qp, h, payload);
    }
    else if (h.m_bth.m_opcode == BthHeader::OP_RC_ACK)
    {
        AethHeader aeth;
        aeth.m_hasHeld = h.m_bth.m_held;
        p->PeekHeader(aeth);
        ReceiveAck(m_requesters[slot], h, aeth, telemetry);
    }
    else if (h.m_bth.m_opcode == BthHeader::OP_CNP)
    {
        m_counters.cnpsReceived++;
        RequesterQp& qp = m_requesters[slot];
        if (qp.cc) // (none while idle past its restart time: a restart would forget the CNP)
        {
            qp.cc->OnCnp();
        }
    }
}

void
RdmaNic::ReceiveData(ResponderQp& qp, const RoceFields& h, uint32_t payload)
{
    uint32_t psn = BthHeader::UnwrapPsn(h.m_bth.m_psn, qp.expectedPsn);
    bool duplicate = static_cast<int32_t>(psn - qp.expectedPsn) < 0
                  || (qp.reorder && qp.reorder->received.Test(psn));
    if (duplicate)
    {
        m_counters.discards[DISCARD_DUPLICATE]++;
        SendAck(qp, false); // tell the requester where we are
        return;
    }
    bool last = h.m_bth.IsLastOfMessage();
    bool completed = false;
    if (psn == qp.expectedPsn && !qp.reorder)
    {
        // In order with nothing held beyond: the common case, no reordering state needed.
        qp.expectedPsn = psn + 1;
        qp.nakOutstanding = false;
        if (last)
        {
            CompleteMessage(qp, psn, payload);
            completed = true;
        }
    }
    else if (!m_receivePolicy->Receive(*this, qp, psn, last, payload, completed))
    {
        return; // discarded
    }
    m_counters.dataAccepted++;
    m_counters.payloadBytesAccepted += payload;
    // Acknowledge on request, every AckInterval packets, and whenever a message completes
    // (with out-of-order placement the AckReq packet may arrive before the holes are filled).
    // Telemetry-carrying data is acknowledged packet by packet, as HPCC echoes every record.
    if (h.m_bth.m_ackRequest || completed || h.m_bth.m_telemetry
        || qp.expectedPsn - qp.lastAckedPsn >= m_ackInterval)
    {
        SendAck(qp, false);
    }
}

void
RdmaNic::CompleteMessage(ResponderQp& qp, uint32_t lastPsn, uint32_t lastPayload)
{
    uint64_t bytes = uint64_t(lastPsn - qp.msgStartPsn) * qp.mtu + lastPayload;
    qp.msgStartPsn = lastPsn + 1;
    uint64_t msg = qp.recvMsgCount++;
    m_counters.messagesReceived++;
    m_messageReceivedTrace(qp.qpn, msg, bytes);
    if (!m_receiveComplete.IsNull())
    {
        m_receiveComplete(qp.qpn, msg, bytes);
    }
}

uint32_t
RdmaNic::CompleteReceived(ResponderQp& qp)
{
    std::vector<MessageEnd>& ends = qp.reorder->pendingEnds;
    std::size_t done = 0;
    while (done < ends.size() && static_cast<int32_t>(ends[done].lastPsn - qp.expectedPsn) < 0)
    {
        CompleteMessage(qp, ends[done].lastPsn, ends[done].lastPayload);
        ++done;
    }
    if (done > 0)
    {
        ends.erase(ends.begin(), ends.begin() + done);
    }
    return static_cast<uint32_t>(done);
}

SendQueue&
RdmaNic::LendSendQueue(RequesterQp& qp)
{
    if (!qp.send)
    {
        qp.send = TakeFromPool(m_sendPool);
    }
    return *qp.send;
}

ReorderState&
RdmaNic::LendReorder(ResponderQp& qp)
{
    if (!qp.reorder)
    {
        qp.reorder = TakeFromPool(m_reorderPool);
        qp.reorder->received.Reset(qp.expectedPsn);
    }
    return *qp.reorder;
}

void
RdmaNic::ReturnReorderIfEmpty(ResponderQp& qp)
{
    if (qp.reorder->pendingEnds.empty() && qp.reorder->received.Count() == 0)
    {
        m_reorderPool.push_back(std::move(qp.reorder));
    }
}

void
RdmaNic::ReceiveAck(RequesterQp& qp,
                    const RoceFields& h,
                    const AethHeader& aeth,
                    const TelemetryHeader* telemetry)
{
    bool nak = aeth.IsNak();
    uint32_t psn = BthHeader::UnwrapPsn(h.m_bth.m_psn, qp.unaPsn);
    uint32_t newUna = nak ? psn : psn + 1;
    if (nak)
    {
        m_counters.naksReceived++;
        qp.naksReceived++;
    }
    else
    {
        m_counters.acksReceived++;
    }
    uint64_t ackedBytes = 0;
    if (static_cast<int32_t>(newUna - qp.unaPsn) > 0
        && static_cast<int32_t>(newUna - qp.endPsn) <= 0)
    {
        ackedBytes = uint64_t(newUna - qp.unaPsn) * qp.mtu;
        qp.unaPsn = newUna;
        qp.lastProgress = FastNow();
        qp.timeoutsInARow = 0;
        // Retire fully acknowledged messages (a completion may post on this QP).
        while (qp.send->head < qp.send->messages.size()
               && qp.send->messages[qp.send->head].endPsn <= qp.unaPsn)
        {
            SendMessage m = qp.send->messages[qp.send->head++];
            m_counters.messagesSent++;
            m_messageSentTrace(qp.qpn, m.id, m.bytes);
            if (!m_sendComplete.IsNull())
            {
                m_sendComplete(qp.qpn, m.id, m.bytes);
            }
        }
        SendQueue& sq = *qp.send;
        if (sq.head == sq.messages.size())
        {
            sq.messages.clear(); // all acknowledged: the list goes back to the pool
            sq.head = 0;
            m_sendPool.push_back(std::move(qp.send));
            if (m_releaseIdleCc && qp.cc && qp.cc->ForgetsOnRestart()
                && IdleRestartOf(qp).IsStrictlyPositive())
            {
                m_drained.Push({m_slots[qp.qpn - FIRST_QPN], qp.lastProgress.GetTimeStep()});
                ReleaseIdleCongestionControl();
            }
        }
        else if (sq.head > 64)
        {
            sq.messages.erase(sq.messages.begin(), sq.messages.begin() + sq.head);
            sq.head = 0;
        }
        if (static_cast<int32_t>(qp.nextPsn - qp.unaPsn) < 0)
        {
            qp.nextPsn = qp.unaPsn;
        }
    }
    if (newUna == qp.unaPsn)
    {
        // The count an up-to-date ACK reports (a sprayed ACK may arrive after a newer one).
        qp.heldPsns = aeth.m_hasHeld ? aeth.m_held : 0;
    }
    if (!qp.cc)
    {
        return; // a late ACK of a queue pair idle past its restart time: nothing to tell
    }
    if (nak && static_cast<int32_t>(qp.nextPsn - psn) > 0 && psn == qp.unaPsn)
    {
        qp.nextPsn = psn; // go back N
        qp.cc->OnNak();
    }
    AckEvent ack;
    ack.ackedBytes = ackedBytes;
    ack.ackedPsn = qp.unaPsn;
    ack.inflightBytes = uint64_t(InFlightPsns(qp)) * qp.mtu;
    ack.telemetry = telemetry;
    ack.nextPsn = qp.highPsn;
    qp.cc->OnAck(ack);
    Activate(qp);
    NotifyTxReady();
}

Time
RdmaNic::GetRetransmitTimeout() const
{
    if (m_rto.IsStrictlyPositive())
    {
        return m_rto;
    }
    // IB local ACK timeout: 4.096 us x 2^n.
    return NanoSeconds(int64_t(4096) << m_localAckTimeout);
}

void
RdmaNic::ArmTimer(RequesterQp& qp)
{
    if (!qp.timerArmed)
    {
        qp.timerArmed = true;
        ScheduleTimerCheck((Simulator::Now() + GetRetransmitTimeout()).GetTimeStep(), qp.qpn);
    }
}

void
RdmaNic::ScheduleTimerCheck(int64_t due, uint32_t qpn)
{
    if (!m_timerChecks.IsEmpty() && due < m_lastTimerDue)
    {
        // Earlier than the list's last (a lazy re-check at lastProgress + timeout, or the
        // timeout lowered during the run): its own event, at its own time.
        Simulator::Schedule(TimeStep(due) - Simulator::Now(), &RdmaNic::CheckTimeout, this, qpn);
        return;
    }
    m_timerChecks.Push(TimerCheck {due, qpn});
    m_lastTimerDue = due;
    if (!m_timerEventPending)
    {
        m_timerEventPending = true;
        Simulator::Schedule(TimeStep(due) - Simulator::Now(), &RdmaNic::RunTimerChecks, this);
    }
}

void
RdmaNic::RunTimerChecks()
{
    m_timerEventPending = false;
    int64_t now = Simulator::Now().GetTimeStep();
    // A check re-armed here is due one timeout later: the loop ends.
    while (!m_timerChecks.IsEmpty() && m_timerChecks.Front().due <= now)
    {
        CheckTimeout(m_timerChecks.Pop().qpn);
    }
    if (!m_timerChecks.IsEmpty() && !m_timerEventPending)
    {
        m_timerEventPending = true;
        Simulator::Schedule(
            TimeStep(m_timerChecks.Front().due) - Simulator::Now(), &RdmaNic::RunTimerChecks, this);
    }
}

void
RdmaNic::CheckTimeout(uint32_t qpn)
{
    RequesterQp& qp = m_requesters[m_slots[qpn - FIRST_QPN]];
    if (qp.unaPsn == qp.highPsn)
    {
        // Nothing outstanding (all acknowledged, or the QP is only waiting for its pacing):
        // the next packet sent re-arms the timer.
        qp.timerArmed = false;
        return;
    }
    Time now = FastNow();
    Time deadline = qp.lastProgress + GetRetransmitTimeout();
    if (now < deadline)
    {
        ScheduleTimerCheck(deadline.GetTimeStep(), qpn);
        return;
    }
    NS_LOG_LOGIC("QP " << qpn << " timed out at PSN " << qp.unaPsn);
    qp.timeouts++;
    m_counters.timeouts++;
    if (++qp.timeoutsInARow > m_retryCount)
    {
        NS_LOG_WARN("QP " << qpn << " of " << GetIpv4Address()
                          << " exceeded its retry count at PSN " << qp.unaPsn << ": error state");
        qp.error = true;
        qp.timerArmed = false;
        m_counters.qpErrors++;
        return;
    }
    qp.nextPsn = qp.unaPsn;
    qp.lastProgress = now;
    Activate(qp);
    NotifyTxReady();
    ScheduleTimerCheck((Simulator::Now() + GetRetransmitTimeout()).GetTimeStep(), qpn);
}

} // namespace fabric
} // namespace ns3
