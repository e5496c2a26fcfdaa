/*
 * Samples every switch port's queue depth and transmitted bytes over simulated time, for the
 * utilization heatmap and the queue-depth plot.
 */
#ifndef FABRIC_LINK_MONITOR_H
#define FABRIC_LINK_MONITOR_H

#include "model/switch/fabric-switch.h"

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
 * @brief Periodic sampler of switch egress ports, built on public getters only
 * (SwitchPort::GetQueuedBytes, FabricNetDevice::GetCounters().txBytes, FabricSwitch::GetTier).
 *
 * Ports are named SWITCH:PORT with SWITCH = leafN | spineN | coreN (N counts the switches of
 * that tier in fabric order) and PORT the port index on the switch. Sampling stops by itself
 * once the fabric has been idle (no bytes sent, all queues empty) for IdleStop after having
 * carried traffic, so a monitor does not keep a finished simulation running. All numbers are
 * copied out while sampling, so the CSVs can be written after Simulator::Destroy().
 */
class LinkMonitor
{
public:
    LinkMonitor() = default;

    /// Sampling period (default 5 us).
    void SetInterval(Time interval) { m_interval = interval; }

    /// Idle time after which sampling stops (default 1 ms).
    void SetIdleStop(Time idle) { m_idleStop = idle; }

    /**
     * Ports whose queue depth over time QueueCsv() reports ("leaf0:64", "spine3:*").
     * When none are given, QueueCsv() reports the @p top ports with the deepest peak queue.
     */
    void WatchPorts(const std::vector<std::string>& ports, uint32_t top = 8);

    /**
     * Monitor @p switches (leaves first, then spines, then cores, as Fabric::switches).
     * @throws std::invalid_argument when a watched port does not exist
     */
    void Attach(const std::vector<Ptr<FabricSwitch>>& switches);

    /// Monitor the switches of @p fabric.
    void Attach(const Fabric& fabric);

    /// Start sampling now (call before or during Simulator::Run).
    void Start();

    /// Stop sampling and release the switches.
    void Stop();

    /// @return number of samples taken
    std::size_t Samples() const { return m_times.size(); }

    /**
     * @return per-port CSV: tier,switch,port,name,peer,rate_Gbps,tx_bytes,util_pct,
     * queue_peak_B,queue_mean_B. util_pct is frame bytes x 8 over rate x the active window
     * (first sample to the last sample that saw traffic); preamble, gap and FCS are not
     * counted, so 4096 B frames top out near 98%.
     */
    std::string UtilizationCsv() const;

    /// @return long-format CSV time_us,port,queue_B,util_pct for the watched (or deepest)
    /// ports; util_pct is the frame bytes the port sent since the previous sample over its
    /// rate x the interval (0 at the first sample)
    std::string QueueCsv() const;

private:
    /// One monitored egress port.
    struct Port
    {
        Ptr<SwitchPort> device;       //!< the port (released by Stop)
        std::string name;             //!< "leaf0:64"
        std::string switchName;       //!< "leaf0"
        uint8_t tier {0};             //!< 0 leaf, 1 spine, 2 core
        uint16_t index {0};           //!< port index on the switch
        std::string peer;             //!< "spine3" or "gpu17"
        double rateBps {0};           //!< line rate
        uint64_t firstTx {0};         //!< txBytes at the first sample
        uint64_t lastTx {0};          //!< txBytes at the latest sample
        uint64_t peakQueue {0};       //!< deepest queue seen
        double sumQueue {0};          //!< sum of samples up to the last active one
        double pendingSum {0};        //!< sum of samples since the last active one
        bool watched {false};         //!< always keep its series
        std::vector<uint32_t> series; //!< queue bytes per sample (saturated at 4 GiB)
        std::vector<uint32_t> sent;   //!< frame bytes sent since the previous sample
    };

    /// Take one sample and schedule the next.
    void Sample();

    Time m_interval {MicroSeconds(5)}; //!< sampling period
    Time m_idleStop {MilliSeconds(1)}; //!< stop after this long idle
    std::vector<std::string> m_watch;  //!< requested ports
    uint32_t m_top {8};                //!< deepest ports to report without m_watch
    std::vector<Port> m_ports;         //!< monitored ports
    std::vector<Time> m_times;         //!< sample times
    std::size_t m_activeSamples {0};   //!< samples up to the last active one
    Time m_lastActive {-1};            //!< last sample that saw traffic
    bool m_recordAll {true};           //!< series of every port (until the budget is hit)
    EventId m_event;                   //!< next sample
};

} // namespace fabric
} // namespace ns3

#endif
