/*
 * Samples every switch port's queue depth and transmitted bytes over simulated time.
 */
#include "link-monitor.h"

#include "helper/fabric.h"

#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("LinkMonitor");

namespace
{

/// Most queue samples kept for all ports together (4 bytes each) before only watched ports
/// keep their series.
constexpr std::size_t SERIES_BUDGET = 32 * 1024 * 1024;

const char*
TierName(uint8_t tier)
{
    switch (tier)
    {
        case 0:
            return "leaf";
        case 1:
            return "spine";
        default:
            return "core";
    }
}

/// Does @p pattern ("leaf0:*", "leaf0:3") name @p port?
bool
Matches(const std::string& pattern, const std::string& switchName, const std::string& portName)
{
    auto colon = pattern.find(':');
    if (colon == std::string::npos)
    {
        return pattern == switchName;
    }
    if (pattern.substr(0, colon) != switchName)
    {
        return false;
    }
    return pattern.substr(colon + 1) == "*" || pattern == portName;
}

} // namespace

void
LinkMonitor::WatchPorts(const std::vector<std::string>& ports, uint32_t top)
{
    m_watch = ports;
    m_top = top;
}

void
LinkMonitor::Attach(const Fabric& fabric)
{
    Attach(fabric.switches);
}

void
LinkMonitor::Attach(const std::vector<Ptr<FabricSwitch>>& switches)
{
    m_ports.clear();
    m_times.clear();
    // Names: tier prefix + index within the tier; GPUs by their order among non-switch nodes.
    std::map<uint32_t, std::string> nodeName;
    uint32_t perTier[3] = {0, 0, 0};
    for (const auto& sw : switches)
    {
        uint8_t tier = std::min<uint8_t>(sw->GetTier(), 2);
        nodeName[sw->GetId()] = TierName(tier) + std::to_string(perTier[tier]++);
    }
    uint32_t gpu = 0;
    for (uint32_t i = 0; i < NodeList::GetNNodes(); ++i)
    {
        Ptr<Node> n = NodeList::GetNode(i);
        if (!nodeName.count(n->GetId()) && !DynamicCast<FabricSwitch>(n))
        {
            nodeName[n->GetId()] = "gpu" + std::to_string(gpu++);
        }
    }
    for (const auto& sw : switches)
    {
        const std::string& swName = nodeName[sw->GetId()];
        for (uint16_t p = 0; p < sw->GetNPorts(); ++p)
        {
            Port port;
            port.device = sw->GetPort(p);
            port.switchName = swName;
            port.tier = std::min<uint8_t>(sw->GetTier(), 2);
            port.index = p;
            port.name = swName + ":" + std::to_string(p);
            Ptr<FabricNetDevice> peer = port.device->GetPeer();
            port.peer = peer ? nodeName[peer->GetNodeId()] : "";
            port.rateBps = static_cast<double>(port.device->GetDataRate().GetBitRate());
            for (const auto& w : m_watch)
            {
                port.watched = port.watched || Matches(w, swName, port.name);
            }
            m_ports.push_back(port);
        }
    }
    for (const auto& w : m_watch)
    {
        bool found = std::any_of(m_ports.begin(), m_ports.end(), [&](const Port& p) {
            return Matches(w, p.switchName, p.name);
        });
        if (!found)
        {
            throw std::invalid_argument("queue port '" + w + "' does not exist in this fabric");
        }
    }
}

void
LinkMonitor::Start()
{
    m_event = Simulator::ScheduleNow(&LinkMonitor::Sample, this);
}

void
LinkMonitor::Stop()
{
    m_event.Cancel();
    for (auto& p : m_ports)
    {
        p.device = nullptr;
    }
}

