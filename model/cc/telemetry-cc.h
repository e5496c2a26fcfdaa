/*
 * Telemetry-driven congestion control (Spectrum-X style; HPCC, Li et al., SIGCOMM'19).
 */
#ifndef FABRIC_TELEMETRY_CC_H
#define FABRIC_TELEMETRY_CC_H

#include "congestion-control.h"
#include "model/headers/telemetry-header.h"

#include "ns3/data-rate.h"

#include <array>

namespace ns3
{
namespace fabric
{

/**
 * @brief Window and pacing from in-band telemetry: the sender reads, from each ACK's echoed
 * per-hop records, every link's utilization u = queue / (rate x T) + transmit utilization
 * (queue: the smaller of this record's and the previous one's at that hop, HPCC's filter),
 * smooths each hop position over one base RTT T, takes the most utilized position U, and
 * sets the window
 *   W = Wc x eta / U + W_ai   when U >= eta or after MaxStage additive steps,
 *   W = Wc + W_ai             otherwise,
 * updating the reference window Wc once per RTT. The pacing rate is W / T. eta = 0.95,
 * MaxStage = 5, W_ai = RateAi x T (HPCC defaults). NVIDIA's Spectrum-X algorithm is not
 * public; this is the published algorithm closest to what NVIDIA describes.
 */
class TelemetryCongestionControl : public CongestionControl
{
public:
    static TypeId GetTypeId();
    TelemetryCongestionControl();

    void OnAck(const AckEvent& ack) override;

    const char* GetName() const override { return "telemetry"; }

    Ptr<CongestionControl> Clone() const override
    {
        return CopyObject<TelemetryCongestionControl>(this);
    }

    bool WantsTelemetry() const override { return true; }

    Time GetIdleRestart() const override { return m_baseRtt * m_params->idleRestartRtts; }

    /// Restart keeps m_lastUpdatePsn where a new instance has 0; either way the first ACK of
    /// new data updates Wc, as a queue pair restarts only with everything acknowledged (so
    /// that ACK is beyond every PSN sent before): a new instance behaves as the restarted one.
    bool ForgetsOnRestart() const override { return true; }

    /// @return the smoothed utilization of the most loaded hop
    double GetUtilization() const { return m_u; }

protected:
    void DoStart() override;
    void DoRestart() override;

private:
    /// Apply window W to the window and the pacing rate.
    void SetWindow(double w);

    /// The algorithm's parameters (its attributes), shared by the copies a NIC makes for its
    /// queue pairs (Clone; SharedParams).
    struct Params : SimpleRefCount<Params>
    {
        double eta {0.95};          //!< target utilization
        uint32_t maxStage {5};      //!< additive steps before a multiplicative update
        DataRate rateAi;            //!< additive increase, as a rate (W_ai = RateAi x T)
        DataRate minRate;           //!< floor of the pacing rate
        double windowSlack {1.0};   //!< in-flight cap as a multiple of W
        double idleRestartRtts {1}; //!< idle base RTTs after which a QP starts over (0: never)
        double initialWindow {1};   //!< W at start, as a fraction of one bandwidth-delay product
    };

    // Attribute accessors.
    void SetEta(double v) { m_params.Own().eta = v; }

    double GetEta() const { return m_params->eta; }

    void SetMaxStage(uint32_t v) { m_params.Own().maxStage = v; }

    uint32_t GetMaxStage() const { return m_params->maxStage; }

    void SetRateAi(DataRate v) { m_params.Own().rateAi = v; }

    DataRate GetRateAi() const { return m_params->rateAi; }

    void SetMinRate(DataRate v) { m_params.Own().minRate = v; }

    DataRate GetMinRate() const { return m_params->minRate; }

    void SetWindowSlack(double v) { m_params.Own().windowSlack = v; }

    double GetWindowSlack() const { return m_params->windowSlack; }

    void SetIdleRestartRtts(double v) { m_params.Own().idleRestartRtts = v; }

    double GetIdleRestartRtts() const { return m_params->idleRestartRtts; }

    void SetInitialWindow(double v) { m_params.Own().initialWindow = v; }

    double GetInitialWindow() const { return m_params->initialWindow; }

    SharedParams<Params> m_params; //!< parameters (shared with the prototype this was cloned from)
    double m_windowBytes {0};      //!< W
    double m_refWindow {0};        //!< Wc
    double m_wai {0};              //!< W_ai, bytes
    double m_u {0};                //!< smoothed utilization
    uint32_t m_stage {0};          //!< additive steps since the last multiplicative update
    uint32_t m_lastUpdatePsn {0};  //!< Wc is updated when ACKs pass this PSN
    std::array<double, TelemetryHeader::MAX_HOPS> m_uHop {};   //!< smoothed utilization per hop
    std::array<uint32_t, TelemetryHeader::MAX_HOPS> m_qHop {}; //!< last queue per hop position
    Time m_lastAck {-1}; //!< time of the previous ACK with telemetry
};

} // namespace fabric
} // namespace ns3

#endif
