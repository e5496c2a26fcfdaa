/*
 * Congestion-control state over time: rate, window, bytes in flight and DCQCN's alpha of
 * chosen queue pairs, sampled at a fixed interval.
 */
#ifndef FABRIC_CC_MONITOR_H
#define FABRIC_CC_MONITOR_H

#include "model/nic/rdma-nic.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

class Fabric;

/**
 * @brief Samples the congestion-control state of chosen queue pairs (QPs) every interval:
 * the rate the NIC paces the QP at, its window (0: none), the bytes it has in flight,
 * DCQCN's alpha and the telemetry CC's path utilization U, while the QP has data to send or in
 * flight. Reading changes nothing in the simulation (DCQCN's alpha is peeked, not decayed). QPs
 * made during the run are picked up when they appear.
 *
 * @code
 *   CcMonitor cc;
 *   cc.Watch({"0:*", "17:3"}); // every QP of GPU 0, QP 3 of GPU 17
 *   cc.Attach(fabric);
 *   cc.Start();
 *   Simulator::Run();
 *   cc.Stop();
 *   WriteFileAtomically("cc.csv", cc.Csv());
 * @endcode
 */
class CcMonitor
{
public:
    /// Sampling period (default 5 us).
    void SetInterval(Time interval) { m_interval = interval; }

    /// Time without data to send on any watched QP after which sampling stops (default 1 ms;
    /// the run can then end by running out of events).
    void SetIdleStop(Time idle) { m_idleStop = idle; }

    /**
     * Which QPs to sample: "GPU:QPN", "GPU:*" (every QP of that GPU's NIC), "A-B:*" (every QP
     * of GPUs A to B). Default: "0-3:*".
     * @throws std::invalid_argument for text that is none of these
     */
    void Watch(const std::vector<std::string>& qps);

    /**
     * Sample the GPU NICs of @p fabric.
     * @throws std::invalid_argument when a watched GPU does not exist
     */
    void Attach(const Fabric& fabric);

    /// Start sampling now.
    void Start();

    /// Stop sampling and release the NICs.
    void Stop();

    /// @return samples taken (sampling instants)
    std::size_t Samples() const { return m_samples; }

    /**
     * @return long-format CSV: time_us,qp,gpu,qpn,cc,rate_Gbps,window_B,inflight_B,alpha,util
     * (qp is "GPU:QPN"; alpha is DCQCN's, empty for other CCs; util is the telemetry CC's
     * smoothed utilization of the most loaded hop, U, empty for other CCs; window_B 0 when
     * the CC sets no window); a QP has rows while it has data to send or in flight
     */
    std::string Csv() const;

private:
    /// One watch: GPUs first..last, one QP number or all (qpn 0).
    struct WatchSpec
    {
        uint32_t first {0}; //!< first GPU
        uint32_t last {0};  //!< last GPU
        uint32_t qpn {0};   //!< the QP number, 0 = every QP
    };

    /// Take one sample and schedule the next.
    void Sample();

    Time m_interval {MicroSeconds(5)}; //!< sampling period
    Time m_idleStop {MilliSeconds(1)}; //!< stop after this long without data to send
    std::vector<WatchSpec> m_watch;    //!< what to sample
    std::vector<Ptr<RdmaNic>> m_nics;  //!< GPU NICs (released by Stop)
    std::vector<std::string> m_rows;   //!< CSV rows so far
    std::size_t m_samples {0};         //!< sampling instants
    Time m_lastActive {-1};            //!< last sample with a watched QP sending
    EventId m_event;                   //!< next sample
};

} // namespace fabric
} // namespace ns3

#endif