void
LinkMonitor::Sample()
{
    Time now = Simulator::Now();
    bool first = m_times.empty();
    m_times.push_back(now);
    if (m_recordAll && m_times.size() * m_ports.size() > SERIES_BUDGET)
    {
        NS_LOG_WARN("queue series budget reached: only watched ports keep their series");
        m_recordAll = false;
    }
    bool active = false;
    for (auto& p : m_ports)
    {
        if (!p.device)
        {
            continue;
        }
        uint64_t q = p.device->GetQueuedBytes();
        uint64_t tx = p.device->GetCounters().txBytes;
        if (first)
        {
            p.firstTx = tx;
        }
        active = active || q > 0 || tx != p.lastTx;
        uint64_t sent = first ? 0 : tx - p.lastTx;
        p.lastTx = tx;
        p.peakQueue = std::max(p.peakQueue, q);
        p.pendingSum += static_cast<double>(q);
        if (m_recordAll || p.watched)
        {
            p.series.resize(m_times.size() - 1, 0);
            p.series.push_back(
                static_cast<uint32_t>(std::min<uint64_t>(q, std::numeric_limits<uint32_t>::max())));
            p.sent.resize(m_times.size() - 1, 0);
            p.sent.push_back(static_cast<uint32_t>(
                std::min<uint64_t>(sent, std::numeric_limits<uint32_t>::max())));
        }
    }
    if (active && !first)
    {
        m_lastActive = now;
        m_activeSamples = m_times.size();
        for (auto& p : m_ports)
        {
            p.sumQueue += p.pendingSum;
            p.pendingSum = 0;
        }
    }
    if (!m_lastActive.IsNegative() && now - m_lastActive >= m_idleStop)
    {
        Stop();
        return;
    }
    m_event = Simulator::Schedule(m_interval, &LinkMonitor::Sample, this);
}

std::string
LinkMonitor::UtilizationCsv() const
{
    std::string csv
        = "tier,switch,port,name,peer,rate_Gbps,tx_bytes,util_pct,queue_peak_B,queue_mean_B\n";
    double window = 0;
    if (!m_times.empty() && !m_lastActive.IsNegative())
    {
        window = (m_lastActive - m_times.front()).GetSeconds();
    }
    for (const auto& p : m_ports)
    {
        uint64_t bytes = p.lastTx - p.firstTx;
        double util = window > 0 && p.rateBps > 0 ? 100.0 * bytes * 8 / (p.rateBps * window) : 0;
        double mean = m_activeSamples ? p.sumQueue / m_activeSamples : 0;
        char line[512];
        std::snprintf(line,
                      sizeof(line),
                      "%s,%s,%u,%s,%s,%.3f,%llu,%.3f,%llu,%.1f\n",
                      TierName(p.tier),
                      p.switchName.c_str(),
                      static_cast<unsigned>(p.index),
                      p.name.c_str(),
                      p.peer.c_str(),
                      p.rateBps / 1e9,
                      static_cast<unsigned long long>(bytes),
                      util,
                      static_cast<unsigned long long>(p.peakQueue),
                      mean);
        csv += line;
    }
    return csv;
}

std::string
LinkMonitor::QueueCsv() const
{
    std::vector<const Port*> chosen;
    for (const auto& p : m_ports)
    {
        if (p.watched)
        {
            chosen.push_back(&p);
        }
    }
    if (m_watch.empty())
    {
        for (const auto& p : m_ports)
        {
            if (p.peakQueue > 0 && !p.series.empty())
            {
                chosen.push_back(&p);
            }
        }
        std::stable_sort(chosen.begin(), chosen.end(), [](const Port* a, const Port* b) {
            return a->peakQueue > b->peakQueue;
        });
        if (chosen.size() > m_top)
        {
            chosen.resize(m_top);
        }
    }
    // Up to two samples past the last activity, to show the queues drain.
    std::size_t end = std::min(m_times.size(), m_activeSamples + 2);
    std::string csv = "time_us,port,queue_B,util_pct\n";
    for (const Port* p : chosen)
    {
        for (std::size_t i = 0; i < end && i < p->series.size(); ++i)
        {
            double util = 0;
            if (i > 0 && i < p->sent.size())
            {
                double seconds = (m_times[i] - m_times[i - 1]).GetSeconds();
                util = seconds > 0 ? 100.0 * p->sent[i] * 8 / (p->rateBps * seconds) : 0;
            }
            char line[192];
            std::snprintf(line,
                          sizeof(line),
                          "%.3f,%s,%u,%.2f\n",
                          m_times[i].GetSeconds() * 1e6,
                          p->name.c_str(),
                          p->series[i],
                          util);
            csv += line;
        }
    }
    return csv;
}

} // namespace fabric
} // namespace ns3
