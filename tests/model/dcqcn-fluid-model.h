/*
 * Independent fluid model of DCQCN, used as a reference by the congestion-control tests.
 *
 * Source: Y. Zhu et al., "Congestion Control for Large-Scale RDMA Deployments", SIGCOMM 2015,
 * section 5 ("Analysis of DCQCN"), the delay-differential equations for alpha, the target rate
 * R_T, the current rate R_C and the bottleneck queue q, here extended to N flows that may start
 * at different times. Nothing in this file comes from the project's model/ code.
 *
 * Units: internally rates are in packets/s and the queue in packets, a packet being
 * mtuWireBytes on the wire (rate_pps = rate_bps / (8 * mtuWireBytes)); every input and output
 * is in bits/s, bytes and seconds.
 *
 * Deviations from the paper's model, all deliberate:
 *  - R_C and R_T are clamped to [minRateBps, lineRateBps] (the paper leaves R_C unbounded).
 *  - A flow is frozen at R_C = R_T = line rate, alpha = initialAlpha from its start until
 *    start + feedbackDelaySeconds, when the first feedback on its own packets can arrive.
 *  - The increase terms use the closed forms with log1p/expm1, so the pd -> 0 limits
 *    (Rd/B byte-counter events/s and 1/T timer events/s) are exact.
 * Integration: explicit Euler with step dtSeconds; delayed values (p and each R_C) come from
 * ring buffers of round(feedbackDelaySeconds / dtSeconds) steps. Fastest rates are g/tau' and
 * the byte-counter event rate (~1e6/s at 400G, B = 32 KB), so Euler is stable far above 1e-7 s;
 * dt = 1e-8 s keeps rates within ~0.5% of dt = 2e-9 s. Like the paper's model, increases are
 * fast recovery + additive only (no hyper increase), so recovery from a deep cut is slow.
 *
 * Extension (off by default; DcqcnFluidParams::stages and ::targetKeptOnBackToBackCuts): the
 * ConnectX reaction point's recovery stages and target clamp, in the same mean-field spirit as
 * the paper's cut and increase terms. Per flow, cT and cB are the expected numbers of timer and
 * byte-counter events since the last cut: dc/dt = events/s - c * cuts/s (a cut resets them).
 * An event's R_T step is the stage's step at the counters it makes (cT + 1 or cB + 1): 0 in
 * fast recovery, R_AI in additive, (min - F) * R_HAI in hyper. With the target clamp, a cut
 * resets R_T to R_C only if an increase happened since the previous cut, probability
 * 1 - exp(-(cT + cB)). With countersFromLastCut, the time and the packets since the last cut
 * are mean-field variables too (da/dt = 1 - a * cuts/s, ds/dt = R_C - s * cuts/s): timer
 * events come at 1/T once a >= T, byte-counter events at R_C/B once s >= B.
 */
