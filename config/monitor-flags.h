/*
 * The timeline flags the programs share: congestion-control state over time (--ccPrefix,
 * --ccQps) and, where a program offers it, link utilization and queues over time
 * (--linksPrefix, --topQueues), sampled every --ccInterval.
 */
#ifndef FABRIC_MONITOR_FLAGS_H
#define FABRIC_MONITOR_FLAGS_H

#include "config/command-line-flags.h"
#include "config/experiment-spec.h"
#include "helper/cc-monitor.h"
#include "helper/link-monitor.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

class Fabric;

/**
 * @brief --ccPrefix, --ccQps, --ccInterval (and --linksPrefix, --topQueues): registered on a
 * program's flags, checked before anything is built (the interval, the queue-pair list, that
 * every file can be written), then one Timelines per run (a profile or a variant) samples its
 * fabric and writes the files.
 */
class MonitorFlags
{
public:
    /**
     * @param ccQps the default queue pairs ("0:*")
     * @param interval the default sampling period ("5us")
     * @param links whether the program offers --linksPrefix and --topQueues
     */
    MonitorFlags(std::string ccQps, Time interval, bool links);

    /**
     * Register the flags on @p cmd.
     * @param run what one run is called in file names ("profile", "variant")
     * @param ccWhen what the cc file covers, added to --ccPrefix's help ("" for nothing)
     */
    void AddTo(CommandLineFlags& cmd, const std::string& run, const std::string& ccWhen = "");

    /**
     * @param runs the labels of the runs (profile or variant names)
     * @return "" when the flags are well formed and every file they name can be written, else
     * the message naming the flag
     */
    std::string Check(const std::vector<std::string>& runs) const;

    /// @return true when any timeline was asked for
    bool Any() const { return !m_ccPrefix.empty() || !m_linksPrefix.empty(); }

    /**
     * @brief The monitors of one run.
     */
    class Timelines
    {
    public:
        /**
         * Attach to @p fabric and start sampling.
         * @return "" or the message (a --ccQps entry beyond the fabric)
         */
        std::string Start(const Fabric& fabric);

        /// Stop sampling; @return "" or "cannot write FILE"
        std::string Finish();

    private:
        friend class MonitorFlags;
        Time m_interval;                      //!< sampling period
        std::string m_ccFile;                 //!< "" when not asked for
        std::vector<std::string> m_ccQps;     //!< queue pairs to sample
        std::string m_linksFile;              //!< "" when not asked for
        std::string m_queuesFile;             //!< with m_linksFile
        uint32_t m_topQueues {8};             //!< ports in the queue CSV
        std::unique_ptr<CcMonitor> m_cc;      //!< while running
        std::unique_ptr<LinkMonitor> m_links; //!< while running
    };

    /// @return the monitors of the run labelled @p run (Check must have passed)
    Timelines For(const std::string& run) const;

    /// @return the congestion-control CSV of the run labelled @p run ("" when not asked for)
    std::string CcFile(const std::string& run) const { return FileOf(m_ccPrefix, run, "-cc.csv"); }

    /// Ask an experiment's own monitors for the same congestion-control timeline (its queue
    /// pairs and sampling period; Check must have passed).
    void ToOutputSpec(OutputSpec* outputs) const;

private:
    /// @return the file of @p run for @p prefix and @p kind ("" without the prefix)
    static std::string FileOf(const std::string& prefix, const std::string& run, const char* kind);

    std::string m_ccPrefix;    //!< --ccPrefix
    std::string m_ccQps;       //!< --ccQps
    Time m_interval;           //!< --ccInterval (checked by CommandLineFlags)
    std::string m_linksPrefix; //!< --linksPrefix
    uint32_t m_topQueues {8};  //!< --topQueues
    bool m_links {false};      //!< the link flags are offered
};

} // namespace fabric
} // namespace ns3

#endif
