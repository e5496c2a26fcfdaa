/*
 * The GPU's RoCEv2 NIC: queue pairs, reliable transport, pacing, ACK/NAK, retransmission.
 */
#ifndef FABRIC_RDMA_NIC_H
#define FABRIC_RDMA_NIC_H

#include "model/headers/aeth-header.h"
#include "model/headers/roce-header.h"
#include "model/headers/telemetry-header.h"
#include "model/link/fabric-net-device.h"
#include "model/link/packet-fifo.h"
#include "queue-pair.h"
#include "receive-policy.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/object-factory.h"
#include "ns3/traced-callback.h"

#include <array>
#include <deque>
#include <memory>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief One NIC per GPU (a NetDevice with one port), speaking RoCEv2 reliable connection.
 *
 * Messages posted on a queue pair are cut into MTU packets with consecutive PSNs. Active QPs
 * are served round-robin at line rate; each QP is paced at the rate, and held to the window,
 * of its CongestionControl. The responder acknowledges cumulatively every AckInterval
 * packets and on the last packet of each message.
 *
 * Receive behaviour (attribute ReceiveMode, a ReceivePolicy):
 * - InOrder (standard RoCE NIC, GoBackNReceive): a packet beyond the expected PSN is discarded
 *   and answered by one NAK (PSN sequence error); the requester goes back to that PSN
 *   (go-back-N).
 * - OutOfOrder (SuperNIC-style placement, PlacementReceive): any new PSN is placed and
 *   remembered in a bitmap; a message completes when all its packets are placed; ACKs stay
 *   cumulative; no NAK is sent for reordering.
 * The NIC handles the packet at the expected PSN itself; the policy is asked only about the
 * others.
 * A retransmission timer per QP goes back to the oldest unacknowledged PSN when ACKs stop.
 */
