/*
 * Congestion-control state over time.
 */
#include "cc-monitor.h"

#include "helper/fabric.h"
#include "model/cc/dcqcn.h"
#include "model/cc/telemetry-cc.h"

#include "ns3/simulator.h"

#include <cstdio>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

namespace
{

/// Parse a whole decimal number; false when @p text is not one.
bool
ParseIndex(const std::string& text, uint32_t* out)
{
    if (text.empty() || text.size() > 9
        || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    *out = static_cast<uint32_t>(std::stoul(text));
    return true;
}

} // namespace

void
CcMonitor::Watch(const std::vector<std::string>& qps)
{
    m_watch.clear();
    for (const auto& q : qps)
    {
        auto colon = q.find(':');
        std::string gpus = q.substr(0, colon);
        std::string qpn = colon == std::string::npos ? "*" : q.substr(colon + 1);
        WatchSpec w;
        auto dash = gpus.find('-');
        bool ok = dash == std::string::npos ? ParseIndex(gpus, &w.first)
                                            : ParseIndex(gpus.substr(0, dash), &w.first)
                                                  && ParseIndex(gpus.substr(dash + 1), &w.last);
        if (dash == std::string::npos)
        {
            w.last = w.first;
        }
        ok = ok && w.first <= w.last
          && (qpn == "*" || (ParseIndex(qpn, &w.qpn) && w.qpn >= RdmaNic::FIRST_QPN));
        if (!ok)
        {
            throw std::invalid_argument("queue pair '" + q
                                        + "': expected GPU:QPN, GPU:* or A-B:* (QP numbers "
                                          "start at 2)");
        }
        m_watch.push_back(w);
    }
}

void
CcMonitor::Attach(const Fabric& fabric)
{
    if (m_watch.empty())
    {
        m_watch.push_back({0, std::min<uint32_t>(3, fabric.NumGpus() - 1), 0}); // 0-3:*
    }
    for (const auto& w : m_watch)
    {
        if (w.last >= fabric.NumGpus())
        {
            throw std::invalid_argument("queue pair watch: GPU " + std::to_string(w.last)
                                        + " does not exist (the fabric has "
                                        + std::to_string(fabric.NumGpus()) + " GPUs)");
        }
    }
    m_nics = fabric.nics;
}

void
CcMonitor::Start()
{
    m_event.Cancel();
    m_lastActive = Simulator::Now();
    m_event = Simulator::ScheduleNow(&CcMonitor::Sample, this);
}

void
CcMonitor::Stop()
{
    m_event.Cancel();
    m_nics.clear();
}

void
CcMonitor::Sample()
{
    const Time now = Simulator::Now();
    bool active = false;
    char line[256];
    for (const auto& w : m_watch)
    {
        for (uint32_t g = w.first; g <= w.last; ++g)
        {
            const RdmaNic& nic = *m_nics[g];
            uint32_t n = nic.GetNQueuePairs();
            uint32_t from = w.qpn ? w.qpn : RdmaNic::FIRST_QPN;
            uint32_t to = w.qpn ? w.qpn + 1 : RdmaNic::FIRST_QPN + n;
            for (uint32_t qpn = from; qpn < to && qpn < RdmaNic::FIRST_QPN + n; ++qpn)
            {
                if (!nic.IsRequester(qpn))
                {
                    continue; // a receiving end has no congestion control
                }
                const RequesterQp& qp = nic.GetRequester(qpn);
                bool sending = qp.unaPsn != qp.endPsn;
                active = active || sending;
                if (!sending)
                {
                    continue; // rows only while the QP has data to send or in flight
                }
                const CongestionControl& cc = *qp.cc;
                char alpha[32] = "";
                char util[32] = "";
                if (auto d = dynamic_cast<const DcqcnCongestionControl*>(&cc))
                {
                    std::snprintf(alpha, sizeof(alpha), "%.5f", d->PeekAlpha());
                }
                else if (auto t = dynamic_cast<const TelemetryCongestionControl*>(&cc))
                {
                    std::snprintf(util, sizeof(util), "%.4f", t->GetUtilization());
                }
                std::snprintf(
                    line,
                    sizeof(line),
                    "%.3f,%u:%u,%u,%u,%s,%.4f,%llu,%llu,%s,%s",
                    now.GetSeconds() * 1e6,
                    g,
                    qpn,
                    g,
                    qpn,
                    cc.GetName(),
                    static_cast<double>(cc.GetRateBps()) / 1e9,
                    static_cast<unsigned long long>(cc.GetWindowBytes()),
                    static_cast<unsigned long long>(uint64_t(qp.nextPsn - qp.unaPsn) * qp.mtu),
                    alpha,
                    util);
                m_rows.emplace_back(line);
            }
        }
    }
    m_samples++;
    if (active)
    {
        m_lastActive = now;
    }
    if (now - m_lastActive < m_idleStop)
    {
        m_event = Simulator::Schedule(m_interval, &CcMonitor::Sample, this);
    }
}

std::string
CcMonitor::Csv() const
{
    std::string out = "time_us,qp,gpu,qpn,cc,rate_Gbps,window_B,inflight_B,alpha,util\n";
    for (const auto& r : m_rows)
    {
        out += r;
        out += '\n';
    }
    return out;
}

} // namespace fabric
} // namespace ns3
