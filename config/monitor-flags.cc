/*
 * The timeline flags the programs share.
 */
#include "monitor-flags.h"

#include "config/units.h"
#include "helper/fabric-builder.h"
#include "helper/result-writer.h"

#include <stdexcept>

namespace ns3
{
namespace fabric
{

MonitorFlags::MonitorFlags(std::string ccQps, Time interval, bool links)
    : m_ccQps(std::move(ccQps))
    , m_interval(interval)
    , m_links(links)
{
}

void
MonitorFlags::AddTo(CommandLineFlags& cmd, const std::string& run, const std::string& ccWhen)
{
    cmd.Add("ccPrefix",
            "write congestion-control state over time to PREFIX<" + run + ">-cc.csv"
                + (ccWhen.empty() ? "" : " (" + ccWhen + ")"),
            m_ccPrefix);
    cmd.Add(
        "ccQps", "queue pairs for --ccPrefix, comma-separated GPU:QPN, GPU:* or A-B:*", m_ccQps);
    cmd.AddTime("ccInterval",
                m_links ? "sampling period of --ccPrefix and --linksPrefix, with unit"
                        : "sampling period of --ccPrefix, with unit",
                m_interval);
    if (m_links)
    {
        cmd.Add("linksPrefix",
                "write per-port utilization to PREFIX<" + run
                    + ">-links.csv and the queue over time of the --topQueues deepest ports to "
                      "PREFIX<"
                    + run + ">-queues.csv",
                m_linksPrefix);
        cmd.Add("topQueues", "ports in the queue CSV of --linksPrefix", m_topQueues);
    }
}

std::string
MonitorFlags::FileOf(const std::string& prefix, const std::string& run, const char* kind)
{
    return prefix.empty() ? "" : prefix + FileSafeLabel(run) + kind;
}

std::string
MonitorFlags::Check(const std::vector<std::string>& runs) const
{
    try
    {
        CcMonitor().Watch(SplitList(m_ccQps));
    }
    catch (const std::invalid_argument& e)
    {
        return std::string("--ccQps: ") + e.what();
    }
    for (const auto& run : runs)
    {
        for (const std::string& why :
             {CheckWritable("--ccPrefix", FileOf(m_ccPrefix, run, "-cc.csv")),
              CheckWritable("--linksPrefix", FileOf(m_linksPrefix, run, "-links.csv")),
              CheckWritable("--linksPrefix", FileOf(m_linksPrefix, run, "-queues.csv"))})
        {
            if (!why.empty())
            {
                return why;
            }
        }
    }
    return "";
}

void
MonitorFlags::ToOutputSpec(OutputSpec* outputs) const
{
    outputs->cc = !m_ccPrefix.empty();
    outputs->ccQps = SplitList(m_ccQps);
    outputs->sampleInterval = m_interval;
}

MonitorFlags::Timelines
MonitorFlags::For(const std::string& run) const
{
    Timelines t;
    t.m_interval = m_interval;
    t.m_ccFile = FileOf(m_ccPrefix, run, "-cc.csv");
    t.m_ccQps = SplitList(m_ccQps);
    t.m_linksFile = FileOf(m_linksPrefix, run, "-links.csv");
    t.m_queuesFile = FileOf(m_linksPrefix, run, "-queues.csv");
    t.m_topQueues = m_topQueues;
    return t;
}

std::string
MonitorFlags::Timelines::Start(const Fabric& fabric)
{
    if (!m_ccFile.empty())
    {
        m_cc = std::make_unique<CcMonitor>();
        m_cc->SetInterval(m_interval);
        m_cc->Watch(m_ccQps);
        try
        {
            m_cc->Attach(fabric);
        }
        catch (const std::invalid_argument& e)
        {
            m_cc.reset();
            return std::string("--ccQps: ") + e.what();
        }
        m_cc->Start();
    }
    if (!m_linksFile.empty())
    {
        m_links = std::make_unique<LinkMonitor>();
        m_links->SetInterval(m_interval);
        m_links->WatchPorts({}, m_topQueues);
        m_links->Attach(fabric);
        m_links->Start();
    }
    return "";
}

std::string
MonitorFlags::Timelines::Finish()
{
    std::vector<std::pair<std::string, std::string>> files;
    if (m_cc)
    {
        m_cc->Stop();
        files.emplace_back(m_ccFile, m_cc->Csv());
        m_cc.reset();
    }
    if (m_links)
    {
        m_links->Stop();
        files.emplace_back(m_linksFile, m_links->UtilizationCsv());
        files.emplace_back(m_queuesFile, m_links->QueueCsv());
        m_links.reset();
    }
    for (const auto& [file, text] : files)
    {
        if (!WriteFileAtomically(file, text))
        {
            return "cannot write " + file;
        }
    }
    return "";
}

} // namespace fabric
} // namespace ns3
