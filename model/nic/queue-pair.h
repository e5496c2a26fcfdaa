/*
 * State of one reliable-connection queue pair on a NIC.
 */
#ifndef FABRIC_QUEUE_PAIR_H
#define FABRIC_QUEUE_PAIR_H

#include "model/cc/congestion-control.h"
#include "model/headers/roce-ipv4-header.h"
#include "model/headers/telemetry-header.h"
#include "psn-bitmap.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

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
 * @brief Requester and responder state of one RC queue pair. RdmaNic owns and drives it.
 */
struct QueuePair
{
    uint32_t qpn {0};        //!< local QP number
    uint32_t remoteQpn {0};  //!< peer QP number
    Ipv4Word remoteIp;       //!< peer NIC address
    uint16_t sourcePort {0}; //!< UDP source port: the flow's ECMP entropy
    uint32_t mtu {4096};     //!< path MTU agreed at connection (payload bytes per packet)

    // Requester (sending) side.
    std::vector<SendMessage> messages; //!< posted, not yet fully acknowledged, from msgHead
    std::size_t msgHead {0};           //!< first live entry of messages
    uint64_t nextMsgId {0};            //!< id of the next posted message
    uint32_t nextPsn {0};              //!< next PSN to (re)send
    uint32_t unaPsn {0};               //!< oldest unacknowledged PSN
    uint32_t endPsn {0};               //!< one past the last posted PSN
    uint32_t highPsn {0};              //!< one past the highest PSN ever sent
    uint32_t heldPsns {0};             //!< PSNs the responder holds beyond unaPsn (last ACK)
    Time lastSendTime {0};             //!< pacing: when the last data packet left
    uint32_t lastSendBits {0};         //!< pacing: its wire bits (0: none sent yet)
    Time lastProgress {0};             //!< last time unaPsn advanced or data was first sent
    bool active {false};               //!< listed among the NIC's QPs with data to send
    bool timerArmed {false};           //!< a retransmission check is scheduled
    uint32_t timeoutsInARow {0};       //!< timeouts since unaPsn last advanced
    bool error {false};                //!< retry count exceeded: the QP sends nothing more
    Ptr<CongestionControl> cc;         //!< rate/window strategy

    // Responder (receiving) side.
    uint32_t expectedPsn {0};            //!< ePSN: next PSN expected in order
    uint32_t lastAckedPsn {0};           //!< ePSN at the last ACK sent
    bool nakOutstanding {false};         //!< a NAK was sent for the current ePSN
    uint32_t msgStartPsn {0};            //!< first PSN of the message being received
    uint64_t recvMsgCount {0};           //!< messages completed (MSN)
    std::vector<MessageEnd> pendingEnds; //!< LAST packets seen beyond ePSN (OOO), by PSN
    PsnBitmap received;                  //!< PSNs placed beyond ePSN (out-of-order mode)
    Time lastCnpSent {-1};               //!< when this QP last sent a CNP (notification point)
    TelemetryBytes echo; //!< telemetry of the last data packet, for the ACK (size 0: none)

    // Counters.
    uint64_t retransmittedPackets {0}; //!< packets sent again
    uint64_t timeouts {0};             //!< retransmission timeouts
    uint64_t naksReceived {0};         //!< NAKs received by the requester
};

} // namespace fabric
} // namespace ns3

#endif
