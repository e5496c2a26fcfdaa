/*
 * Telemetry-driven congestion control (Spectrum-X style; HPCC, Li et al., SIGCOMM'19).
 */
#include "telemetry-cc.h"

#include "model/sim/fabric-simulator-impl.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TelemetryCongestionControl");
NS_OBJECT_ENSURE_REGISTERED(TelemetryCongestionControl);

TypeId
TelemetryCongestionControl::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::TelemetryCongestionControl")
              .SetParent<CongestionControl>()
              .SetGroupName("Fabric")
              .AddConstructor<TelemetryCongestionControl>()
              .AddAttribute("TargetUtilization",
                            "Target utilization of the most loaded link (eta).",
                            DoubleValue(0.95),
                            MakeDoubleAccessor(&TelemetryCongestionControl::SetEta,
                                               &TelemetryCongestionControl::GetEta),
                            MakeDoubleChecker<double>(0.1, 1.0))
              .AddAttribute("MaxStage",
                            "Additive steps before a multiplicative update.",
                            UintegerValue(5),
                            MakeUintegerAccessor(&TelemetryCongestionControl::SetMaxStage,
                                                 &TelemetryCongestionControl::GetMaxStage),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("RateAi",
                            "Additive increase as a rate; W_ai = RateAi x base RTT.",
                            DataRateValue(DataRate("50Mbps")),
                            MakeDataRateAccessor(&TelemetryCongestionControl::SetRateAi,
                                                 &TelemetryCongestionControl::GetRateAi),
                            MakeDataRateChecker())
              .AddAttribute(
                  "WindowSlack",
                  "Bytes in flight may reach this multiple of the window W (pacing at "
                  "W / T sets the rate); 1 (the default) is HPCC's strict window. More lets "
                  "a flow keep its rate when its RTT exceeds the idle one (queues), at the "
                  "cost of larger queues when many flows start at once.",
                  DoubleValue(1.0),
                  MakeDoubleAccessor(&TelemetryCongestionControl::SetWindowSlack,
                                     &TelemetryCongestionControl::GetWindowSlack),
                  MakeDoubleChecker<double>(1.0, 16.0))
              .AddAttribute("MinRate",
                            "Lowest pacing rate.",
                            DataRateValue(DataRate("100Mbps")),
                            MakeDataRateAccessor(&TelemetryCongestionControl::SetMinRate,
                                                 &TelemetryCongestionControl::GetMinRate),
                            MakeDataRateChecker())
              .AddAttribute(
                  "IdleRestartRtts",
                  "A queue pair that had nothing in flight for this many base RTTs starts "
                  "over as a new flow when it is given data again (W = one bandwidth-delay "
                  "product, HPCC's W_init): with no packet in flight it received no "
                  "telemetry, so its window no longer describes the path. 0: the window "
                  "carries over any idle time (a queue pair reused by the next iteration of a "
                  "collective then starts at the window the previous one ended with).",
                  DoubleValue(1.0),
                  MakeDoubleAccessor(&TelemetryCongestionControl::SetIdleRestartRtts,
                                     &TelemetryCongestionControl::GetIdleRestartRtts),
                  MakeDoubleChecker<double>(0))
              .AddAttribute("InitialWindow",
                            "W (and Wc) of a new queue pair, or one starting over after idle, as a "
                            "fraction of one bandwidth-delay product (line rate x base RTT). 1 is "
                            "HPCC's W_init: a new flow starts at line rate.",
                            DoubleValue(1.0),
                            MakeDoubleAccessor(&TelemetryCongestionControl::SetInitialWindow,
                                               &TelemetryCongestionControl::GetInitialWindow),
                            MakeDoubleChecker<double>(0.001, 1.0));
    return tid;
}

TelemetryCongestionControl::TelemetryCongestionControl() = default;

void
TelemetryCongestionControl::DoStart()
{
    double t = m_baseRtt.GetSeconds();
    m_wai = m_params->rateAi.GetBitRate() * t / 8.0;
    m_refWindow = m_params->initialWindow * m_lineRateBps * t / 8.0; // HPCC: one BDP
    SetWindow(m_refWindow);
}

