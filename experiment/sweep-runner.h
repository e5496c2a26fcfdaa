/*
 * Runs the points of a sweep: in parallel child processes with a progress bar, resumable, one
 * point at a time for a cluster scheduler, and the merge of the per-point files.
 */
#ifndef FABRIC_SWEEP_RUNNER_H
#define FABRIC_SWEEP_RUNNER_H

#include "config/sweep-spec.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{
namespace fabric
{

/// Exit statuses of the sweep commands.
enum SweepExit : int
{
    SWEEP_OK = 0,        //!< every point done
    SWEEP_FAILED = 1,    //!< a point failed while running, or results are incomplete
    SWEEP_BAD_INPUT = 2, //!< bad input: a file, an option, a point that cannot run
};

/// The files of one point under the output directory DIR.
struct PointFiles
{
    std::string csv;    //!< DIR/points/ID.csv: header + one row
    std::string json;   //!< DIR/points/ID.json: one JSON object (written last: "done")
    std::string yaml;   //!< DIR/points/ID.yaml: the point's complete experiment
    std::string log;    //!< DIR/logs/ID.log: the child's stdout and stderr
    std::string flows;  //!< DIR/points/ID-flows.csv (outputs.flows)
    std::string links;  //!< DIR/points/ID-links.csv (outputs.links)
    std::string queues; //!< DIR/points/ID-queues.csv (outputs.queues)
    std::string cc;     //!< DIR/points/ID-cc.csv (outputs.cc)
};

/// @return the files of @p point under @p outDir
PointFiles PointFilesOf(const std::string& outDir, const SweepPoint& point);

/// @return true when @p point's result (CSV and JSON) exists under @p outDir
bool IsPointDone(const std::string& outDir, const SweepPoint& point);

/**
 * The lock file in a sweep's output directory: RunSweep holds an exclusive flock on it while it
 * runs (a second sweep on the directory stops with SWEEP_BAD_INPUT); the kernel releases it when
 * the sweep ends or is killed. Each point also locks its log file's name + ".lock".
 */
constexpr const char* SWEEP_LOCK_FILE = ".fabric-sweep.lock";

/// How to run a sweep.
struct SweepRunOptions
{
    std::string outDir;    //!< output directory
    uint32_t jobs {1};     //!< points run at the same time
    bool force {false};    //!< run points again even when done
    std::string program;   //!< executable run as PROGRAM SWEEP --out DIR --point K
    std::string sweepFile; //!< the sweep file passed to the children
    bool progress {true};  //!< progress lines (and a bar on a terminal) on @p err
};

/**
 * Run every point not yet done, @p options.jobs at a time, each in a child process
 * (PROGRAM SWEEP --out DIR --point K) whose output goes to DIR/logs/ID.log; then merge.
 * A child dies with its parent (PR_SET_PDEATHSIG), and a point's files are written
 * atomically when it finishes, so a sweep killed at any moment resumes where it stopped.
 * @return SWEEP_OK, SWEEP_FAILED (a point failed) or SWEEP_BAD_INPUT (a point could not run)
 */
int RunSweep(const SweepSpec& sweep, const SweepRunOptions& options, std::ostream& err);

/**
 * Run point @p index in this process and write its files (CSV row, JSON, YAML) atomically.
 * Enforces the point's limits.wallTime with an alarm.
 * @return SWEEP_OK, SWEEP_FAILED or SWEEP_BAD_INPUT
 */
int RunSweepPoint(const SweepSpec& sweep,
                  uint32_t index,
                  const std::string& outDir,
                  bool force,
                  std::ostream& out,
                  std::ostream& err);

/**
 * Join the per-point files of @p sweep into DIR/results.csv (union of the columns, points in
 * sweep order) and DIR/results.json (an array), both written atomically.
 * @return SWEEP_OK when every point was there, SWEEP_FAILED when some are missing (the files
 * then hold the points that are done, and @p err lists the missing ones)
 */
int MergeSweep(const SweepSpec& sweep, const std::string& outDir, std::ostream& err);

/// Print one line per point: index, id, status (done/pending; "-" without @p outDir), label.
void ListSweep(const SweepSpec& sweep, const std::string& outDir, std::ostream& out);

} // namespace fabric
} // namespace ns3

#endif