#ifndef DCQCN_FLUID_MODEL_H
#define DCQCN_FLUID_MODEL_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace fabric_test
{

/// Parameters of the fluid model. Defaults: 400G, DCQCN timers as in this project.
struct DcqcnFluidParams
{
    double lineRateBps = 400e9;      ///< NIC line rate C_line; also the start rate
    double bottleneckBps = 400e9;    ///< bottleneck capacity C
    uint32_t flows = 2;              ///< N
    double mtuWireBytes = 4178;      ///< bytes per packet on the wire (bits<->packets)
    double kminBytes = 800e3;        ///< RED/ECN Kmin
    double kmaxBytes = 3200e3;       ///< RED/ECN Kmax
    double pmax = 0.2;               ///< marking probability at Kmax
    double g = 1.0 / 256;            ///< alpha gain
    double initialAlpha = 1.0;       ///< alpha at flow start
    double tauSeconds = 4e-6;        ///< tau: CNP / rate-decrease interval (paper 50 us)
    double tauAlphaSeconds = 1e-6;   ///< tau': alpha update interval (paper 55 us)
    double timerSeconds = 300e-6;    ///< T: rate-increase timer
    double byteCounterBytes = 32767; ///< B: rate-increase byte counter
    double rateAiBps = 5e6;          ///< R_AI: additive increase step
    /// ConnectX recovery stages (off: the paper's model, every increase event adds R_AI).
    /// On: after a cut, the first fastRecoverySteps events of either counter leave R_T as it
    /// is (fast recovery), then R_AI per event (additive), and once both counters passed
    /// fastRecoverySteps, i * R_HAI with i = min(counters) - fastRecoverySteps (hyper).
    bool stages = false;
    uint32_t fastRecoverySteps = 1; ///< F
    double rateHaiBps = 50e6;       ///< R_HAI: hyper increase step
    /// ConnectX CLAMP_TGT_RATE 0: a cut resets R_T to R_C only when the rate rose since the
    /// previous cut (off: the paper's model, R_T = R_C at every cut).
    bool targetKeptOnBackToBackCuts = false;
    /// ConnectX: the increase timer and the byte counter restart at each cut, so the first
    /// timer event comes T after the last cut and the first byte-counter event after B bytes
    /// sent since it (off: the paper's model, events whenever T or B passes without a mark).
    bool countersFromLastCut = false;
    double minRateBps = 1e6;            ///< lower clamp of R_C and R_T
    double feedbackDelaySeconds = 5e-6; ///< tau*: marking -> rate reaction delay
    double dtSeconds = 1e-8;            ///< Euler step
    double durationSeconds = 2e-3;      ///< simulated time
    std::vector<double> startSeconds;   ///< per-flow start times; empty = all at 0
    double finalWindowFraction = 0.25;  ///< means are taken over the last fraction of the run
    double convergeBand = 0.1;          ///< relative band for convergeTimeS
};

/// Sampled trajectories and summary metrics.
struct DcqcnFluidResult
{
    std::vector<double> timeS;                ///< sample times
    std::vector<double> queueBytes;           ///< queue at each sample
    std::vector<std::vector<double>> rateBps; ///< [flow][sample] R_C (0 before the flow starts)
    std::vector<std::vector<double>> alpha;   ///< [flow][sample]
    double queuePeakBytes = 0;                ///< max queue over every step
    double queuePeakTimeS = 0;                ///< time of that max
    /// First sample time after which, at every later sample, every flow's rate stays within
    /// (1 +- convergeBand) * its meanRateBps; 0 if always inside. -1 (not converged) if the last
    /// sample is outside, or if the sum of meanRateBps is below (1 - convergeBand) *
    /// min(bottleneck, line rate * flows started before the final window), i.e. the flows have
    /// not yet recovered to use the link.
    double convergeTimeS = 0;
    std::vector<double> meanRateBps; ///< per flow, mean of R_C over the final window (every step)
    double finalQueueMeanBytes = 0;  ///< mean queue over the final window (every step)
};

/// 1 - (1-p)^n: probability that at least one of n packets is marked.
inline double
DcqcnAnyMarked(double p, double n)
{
    if (p >= 1.0)
    {
        return n > 0 ? 1.0 : 0.0;
    }
    return -std::expm1(n * std::log1p(-p));
}

/// p / ((1-p)^(-n) - 1): events/s per packet/s of an increase counter that fires after n
/// unmarked packets; tends to 1/n as p -> 0 and to 0 as p -> 1.
inline double
DcqcnUnmarkedRun(double p, double n)
{
    if (p >= 1.0)
    {
        return 0.0;
    }
    double y = -n * std::log1p(-p);
    if (p <= 0.0 || y <= 0.0)
    {
        return 1.0 / n;
    }
    return p / std::expm1(y);
}

/// Marking probability of the bottleneck queue (RED ramp, paper sec. 5 / DCQCN CP algorithm).
inline double
DcqcnMarkProbability(const DcqcnFluidParams& prm, double qBytes)
{
    if (qBytes <= prm.kminBytes)
    {
        return 0.0;
    }
    if (qBytes > prm.kmaxBytes)
    {
        return 1.0;
    }
    return prm.pmax * (qBytes - prm.kminBytes) / (prm.kmaxBytes - prm.kminBytes);
}

/// Integrate the N-flow DCQCN fluid model, sampling every @p sampleEverySeconds (>= dt).
inline DcqcnFluidResult
SimulateDcqcnFluid(const DcqcnFluidParams& prm, double sampleEverySeconds)
{
    const uint32_t n = prm.flows;
    const double toPps = 1.0 / (8.0 * prm.mtuWireBytes);
    const double dt = prm.dtSeconds;
    const double line = prm.lineRateBps * toPps;
    const double cap = prm.bottleneckBps * toPps;
    const double minRate = prm.minRateBps * toPps;
    const double rai = prm.rateAiBps * toPps;
    const double bPkts = prm.byteCounterBytes / prm.mtuWireBytes;
    const double tau = prm.tauSeconds;
    const double tauA = prm.tauAlphaSeconds;
    const auto steps = static_cast<uint64_t>(std::llround(prm.durationSeconds / dt));
    const auto delay = static_cast<size_t>(std::llround(prm.feedbackDelaySeconds / dt));
    const auto stride
        = static_cast<uint64_t>(std::max<long long>(1, std::llround(sampleEverySeconds / dt)));
    const double windowStart = (1.0 - prm.finalWindowFraction) * prm.durationSeconds;

    std::vector<double> start(n, 0.0);
    for (uint32_t i = 0; i < n && i < prm.startSeconds.size(); ++i)
    {
        start[i] = prm.startSeconds[i];
    }
    std::vector<double> rc(n, line), rt(n, line), al(n, prm.initialAlpha);
    std::vector<double> cT(n, 0.0), cB(n, 0.0);    // increase events since the last cut
    std::vector<double> age(n, 0.0), sent(n, 0.0); // seconds and packets since the last cut
    const double hai = prm.rateHaiBps * toPps;
    const double f = prm.fastRecoverySteps;
    // R_T step of an increase event that brings the counters to (x, y).
    auto step = [&](double x, double y) {
        if (!prm.stages)
        {
            return rai;
        }
        if (std::max(x, y) < f)
        {
            return 0.0;
        }
        if (std::min(x, y) > f)
        {
            return (std::min(x, y) - f) * hai;
        }
        return rai;
    };
    // Ring buffers of the last `delay` values: p (queue empty before t = 0) and each R_C.
    std::vector<double> pHist(std::max<size_t>(delay, 1), 0.0);
    std::vector<std::vector<double>> rHist(n, std::vector<double>(pHist.size(), line));
    double q = 0; // packets

    DcqcnFluidResult res;
    res.rateBps.assign(n, {});
    res.alpha.assign(n, {});
    res.meanRateBps.assign(n, 0.0);
    uint64_t windowSteps = 0;
    for (uint64_t k = 0; k <= steps; ++k)
    {
        const double t = static_cast<double>(k) * dt;
        const double qBytes = q * prm.mtuWireBytes;
        if (k % stride == 0)
        {
            res.timeS.push_back(t);
            res.queueBytes.push_back(qBytes);
            for (uint32_t i = 0; i < n; ++i)
            {
                res.rateBps[i].push_back(t >= start[i] ? rc[i] / toPps : 0.0);
                res.alpha[i].push_back(al[i]);
            }
        }
        if (qBytes > res.queuePeakBytes)
        {
            res.queuePeakBytes = qBytes;
            res.queuePeakTimeS = t;
        }
        if (t >= windowStart)
        {
            ++windowSteps;
            res.finalQueueMeanBytes += qBytes;
            for (uint32_t i = 0; i < n; ++i)
            {
                res.meanRateBps[i] += t >= start[i] ? rc[i] / toPps : 0.0;
            }
        }
        if (k == steps)
        {
            break;
        }

        const double p = DcqcnMarkProbability(prm, qBytes);
        const size_t slot = k % pHist.size();
        const double pd = delay ? pHist[slot] : p; // p(t - tau*)
        pHist[slot] = p;
        double sum = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            const double rd = delay ? rHist[i][slot] : rc[i]; // R_C(t - tau*)
            rHist[i][slot] = rc[i];
            sum += t >= start[i] ? rc[i] : 0.0;
            if (t < start[i] + prm.feedbackDelaySeconds)
            {
                continue; // not started, or no feedback on its own packets yet: frozen
            }
            // Probability that a tau window (resp. tau' window) holds at least one CNP.
            const double cutRate = DcqcnAnyMarked(pd, tau * rd) / tau;
            const double alphaHit = DcqcnAnyMarked(pd, tauA * rd);
            // Rate-increase events/s: byte counter (every B unmarked packets) and timer
            // (every T with no mark); -> rd/B and 1/T as pd -> 0.
            double byteEvents = rd * DcqcnUnmarkedRun(pd, bPkts);
            double timerEvents = rd * DcqcnUnmarkedRun(pd, prm.timerSeconds * rd);
            if (prm.countersFromLastCut)
            {
                byteEvents = sent[i] >= bPkts && rc[i] < line ? rd / bPkts : 0.0;
                timerEvents = age[i] >= prm.timerSeconds ? 1.0 / prm.timerSeconds : 0.0;
            }
            const double incEvents = byteEvents + timerEvents;
            // Share of cuts that reset R_T (all of them in the paper's model).
            const double resets
                = prm.targetKeptOnBackToBackCuts ? -std::expm1(-(cT[i] + cB[i])) : 1.0;
            // Alpha: EWMA with gain g every tau' toward 1 (marked window) or 0 (unmarked).
            const double dAl = prm.g / tauA * (alphaHit - al[i]);
            // R_T: reset to R_C on a cut (see resets); + the stage's step per increase event.
            const double dRt = -(rt[i] - rc[i]) * cutRate * resets
                             + timerEvents * step(cT[i] + 1, cB[i])
                             + byteEvents * step(cT[i], cB[i] + 1);
            // R_C: multiplicative cut by alpha/2 each cut; halfway to R_T per increase event.
            const double dRc = -rc[i] * al[i] / 2.0 * cutRate + (rt[i] - rc[i]) / 2.0 * incEvents;
            // Flows couple only through delayed terms, so updating in place is plain Euler.
            al[i] = std::clamp(al[i] + dt * dAl, 0.0, 1.0);
            rt[i] = std::clamp(rt[i] + dt * dRt, minRate, line);
            rc[i] = std::clamp(rc[i] + dt * dRc, minRate, line);
            cT[i] = std::max(0.0, cT[i] + dt * (timerEvents - cT[i] * cutRate));
            cB[i] = std::max(0.0, cB[i] + dt * (byteEvents - cB[i] * cutRate));
            age[i] = std::max(0.0, age[i] + dt * (1.0 - age[i] * cutRate));
            sent[i] = std::max(0.0, sent[i] + dt * (rd - sent[i] * cutRate));
        }
        // Queue: dq/dt = sum_i R_C^i - C, held at 0 when empty and draining.
        q = std::max(0.0, q + dt * (sum - cap));
    }

    if (windowSteps > 0)
    {
        res.finalQueueMeanBytes /= static_cast<double>(windowSteps);
        for (double& m : res.meanRateBps)
        {
            m /= static_cast<double>(windowSteps);
        }
    }
    // Convergence: scan back from the end for the last sample with a flow out of its band.
    double meanSum = 0;
    uint32_t active = 0;
    for (uint32_t i = 0; i < n; ++i)
    {
        meanSum += res.meanRateBps[i];
        active += start[i] < windowStart ? 1 : 0;
    }
    const double usable = std::min(prm.bottleneckBps, prm.lineRateBps * active);
    res.convergeTimeS = meanSum < (1.0 - prm.convergeBand) * usable ? -1.0 : 0.0;
    for (size_t s = res.timeS.size(); res.convergeTimeS == 0 && s-- > 0;)
    {
        bool inside = true;
        for (uint32_t i = 0; i < n && inside; ++i)
        {
            inside = std::abs(res.rateBps[i][s] - res.meanRateBps[i])
                  <= prm.convergeBand * res.meanRateBps[i];
        }
        if (!inside)
        {
            res.convergeTimeS = s + 1 < res.timeS.size() ? res.timeS[s + 1] : -1.0;
            break;
        }
    }
    return res;
}

} // namespace fabric_test

#endif // DCQCN_FLUID_MODEL_H