class RdmaNic
    : public FabricNetDevice
    , public ResponderOps
{
public:
    /// How the responder treats a PSN beyond the expected one.
    enum ReceiveMode
    {
        IN_ORDER,     //!< discard, NAK, go-back-N (standard RoCE)
        OUT_OF_ORDER, //!< place, track holes in a bitmap (SuperNIC)
    };

    /// Why a NIC discarded a frame that reached it.
    enum DiscardReason : uint8_t
    {
        DISCARD_DUPLICATE = 0, //!< PSN already received
        DISCARD_OUT_OF_ORDER,  //!< PSN beyond ePSN on an in-order NIC
        DISCARD_UNKNOWN_QP,    //!< no such destination QP, or the wrong end of one (data to a
                               //!< sending end; an ACK, NAK or CNP to a receiving end)
        DISCARD_WRONG_ADDRESS, //!< destination IP is not this NIC's
        DISCARD_REASON_COUNT   //!< number of reasons
    };

    /// Names of the discard reasons, indexed by DiscardReason.
    static constexpr const char* DISCARD_REASON_NAMES[DISCARD_REASON_COUNT]
        = {"duplicate", "out-of-order", "unknown-qp", "wrong-address"};

    /// Called with (local QP number, message id, payload bytes) when a message completes.
    using MessageCallback = Callback<void, uint32_t, uint64_t, uint64_t>;

    static TypeId GetTypeId();
    RdmaNic();
    ~RdmaNic() override;

    /// Set this NIC's IPv4 address.
    void SetIpv4Address(Ipv4Address address) { m_ip = address; }

    /// @return this NIC's IPv4 address
    Ipv4Address GetIpv4Address() const { return Ipv4Address(m_ip); }

    /**
     * Create a connected pair of queue pairs, one on each NIC (the out-of-band exchange an
     * RDMA connection manager performs). The path MTU is the smaller of the two NICs' MTUs.
     * @param requester NIC that will send
     * @param responder NIC that will receive
     * @param sourcePort UDP source port (ECMP entropy); 0 derives it from the QP numbers
     * @return the QP number on @p requester
     */
    static uint32_t Connect(Ptr<RdmaNic> requester,
                            Ptr<RdmaNic> responder,
                            uint16_t sourcePort = 0);

    /**
     * Connect() on an MPI rank that runs only some NICs: an end on a NIC that does not run
     * here (@p requesterHere, @p responderHere false) only takes its QP number, so that the
     * numbers (and the source port) are those of the rank that runs it, without the queue
     * pair's state. Frames never reach such a NIC on this rank.
     * @param[out] responderQpn the QP number on @p responder (may be null)
     * @return the QP number on @p requester
     */
    static uint32_t Connect(Ptr<RdmaNic> requester,
                            Ptr<RdmaNic> responder,
                            uint16_t sourcePort,
                            bool requesterHere,
                            bool responderHere,
                            uint32_t* responderQpn);

    /**
     * Post a message on a queue pair.
     * @param qpn local QP number returned by Connect
     * @param bytes payload bytes (> 0)
     * @return the message id on that QP
     */
    uint64_t PostSend(uint32_t qpn, uint64_t bytes);

    /// Set the callback run when a posted message is fully acknowledged.
    void SetSendCompleteCallback(MessageCallback cb) { m_sendComplete = cb; }

    /// Set the callback run when a message has fully arrived at this NIC.
    void SetReceiveCompleteCallback(MessageCallback cb) { m_receiveComplete = cb; }

    /// @return true when QP @p qpn of this NIC is the sending end of its connection
    bool IsRequester(uint32_t qpn) const { return (Slot(qpn) & RESPONDER_SLOT) == 0; }

    /// @return the sending end with QP number @p qpn (a requester on this NIC)
    const RequesterQp& GetRequester(uint32_t qpn) const;

    /// @return the receiving end with QP number @p qpn (a responder on this NIC)
    const ResponderQp& GetResponder(uint32_t qpn) const;

    /// @return number of queue pairs on this NIC, both ends
    uint32_t GetNQueuePairs() const { return static_cast<uint32_t>(m_slots.size()); }

    /// @return queue pairs with data posted and not yet all sent (the round-robin list)
    uint32_t GetNActiveQueuePairs() const { return static_cast<uint32_t>(m_active.size()); }

    /// @return the receive mode
    ReceiveMode GetReceiveMode() const { return m_receiveMode; }

    /// Set the responder's behaviour by name (creates its ReceivePolicy).
    void SetReceiveMode(ReceiveMode mode);

    /// Use @p policy for packets that are not the next in order (a policy of your own).
    void SetReceivePolicy(Ptr<ReceivePolicy> policy);

    /// @return the responder's policy for packets that are not the next in order
    Ptr<ReceivePolicy> GetReceivePolicy() const { return m_receivePolicy; }

    /// @return the retransmission timeout: RetransmitTimeout, or 4.096 us x 2^LocalAckTimeout
    Time GetRetransmitTimeout() const;

    /// NIC counters.
    struct Counters
    {
        uint64_t framesCreated {0};        //!< every frame this NIC built (data and control)
        uint64_t framesConsumed {0};       //!< every frame that reached this NIC's transport
        uint64_t dataPacketsSent {0};      //!< data packets sent, first sends and retransmits
        uint64_t retransmittedPackets {0}; //!< data packets sent again
        uint64_t acksSent {0};             //!< ACKs sent
        uint64_t naksSent {0};             //!< NAKs sent
        uint64_t cnpsSent {0};             //!< CNPs sent
        uint64_t acksReceived {0};         //!< ACKs received
        uint64_t naksReceived {0};         //!< NAKs received
        uint64_t cnpsReceived {0};         //!< CNPs received
        uint64_t pfcFramesReceived {0};    //!< PFC pause/resume frames received
        uint64_t timeouts {0};             //!< retransmission timeouts
        uint64_t qpErrors {0};             //!< QPs that exceeded RetryCount (error state)
        uint64_t dataAccepted {0};         //!< data packets accepted by the responder
        uint64_t payloadBytesAccepted {0}; //!< payload bytes accepted
        uint64_t ecnMarkedReceived {0};    //!< data packets received with ECN CE
        uint64_t messagesSent {0};         //!< messages fully acknowledged
        uint64_t messagesReceived {0};     //!< messages fully received
        uint64_t discards[DISCARD_REASON_COUNT] {}; //!< frames discarded, by reason
    };

    /// @return the counters
    const Counters& GetCounters() const { return m_counters; }

    /// @return payload bytes a frame of @p payload carries on the wire, headers included
    static uint32_t DataFrameBytes(uint32_t payload);

    static constexpr uint32_t FIRST_QPN = 2; //!< QP 0 and 1 are reserved by InfiniBand

    /// @return control frames (ACK/NAK/CNP) built and waiting to be sent; data frames are built
    /// when the port takes them
    uint64_t GetQueuedFrames() const override { return m_control.GetNPackets(); }

protected:
    void DoDispose() override;
    FrameRef DoDequeue() override;
    bool HasPending() const override;
    void DoReceive(const Ptr<Packet>& p) override;

private:
    /// @return the slot of QP @p qpn (aborts when there is no such QP)
    uint32_t Slot(uint32_t qpn) const;
    /// Allocate the sending end of a connection.
    RequesterQp& CreateRequester();
    /// Allocate the receiving end of a connection.
    ResponderQp& CreateResponder();
    /// @return the next QP number, taken by an end that runs on another MPI rank
    uint32_t ReserveQpn();
    /// @return a new congestion control for a queue pair (a copy of one made from the
    /// CongestionControl attribute, or a new one from it when the algorithm cannot be copied)
    Ptr<CongestionControl> NewCongestionControl();
    /// Give @p qp a new congestion control, started at the line rate and base RTT.
    void AttachCongestionControl(RequesterQp& qp);
    /// @return how long @p qp must have been idle for its congestion control to restart
    /// (0: never)
    Time IdleRestartOf(const RequesterQp& qp) const;
    /// Free the congestion control of the queue pairs idle past their restart time (data
    /// posted later gets a new one, which is what Restart would make of the old).
    void ReleaseIdleCongestionControl();
    /// Set the CongestionControl attribute (forgets the instance copied so far).
    void SetCongestionControlFactory(ObjectFactory factory);

    /// @return the CongestionControl attribute
    ObjectFactory GetCongestionControlFactory() const { return m_ccFactory; }

    /// Put a QP with data to send on the active list.
    void Activate(RequesterQp& qp);
    /// Build the data packet for qp.nextPsn.
    Ptr<Packet> BuildData(RequesterQp& qp);
    /// Fill the fields every frame from this NIC shares.
    void FillHeader(RoceFields& h, const QpEndpoint& qp, uint8_t opcode, uint8_t dscp);
    /// Send a CNP toward @p qp's requester unless one went out within the CNP interval.
    void MaybeSendCnp(ResponderQp& qp);

    // ResponderOps, for the receive policy.
    void CountOutOfOrderDiscard() override { m_counters.discards[DISCARD_OUT_OF_ORDER]++; }

    bool CnpOnOutOfOrder() const override { return m_cnpOnOutOfOrder; }

    void SendCnp(ResponderQp& qp) override { MaybeSendCnp(qp); }

    void SendNak(ResponderQp& qp) override { SendAck(qp, true); }

    /// Queue an ACK or NAK for @p qp.
    void SendAck(ResponderQp& qp, bool nak);
    /// Queue a control frame.
    void SendControl(Ptr<Packet> p);
    /// @return a new frame of @p payload zero bytes and an ICRC, without headers yet; a
    /// @p common size (full-MTU data, ACKs) is copied from a blank frame kept for it
    Ptr<Packet> NewFrame(uint32_t payload, bool common);
    /// Responder side of a data packet.
    void ReceiveData(ResponderQp& qp, const RoceFields& h, uint32_t payload);
    /// Complete every message that ePSN has passed; @return how many
    uint32_t CompleteReceived(ResponderQp& qp) override;
    /// Report the message of @p qp that ends at @p lastPsn (payload of that packet).
    void CompleteMessage(ResponderQp& qp, uint32_t lastPsn, uint32_t lastPayload);
    /// @return @p qp's message list, lent from the pool if it has none
    SendQueue& LendSendQueue(RequesterQp& qp);
    /// @return @p qp's reordering state, lent from the pool (empty, from ePSN) if it has none
    ReorderState& LendReorder(ResponderQp& qp) override;
    /// Take back @p qp's reordering state if it holds nothing.
    void ReturnReorderIfEmpty(ResponderQp& qp) override;
    /// Requester side of an ACK or NAK.
    void ReceiveAck(RequesterQp& qp,
                    const RoceFields& h,
                    const AethHeader& aeth,
                    const TelemetryHeader* telemetry);

    /// @return PSNs sent and neither acknowledged nor reported held by the responder
    static uint32_t InFlightPsns(const RequesterQp& qp);
    /// Arm the retransmission check of @p qp if needed.
    void ArmTimer(RequesterQp& qp);
    /// Retransmission check.
    void CheckTimeout(uint32_t qpn);
    /// Check queue pair @p qpn's retransmission timer at time step @p due: through the NIC's
    /// ordered list when @p due is not earlier than its last entry, else as its own event.
    void ScheduleTimerCheck(int64_t due, uint32_t qpn);
    /// Run the checks of the list that are due, and schedule the next.
    void RunTimerChecks();
    /// Make sure the port retries when the first rate-limited QP may send.
    void ScheduleWakeup(Time at);
    /// Pacing wakeup.
    void Wakeup();

    Ipv4Word m_ip;                        //!< this NIC's address
    uint32_t m_mtu {4096};                //!< payload bytes per packet
    uint32_t m_ackInterval {4};           //!< ACK every this many packets
    Time m_rto;                           //!< retransmission timeout (0: from the exponent)
    uint8_t m_localAckTimeout {14};       //!< IB local ACK timeout exponent
    uint32_t m_retryCount {7};            //!< timeouts in a row before the error state
    ReceiveMode m_receiveMode {IN_ORDER}; //!< ReceiveMode attribute
    Ptr<ReceivePolicy> m_receivePolicy;   //!< responder behaviour on reordering
    bool m_holdsBeyond {false};           //!< m_receivePolicy->HoldsBeyondExpected()
    uint8_t m_dataDscp {26};              //!< DSCP of data (priority 3)
    uint8_t m_ackDscp {26};               //!< DSCP of ACKs and NAKs
    uint8_t m_cnpDscp {48};               //!< DSCP of CNPs (priority 6)
    Time m_baseRtt;                       //!< idle-path RTT handed to congestion control
    Time m_ccIdleRestart; //!< idle time after which a QP's CC restarts (0: the CC's own rule)
    Time m_cnpInterval;   //!< minimum time between CNPs of one QP
    bool m_cnpOnOutOfOrder {false};       //!< in-order NIC also sends a CNP on a PSN gap
    bool m_selectiveAck {true};           //!< out-of-order ACKs report the PSNs held
    MacBytes m_ownMac;                    //!< this port's MAC (found at the first frame)
    MacBytes m_peerMac;                   //!< the leaf port's MAC (found at the first frame)
    bool m_macsKnown {false};             //!< m_ownMac and m_peerMac are set
    ObjectFactory m_ccFactory;            //!< congestion control per QP
    Ptr<CongestionControl> m_ccPrototype; //!< made from m_ccFactory, copied per QP
    bool m_ccCopyable {true};             //!< m_ccPrototype's Clone returns an instance
    Callback<void> m_txReady;             //!< NotifyTxReady, made once and shared by every QP's CC

    /// A slot with this bit is an index into m_responders, without it into m_requesters.
    static constexpr uint32_t RESPONDER_SLOT = 1u << 31;
    /// The slot of a QP number taken by an end that runs on another MPI rank (no state here).
    static constexpr uint32_t ELSEWHERE_SLOT = UINT32_MAX;

    /// The two ends of this NIC's connections, apart: one end never uses the other's state.
    /// Deques: references stay valid while QPs are added (a completion callback may connect
    /// new QPs while the NIC still holds one).
    std::deque<RequesterQp> m_requesters; //!< sending ends, in creation order
    std::deque<ResponderQp> m_responders; //!< receiving ends, in creation order
    std::vector<uint32_t> m_slots;        //!< by QP number - FIRST_QPN: where the QP is
    std::vector<uint32_t> m_active;       //!< indices in m_requesters of QPs with data to send

    /// A queue pair whose data was all acknowledged at time step @p since.
    struct DrainedQp
    {
        uint32_t index; //!< in m_requesters
        int64_t since;  //!< its lastProgress then
    };

    /// A retransmission check waiting in the NIC's list (16 bytes, against an ns-3 event and
    /// its queue entry per armed queue pair).
    struct TimerCheck
    {
        int64_t due;  //!< time step
        uint32_t qpn; //!< queue pair
    };

    /// Retransmission checks in due order (armed at now + the timeout, which only grows), with
    /// one event pending for the first: a run with millions of queue pairs holds no event for
    /// each one's timer.
    Ring<TimerCheck> m_timerChecks;
    int64_t m_lastTimerDue {0};       //!< due time of the last check listed
    bool m_timerEventPending {false}; //!< RunTimerChecks is scheduled

    bool m_releaseIdleCc {true}; //!< ReleaseIdleCongestionControl attribute
    /// Drained queue pairs whose congestion control may be freed once idle past the restart
    /// time, oldest first.
    Ring<DrainedQp> m_drained;
    std::size_t m_rrNext {0}; //!< round-robin position in m_active
    PacketFifo m_control;     //!< ACK/NAK/CNP frames waiting, before data
    /// Scratch: telemetry of the ACK being received (made at the first; no allocation per ACK).
    std::unique_ptr<TelemetryHeader> m_rxTelemetry;
    /// Telemetry of the data packet being received, echoed by the ACK it triggers (size 0:
    /// none; data is acknowledged in the same call, so one copy per NIC suffices)
    TelemetryBytes m_rxEcho;
    std::vector<std::unique_ptr<SendQueue>> m_sendPool;       //!< message lists not lent
    std::vector<std::unique_ptr<ReorderState>> m_reorderPool; //!< reordering states not lent
    EventId m_wakeupEvent;                                    //!< pending pacing wakeup
    Counters m_counters;                                      //!< counters

    MessageCallback m_sendComplete;    //!< requester completion callback
    MessageCallback m_receiveComplete; //!< responder completion callback
    TracedCallback<uint32_t, uint64_t, uint64_t> m_messageSentTrace;     //!< message acknowledged
    TracedCallback<uint32_t, uint64_t, uint64_t> m_messageReceivedTrace; //!< message arrived
};

} // namespace fabric
} // namespace ns3

#endif
