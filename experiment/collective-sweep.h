/*
 * The collective program's run: nccl-tests' table per profile, printed as each size finishes,
 * then the JSON and CSV rows.
 */
#ifndef FABRIC_COLLECTIVE_SWEEP_H
#define FABRIC_COLLECTIVE_SWEEP_H

#include "config/collective-flags.h"
#include "config/monitor-flags.h"

#include <string>

namespace ns3
{
namespace fabric
{

/**
 * Run @p sweep under each profile on a fresh fabric: print nccl-tests' table (one row per size
 * as it finishes) and the profile's summary line on stdout, write its timelines, and collect
 * one JSON line and one CSV row per (profile, size).
 * @param monitors the timelines asked for
 * @param pcap if not empty, GPU 0's NIC port of each profile's fabric goes there
 * @param json the JSON lines
 * @param csv the CSV rows (without the header: CollectiveCsvHeader)
 * @param ok set to false when a size did not finish or a fabric broke packet conservation
 * @return "" when every run could be set up and written, else the message
 */
std::string RunCollectiveSweep(const CollectiveSweep& sweep,
                               const MonitorFlags& monitors,
                               const std::string& pcap,
                               std::string* json,
                               std::string* csv,
                               bool* ok);

/// @return the header of RunCollectiveSweep's CSV rows
std::string CollectiveCsvHeader();

} // namespace fabric
} // namespace ns3

#endif
