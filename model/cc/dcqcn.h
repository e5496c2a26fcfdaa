/*
 * DCQCN reaction point (Zhu et al., SIGCOMM'15), with NVIDIA-style defaults.
 */
#ifndef FABRIC_DCQCN_H
#define FABRIC_DCQCN_H

#include "congestion-control.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"

namespace ns3
{
namespace fabric
{

/**
 * @brief DCQCN sender (reaction point): rate-based, driven by CNPs.
 *
 * Defaults are the ConnectX firmware's (each attribute names its mlxconfig field).
 * - On a CNP, at most once per RateDecreaseInterval: Rt = Rc if the rate rose since the last
 *   cut (ConnectX CLAMP_TGT_RATE 0 with CLAMP_TGT_RATE_AFTER_TIME_INC 1); Rc = Rc (1 - alpha/2);
 *   alpha = (1 - g) alpha + g; the increase counters restart.
 * - Without CNPs, alpha decays: alpha = (1 - g) alpha per AlphaUpdateInterval (computed when
 *   next needed, not by a timer per interval).
 * - Rate increase events come from a timer (IncreaseTimer) and a byte counter (ByteCounter):
 *   while both counters are below FastRecoverySteps: fast recovery Rc = (Rt + Rc) / 2;
 *   when both exceed it: hyper increase Rt += i x RateHai (i = steps beyond); otherwise
 *   additive increase Rt += RateAi; then Rc = (Rt + Rc) / 2. Rates stay within
 *   [MinRate, line rate].
 * The CNPs come from the receiver NIC when switches mark ECN (see FabricSwitch EcnEnabled).
 */
class DcqcnCongestionControl : public CongestionControl
{
public:
    static TypeId GetTypeId();
    DcqcnCongestionControl();
    ~DcqcnCongestionControl() override;

    void OnSend(uint32_t payloadBytes) override;
    void OnCnp() override;

    const char* GetName() const override { return "dcqcn"; }

    Ptr<CongestionControl> Clone() const override
    {
        return CopyObject<DcqcnCongestionControl>(this);
    }

    bool NeedsEcnMarking() const override { return true; }

    /// @return alpha after bringing its decay up to now
    double GetAlpha();

    /// @return alpha as GetAlpha() would return it now, without updating the state (an
    /// observer's read: the decay is applied in one step later, as without the read)
    double PeekAlpha() const;

    /// @return the target rate Rt, bits per second
    uint64_t GetTargetRateBps() const { return m_targetBps; }

protected:
    void DoStart() override;
    void DoRestart() override;
    void DoDispose() override;

private:
    /// @return whole AlphaUpdateIntervals elapsed since alpha's last update
    int64_t AlphaIntervalsElapsed() const;
    /// Apply the alpha decay of the whole intervals elapsed since the last update.
    void DecayAlpha();
    /// One rate-increase event.
    void Increase(bool fromTimer);
    /// The increase timer fired.
    void TimerExpired();

    /// The algorithm's parameters (its attributes), shared by the copies a NIC makes for its
    /// queue pairs (Clone; SharedParams).
    struct Params : SimpleRefCount<Params>
    {
        double g {5.0 / 1024};          //!< alpha gain
        double initialAlpha {1.0};      //!< alpha at start
        DataRate rateAi;                //!< additive increase step
        DataRate rateHai;               //!< hyper increase step
        DataRate minRate;               //!< floor of the rate
        Time decreaseInterval;          //!< minimum time between two rate cuts
        Time alphaInterval;             //!< alpha decay period
        Time increaseTimer;             //!< rate increase timer period
        uint64_t byteCounter {0};       //!< bytes per byte-counter increase event
        uint32_t fastRecoverySteps {1}; //!< F
    };

    // Attribute accessors.
    void SetG(double v) { m_params.Own().g = v; }

    double GetG() const { return m_params->g; }

    void SetInitialAlpha(double v) { m_params.Own().initialAlpha = v; }

    double GetInitialAlpha() const { return m_params->initialAlpha; }

    void SetRateAi(DataRate v) { m_params.Own().rateAi = v; }

    DataRate GetRateAi() const { return m_params->rateAi; }

    void SetRateHai(DataRate v) { m_params.Own().rateHai = v; }

    DataRate GetRateHai() const { return m_params->rateHai; }

    void SetMinRate(DataRate v) { m_params.Own().minRate = v; }

    DataRate GetMinRate() const { return m_params->minRate; }

    void SetDecreaseInterval(Time v) { m_params.Own().decreaseInterval = v; }

    Time GetDecreaseInterval() const { return m_params->decreaseInterval; }

    void SetAlphaInterval(Time v) { m_params.Own().alphaInterval = v; }

    Time GetAlphaInterval() const { return m_params->alphaInterval; }

    void SetIncreaseTimer(Time v) { m_params.Own().increaseTimer = v; }

    Time GetIncreaseTimer() const { return m_params->increaseTimer; }

    void SetByteCounter(uint64_t v) { m_params.Own().byteCounter = v; }

    uint64_t GetByteCounter() const { return m_params->byteCounter; }

    void SetFastRecoverySteps(uint32_t v) { m_params.Own().fastRecoverySteps = v; }

    uint32_t GetFastRecoverySteps() const { return m_params->fastRecoverySteps; }

    SharedParams<Params> m_params; //!< parameters (shared with the prototype this was cloned from)

    double m_alpha {1.0};          //!< congestion estimate
    Time m_alphaUpdated {0};       //!< time alpha was last brought up to date
    uint64_t m_targetBps {0};      //!< Rt
    Time m_lastDecrease {-1};      //!< time of the last rate cut
    uint32_t m_timerSteps {0};     //!< increase events from the timer since the last cut
    uint32_t m_byteSteps {0};      //!< increase events from the byte counter since the last cut
    uint64_t m_bytesSinceStep {0}; //!< bytes sent toward the next byte-counter event
    EventId m_timer;               //!< increase timer
};

} // namespace fabric
} // namespace ns3

#endif
