/*
 * DCQCN reaction point (Zhu et al., SIGCOMM'15), with NVIDIA-style defaults.
 */
#include "dcqcn.h"

#include "model/sim/fabric-simulator-impl.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("DcqcnCongestionControl");
NS_OBJECT_ENSURE_REGISTERED(DcqcnCongestionControl);

TypeId
DcqcnCongestionControl::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::DcqcnCongestionControl")
              .SetParent<CongestionControl>()
              .SetGroupName("Fabric")
              .AddConstructor<DcqcnCongestionControl>()
              .AddAttribute(
                  "G",
                  "Alpha gain g: alpha = (1 - g) alpha + g per AlphaUpdateInterval "
                  "with a CNP, (1 - g) alpha without. ConnectX DCE_TCP_G = 1019 is "
                  "the weight of the old alpha in 1/1024: g = 5/1024.",
                  DoubleValue(5.0 / 1024),
                  MakeDoubleAccessor(&DcqcnCongestionControl::SetG, &DcqcnCongestionControl::GetG),
                  MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("InitialAlpha",
                            "Alpha when the queue pair starts.",
                            DoubleValue(1.0),
                            MakeDoubleAccessor(&DcqcnCongestionControl::SetInitialAlpha,
                                               &DcqcnCongestionControl::GetInitialAlpha),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("RateAi",
                            "Additive increase step (ConnectX RPG_AI_RATE 5 Mb/s).",
                            DataRateValue(DataRate("5Mbps")),
                            MakeDataRateAccessor(&DcqcnCongestionControl::SetRateAi,
                                                 &DcqcnCongestionControl::GetRateAi),
                            MakeDataRateChecker())
              .AddAttribute("RateHai",
                            "Hyper increase step (ConnectX RPG_HAI_RATE 50 Mb/s).",
                            DataRateValue(DataRate("50Mbps")),
                            MakeDataRateAccessor(&DcqcnCongestionControl::SetRateHai,
                                                 &DcqcnCongestionControl::GetRateHai),
                            MakeDataRateChecker())
              .AddAttribute("MinRate",
                            "Lowest sending rate (ConnectX RPG_MIN_RATE 1 Mb/s).",
                            DataRateValue(DataRate("1Mbps")),
                            MakeDataRateAccessor(&DcqcnCongestionControl::SetMinRate,
                                                 &DcqcnCongestionControl::GetMinRate),
                            MakeDataRateChecker())
              .AddAttribute("RateDecreaseInterval",
                            "Minimum time between two rate cuts (ConnectX "
                            "RATE_REDUCE_MONITOR_PERIOD 4 us).",
                            TimeValue(MicroSeconds(4)),
                            MakeTimeAccessor(&DcqcnCongestionControl::SetDecreaseInterval,
                                             &DcqcnCongestionControl::GetDecreaseInterval),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("AlphaUpdateInterval",
                            "Alpha update period (ConnectX DCE_TCP_RTT 1 us): alpha decays by "
                            "(1 - g) per interval without a CNP.",
                            TimeValue(MicroSeconds(1)),
                            MakeTimeAccessor(&DcqcnCongestionControl::SetAlphaInterval,
                                             &DcqcnCongestionControl::GetAlphaInterval),
                            MakeTimeChecker(NanoSeconds(1)))
              .AddAttribute("IncreaseTimer",
                            "Period of the rate-increase timer (ConnectX RPG_TIME_RESET 300 us).",
                            TimeValue(MicroSeconds(300)),
                            MakeTimeAccessor(&DcqcnCongestionControl::SetIncreaseTimer,
                                             &DcqcnCongestionControl::GetIncreaseTimer),
                            MakeTimeChecker(NanoSeconds(1)))
              .AddAttribute("ByteCounter",
                            "Bytes sent per byte-counter increase event: ConnectX "
                            "RPG_BYTE_RESET 32767 in 64-byte units (2,097,088 B; the unit as "
                            "Google's isekai DCQCN model reads it, NVIDIA's text says bytes); "
                            "the DCQCN paper used 10 MB.",
                            UintegerValue(32767 * 64),
                            MakeUintegerAccessor(&DcqcnCongestionControl::SetByteCounter,
                                                 &DcqcnCongestionControl::GetByteCounter),
                            MakeUintegerChecker<uint64_t>(1))
              .AddAttribute("FastRecoverySteps",
                            "Increase events spent in fast recovery (F; ConnectX RPG_THRESHOLD "
                            "1).",
                            UintegerValue(1),
                            MakeUintegerAccessor(&DcqcnCongestionControl::SetFastRecoverySteps,
                                                 &DcqcnCongestionControl::GetFastRecoverySteps),
                            MakeUintegerChecker<uint32_t>());
    return tid;
}

DcqcnCongestionControl::DcqcnCongestionControl() = default;

DcqcnCongestionControl::~DcqcnCongestionControl() = default;

void
DcqcnCongestionControl::DoDispose()
{
    m_timer.Cancel();
    CongestionControl::DoDispose();
}

void
DcqcnCongestionControl::DoStart()
{
    m_alpha = m_params->initialAlpha;
    m_alphaUpdated = FastNow();
    m_targetBps = m_lineRateBps;
}

void
DcqcnCongestionControl::DoRestart()
{
    m_timer.Cancel();
    m_lastDecrease = Time(-1);
    m_timerSteps = 0;
    m_byteSteps = 0;
    m_bytesSinceStep = 0;
    DoStart();
}

int64_t
DcqcnCongestionControl::AlphaIntervalsElapsed() const
{
    return (FastNow() - m_alphaUpdated).GetTimeStep() / m_params->alphaInterval.GetTimeStep();
}

void
DcqcnCongestionControl::DecayAlpha()
{
    int64_t intervals = AlphaIntervalsElapsed();
    if (intervals > 0)
    {
        m_alpha *= std::pow(1.0 - m_params->g, static_cast<double>(intervals));
        m_alphaUpdated += m_params->alphaInterval * intervals;
    }
}

double
DcqcnCongestionControl::PeekAlpha() const
{
    int64_t intervals = AlphaIntervalsElapsed();
    return intervals > 0 ? m_alpha * std::pow(1.0 - m_params->g, static_cast<double>(intervals))
                         : m_alpha;
}

double
DcqcnCongestionControl::GetAlpha()
{
    DecayAlpha();
    return m_alpha;
}

void
DcqcnCongestionControl::OnCnp()
{
    Time now = FastNow();
    if (!m_lastDecrease.IsStrictlyNegative() && now - m_lastDecrease < m_params->decreaseInterval)
    {
        return;
    }
    DecayAlpha();
    m_lastDecrease = now;
    // ConnectX (CLAMP_TGT_RATE 0, CLAMP_TGT_RATE_AFTER_TIME_INC 1): the target follows the
    // current rate only when the rate rose since the last cut; back-to-back cuts keep it.
    if (m_timerSteps + m_byteSteps > 0)
    {
        m_targetBps = m_rateBps;
    }
    double cut = static_cast<double>(m_rateBps) * (1.0 - m_alpha / 2.0);
    m_rateBps = std::max(static_cast<uint64_t>(cut), m_params->minRate.GetBitRate());
    m_alpha = (1.0 - m_params->g) * m_alpha + m_params->g;
    m_alphaUpdated = now;
    m_timerSteps = 0;
    m_byteSteps = 0;
    m_bytesSinceStep = 0;
    m_timer.Cancel();
    m_timer
        = Simulator::Schedule(m_params->increaseTimer, &DcqcnCongestionControl::TimerExpired, this);
    NS_LOG_LOGIC("CNP: rate " << m_rateBps << " target " << m_targetBps << " alpha " << m_alpha);
}

void
DcqcnCongestionControl::OnSend(uint32_t payloadBytes)
{
    if (m_rateBps >= m_lineRateBps)
    {
        return; // at line rate: nothing to recover
    }
    m_bytesSinceStep += payloadBytes;
    if (m_bytesSinceStep >= m_params->byteCounter)
    {
        m_bytesSinceStep = 0;
        Increase(false);
    }
}

void
DcqcnCongestionControl::TimerExpired()
{
    Increase(true);
    NotifyRateRaised();
    if (m_rateBps < m_lineRateBps)
    {
        m_timer = Simulator::Schedule(
            m_params->increaseTimer, &DcqcnCongestionControl::TimerExpired, this);
    }
}

void
DcqcnCongestionControl::Increase(bool fromTimer)
{
    (fromTimer ? m_timerSteps : m_byteSteps)++;
    uint32_t f = m_params->fastRecoverySteps;
    if (std::max(m_timerSteps, m_byteSteps) < f)
    {
        // fast recovery: Rt unchanged
    }
    else if (std::min(m_timerSteps, m_byteSteps) > f)
    {
        uint32_t i = std::min(m_timerSteps, m_byteSteps) - f;
        m_targetBps += i * m_params->rateHai.GetBitRate();
    }
    else
    {
        m_targetBps += m_params->rateAi.GetBitRate();
    }
    m_targetBps = std::min(m_targetBps, m_lineRateBps);
    // Round up: rounding down would leave Rc one bit/s below Rt forever.
    m_rateBps = std::min((m_targetBps + m_rateBps + 1) / 2, m_lineRateBps);
}

} // namespace fabric
} // namespace ns3