void
TelemetryCongestionControl::DoRestart()
{
    m_u = 0;
    m_stage = 0;
    m_uHop.fill(0);
    m_qHop.fill(0);
    m_lastAck = Time(-1);
    // m_lastUpdatePsn stays: the next ACK (of a PSN past it) updates Wc, as after Start.
    DoStart();
}

void
TelemetryCongestionControl::SetWindow(double w)
{
    double t = m_baseRtt.GetSeconds();
    double minWindow = m_params->minRate.GetBitRate() * t / 8.0;
    double maxWindow = m_lineRateBps * t / 8.0;
    m_windowBytes = std::clamp(w, minWindow, maxWindow);
    m_rateBps = static_cast<uint64_t>(m_windowBytes * 8.0 / t);
    // In flight may exceed W by the slack factor: the pacing rate W / T sets the throughput,
    // and the RTT a sprayed flow sees exceeds the idle base RTT T. The window never stalls a
    // QP below one packet.
    CongestionControl::m_windowBytes
        = static_cast<uint64_t>(std::max(m_windowBytes * m_params->windowSlack, 4096.0));
}

void
TelemetryCongestionControl::OnAck(const AckEvent& ack)
{
    if (!ack.telemetry || ack.telemetry->m_nHops == 0)
    {
        return;
    }
    const TelemetryHeader& t = *ack.telemetry;
    double baseRtt = m_baseRtt.GetSeconds();
    // Utilization of each hop position along the path: its queue (as a fraction of one base
    // RTT at line rate) plus the port's measured transmit utilization, each smoothed over one
    // base RTT on its own; the most utilized position decides. (Smoothing before taking the
    // maximum matters under per-packet routing: consecutive records of a position come from
    // different ports, and the maximum of noisy samples overstates the true maximum.)
    Time now = FastNow();
    double tau = m_lastAck.IsStrictlyNegative() ? baseRtt
                                                : std::min((now - m_lastAck).GetSeconds(), baseRtt);
    m_lastAck = now;
    double u = 0;
    for (uint32_t i = 0; i < t.m_nHops; ++i)
    {
        const TelemetryHop& hop = t.m_hops[i];
        if (hop.rateBps == 0)
        {
            continue;
        }
        // HPCC's filter: the smaller of this record's queue and the previous one at the same
        // position, so a queue that one packet found and the next did not counts as transient.
        // (A record carries at most 65,535 x 80 bytes, so 32 bits hold it.)
        uint32_t queue = static_cast<uint32_t>(std::min<uint64_t>(hop.queueBytes, UINT32_MAX));
        uint64_t q = std::min(queue, m_qHop[i]);
        m_qHop[i] = queue;
        double ui = q * 8.0 / (hop.rateBps * baseRtt) + hop.txUtilization;
        m_uHop[i] = (m_uHop[i] * (baseRtt - tau) + ui * tau) / baseRtt;
        u = std::max(u, m_uHop[i]);
    }
    m_u = u;
    bool updateRef = static_cast<int32_t>(ack.ackedPsn - m_lastUpdatePsn) > 0;
    // The reference window lives in the same bounds as the window (HPCC's reference code
    // clamps the reference rate to [MinRate, line rate]): a Wc below the floor would make a
    // flow at the floor climb back from a window it never used.
    double minWindow = m_params->minRate.GetBitRate() * baseRtt / 8.0;
    double maxWindow = m_lineRateBps * baseRtt / 8.0;
    double w;
    if (m_u >= m_params->eta || m_stage >= m_params->maxStage)
    {
        w = m_refWindow / (m_u / m_params->eta) + m_wai;
        if (updateRef)
        {
            m_stage = 0;
            m_refWindow = std::clamp(w, minWindow, maxWindow);
        }
    }
    else
    {
        w = m_refWindow + m_wai;
        if (updateRef)
        {
            m_stage++;
            m_refWindow = std::clamp(w, minWindow, maxWindow);
        }
    }
    if (updateRef)
    {
        m_lastUpdatePsn = ack.nextPsn;
    }
    SetWindow(w);
}

} // namespace fabric
} // namespace ns3
