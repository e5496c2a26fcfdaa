/*
 * State of the two ends of a reliable-connection queue pair, each on its NIC.
 */
#ifndef FABRIC_QUEUE_PAIR_H
#define FABRIC_QUEUE_PAIR_H

#include "model/cc/congestion-control.h"
#include "model/headers/roce-ipv4-header.h"
#include "model/headers/telemetry-header.h"
#include "psn-bitmap.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <memory>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief A message posted on a queue pair: a contiguous run of PSNs.
 */
struct SendMessage
{
    uint64_t id {0};       //!< message number on this QP, from 0
    uint64_t bytes {0};    //!< payload bytes
    uint32_t firstPsn {0}; //!< PSN of its first packet
    uint32_t endPsn {0};   //!< one past the PSN of its last packet
    Time posted {0};       //!< when it was posted
};

/**
 * @brief The end of a message seen by the responder: PSN and payload of its last packet.
 */
struct MessageEnd
{
    uint32_t lastPsn {0};     //!< PSN of the LAST/ONLY packet
    uint32_t lastPayload {0}; //!< payload bytes of that packet
};

/**
 * @brief What a requester holds only while it has messages outstanding: the messages posted
 * and not yet fully acknowledged. RdmaNic lends one to a queue pair at PostSend and takes it
 * back when the last message is acknowledged (a pool per NIC keeps the capacity).
 */
struct SendQueue
{
    std::vector<SendMessage> messages; //!< posted, not yet fully acknowledged, from head
    std::size_t head {0};              //!< first live entry of messages
};

/**
 * @brief What a responder holds only while packets are out of order: the PSNs placed beyond
 * ePSN and the ends of messages not yet complete. RdmaNic lends one on the first packet beyond
 * ePSN and takes it back when the holes are filled.
 */
struct ReorderState
{
    std::vector<MessageEnd> pendingEnds; //!< LAST packets seen beyond ePSN, by PSN
    PsnBitmap received;                  //!< PSNs placed beyond ePSN (out-of-order mode)
};

/**
 * @brief What both ends of a reliable connection hold: their QP numbers, the peer's address,
 * the path MTU and the UDP source port (the flow's ECMP entropy) every frame of the
 * connection carries, data and ACKs alike.
 */
struct QpEndpoint
{
    uint32_t qpn {0};        //!< local QP number
    uint32_t remoteQpn {0};  //!< peer QP number
    Ipv4Word remoteIp;       //!< peer NIC address
    uint32_t mtu {4096};     //!< path MTU agreed at connection (payload bytes per packet)
    uint16_t sourcePort {0}; //!< UDP source port: the flow's ECMP entropy
};

/**
 * @brief The sending end of an RC queue pair (RdmaNic::Connect makes one on the requester's
 * NIC): PSN state, pacing, retransmission, congestion control. RdmaNic owns and drives it.
 *
 * An idle requester keeps its identity, PSN and message counters, its congestion control
 * (whose state carries over idle time, unless the algorithm restarts after idle time and says
 * a new instance would do: CongestionControl::ForgetsOnRestart) and its counters; the message
 * list exists only while messages are outstanding (SendQueue).
 */
struct RequesterQp : QpEndpoint
{
    bool active {false};     //!< listed among the NIC's QPs with data to send
    bool timerArmed {false}; //!< a retransmission check is scheduled
    bool error {false};      //!< retry count exceeded: the QP sends nothing more

    uint32_t nextPsn {0};        //!< next PSN to (re)send
    uint32_t unaPsn {0};         //!< oldest unacknowledged PSN
    uint32_t endPsn {0};         //!< one past the last posted PSN
    uint32_t highPsn {0};        //!< one past the highest PSN ever sent
    uint32_t heldPsns {0};       //!< PSNs the responder holds beyond unaPsn (last ACK)
    uint32_t timeoutsInARow {0}; //!< timeouts since unaPsn last advanced
    uint32_t lastSendBits {0};   //!< pacing: wire bits of the last data packet (0: none)
    // Counters (32 bits: a queue pair would need 16 TB resent to wrap one; the NIC's own
    // counters, which CollectStats sums, are 64 bits).
    uint32_t retransmittedPackets {0}; //!< packets sent again
    uint32_t timeouts {0};             //!< retransmission timeouts
    uint32_t naksReceived {0};         //!< NAKs received
    uint64_t nextMsgId {0};            //!< id of the next posted message
    Time lastSendTime {0};             //!< pacing: when the last data packet left
    Time lastProgress {0};             //!< last time unaPsn advanced or data was first sent
    Ptr<CongestionControl> cc;         //!< rate/window strategy (null while released: idle)
    std::unique_ptr<SendQueue> send;   //!< messages outstanding (null: none)
};

/**
 * @brief The receiving end of an RC queue pair (RdmaNic::Connect makes one on the responder's
 * NIC): the expected PSN, acknowledgement and notification state. RdmaNic owns it; a
 * ReceivePolicy acts on it for packets out of order.
 *
 * The reordering state exists only while PSNs beyond ePSN are held (ReorderState).
 */
struct ResponderQp : QpEndpoint
{
    bool nakOutstanding {false};           //!< a NAK was sent for the current ePSN
    uint32_t expectedPsn {0};              //!< ePSN: next PSN expected in order
    uint32_t lastAckedPsn {0};             //!< ePSN at the last ACK sent
    uint32_t msgStartPsn {0};              //!< first PSN of the message being received
    uint64_t recvMsgCount {0};             //!< messages completed (MSN)
    Time lastCnpSent {-1};                 //!< when this QP last sent a CNP (notification point)
    std::unique_ptr<ReorderState> reorder; //!< packets beyond ePSN (null: none)

    /// @return PSNs placed beyond ePSN
    uint32_t HeldPsns() const { return reorder ? reorder->received.Count() : 0; }
};

} // namespace fabric
} // namespace ns3

#endif
