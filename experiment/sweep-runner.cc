/*
 * Runs the points of a sweep: in parallel child processes with a progress bar, resumable, one
 * point at a time for a cluster scheduler, and the merge of the per-point files.
 */
#include "sweep-runner.h"

#include "config/yaml-experiment.h"
#include "experiment/experiment-runner.h"
#include "helper/result-writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{
namespace fabric
{

namespace
{

using Clock = std::chrono::steady_clock;

/// Message written by the SIGALRM handler (prepared before the alarm is armed).
char g_alarmMessage[512];

void
OnWallTimeExceeded(int)
{
    // Async-signal-safe: write(2) and _exit(2) only.
    ssize_t ignored = write(STDERR_FILENO, g_alarmMessage, std::strlen(g_alarmMessage));
    (void) ignored;
    _exit(SWEEP_FAILED);
}

/**
 * An exclusive lock (flock) on a file, held for the object's life. The kernel drops it when the
 * process ends in any way (kill -9 included), so a killed sweep never leaves its directory
 * locked; the file itself stays and only records the last holder's pid.
 */
class FileLock
{
public:
    explicit FileLock(const std::string& path)
    {
        m_fd = open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
        if (m_fd < 0)
        {
            m_error = std::strerror(errno);
            return;
        }
        if (flock(m_fd, LOCK_EX | LOCK_NB) != 0)
        {
            m_error = errno == EWOULDBLOCK ? "" : std::strerror(errno);
            char buf[32] = {};
            ssize_t n = pread(m_fd, buf, sizeof(buf) - 1, 0);
            m_holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
            m_holder.erase(m_holder.find_last_not_of(" \n") + 1);
            close(m_fd);
            m_fd = -1;
            return;
        }
        std::string pid = std::to_string(getpid()) + "\n";
        if (ftruncate(m_fd, 0) == 0)
        {
            ssize_t ignored = pwrite(m_fd, pid.data(), pid.size(), 0);
            (void) ignored;
        }
    }

    ~FileLock()
    {
        if (m_fd >= 0)
        {
            close(m_fd);
        }
    }

    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    /// @return true when this process holds the lock
    bool Held() const { return m_fd >= 0; }

    /// @return why the lock could not be taken: "" when another process holds it
    const std::string& Error() const { return m_error; }

    /// @return " (pid N)" of the holder as it recorded itself, or ""
    std::string Holder() const { return m_holder.empty() ? "" : " (pid " + m_holder + ")"; }

private:
    int m_fd {-1};        //!< the open lock file, or -1
    std::string m_error;  //!< why it failed, if not held by another
    std::string m_holder; //!< pid the holder wrote
};

bool
FileExists(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool
ReadWholeFile(const std::string& path, std::string* text)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    *text = s.str();
    return true;
}

std::vector<std::string>
SplitCsvLine(const std::string& line)
{
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        char c = line[i];
        if (quoted)
        {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            {
                cell += '"';
                ++i;
            }
            else if (c == '"')
            {
                quoted = false;
            }
            else
            {
                cell += c;
            }
        }
        else if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            cells.push_back(cell);
            cell.clear();
        }
        else if (c != '\r')
        {
            cell += c;
        }
    }
    cells.push_back(cell);
    return cells;
}

std::string
QuoteCsv(const std::string& cell)
{
    if (cell.find_first_of(",\"\n") == std::string::npos)
    {
        return cell;
    }
    std::string q = "\"";
    for (char c : cell)
    {
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return q + "\"";
}

std::string
Clock2(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
    {
        return "--:--";
    }
    auto s = static_cast<long>(std::lround(seconds));
    char buf[32];
    if (s >= 3600)
    {
        std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%ld:%02ld", s / 60, s % 60);
    }
    return buf;
}

/// State of a running sweep, for the progress display.
struct Progress
{
    std::size_t total {0};    //!< points in the sweep
    std::size_t skipped {0};  //!< done before this run
    std::size_t finished {0}; //!< finished in this run (ok or failed)
    std::size_t failed {0};   //!< failed in this run
    std::size_t running {0};  //!< running now
    Clock::time_point start;  //!< when this run started
    bool tty {false};         //!< stderr is a terminal: redraw a bar in place

    double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start).count(); }

    /// Remaining time, from the rate at which points finished so far in this run.
    double Eta() const
    {
        std::size_t remaining = total - skipped - finished;
        if (finished == 0)
        {
            return -1;
        }
        return Elapsed() * static_cast<double>(remaining) / static_cast<double>(finished);
    }

    std::string Bar() const
    {
        const int width = 28;
        std::size_t done = skipped + finished;
        int filled = total ? static_cast<int>(width * done / total) : width;
        std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
        char buf[256];
        std::snprintf(buf,
                      sizeof(buf),
                      "%s %zu/%zu points (%zu skipped, %zu failed), %zu running, elapsed %s, "
                      "ETA %s",
                      bar.c_str(),
                      done,
                      total,
                      skipped,
                      failed,
                      running,
                      Clock2(Elapsed()).c_str(),
                      Clock2(Eta()).c_str());
        return buf;
    }
};

/// Start a child running point @p index; @return its pid (-1 on failure)
pid_t
Spawn(const SweepRunOptions& o, const SweepPoint& point)
{
    PointFiles files = PointFilesOf(o.outDir, point);
    int log = open(files.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0)
    {
        return -1;
    }
    std::string index = std::to_string(point.index);
    std::vector<std::string> args = {o.program, o.sweepFile, "--out", o.outDir, "--point", index};
    if (o.force)
    {
        args.push_back("--force");
    }
    std::vector<char*> argv;
    for (auto& a : args)
    {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    std::string header
        = "=== fabric-sweep point " + index + " (" + point.id + ") " + point.Label() + "\n";
    // Composed before fork: the child may only make async-signal-safe calls.
    std::string execFailed = "fabric-sweep: error: cannot run " + o.program + ": ";
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
    {
        // Die with the parent: a killed sweep leaves no orphan writing results.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
        {
            _exit(SWEEP_FAILED);
        }
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        ssize_t ignored = write(STDOUT_FILENO, header.data(), header.size());
        (void) ignored;
        execv(o.program.c_str(), argv.data());
        // Still in the child, whose stderr is the point's log.
        const char* reason = std::strerror(errno);
        ssize_t unused = write(STDERR_FILENO, execFailed.data(), execFailed.size());
        unused = write(STDERR_FILENO, reason, std::strlen(reason));
        unused = write(STDERR_FILENO, "\n", 1);
        (void) unused;
        _exit(127);
    }
    close(log);
    return pid;
}

/// @return the first line of @p log that contains "error", or ""
std::string
FirstErrorLine(const std::string& log)
{
    std::string text;
    if (!ReadWholeFile(log, &text))
    {
        return "";
    }
    // Only the last attempt (after the last header).
    auto at = text.rfind("=== fabric-sweep point");
    std::istringstream in(at == std::string::npos ? text : text.substr(at));
    std::string line;
    while (std::getline(in, line))
    {
        if (line.find("error") != std::string::npos)
        {
            return line;
        }
    }
    return "";
}

} // namespace

PointFiles
PointFilesOf(const std::string& outDir, const SweepPoint& point)
{
    std::string base = outDir + "/points/" + point.id;
    PointFiles f;
    f.csv = base + ".csv";
    f.json = base + ".json";
    f.yaml = base + ".yaml";
    f.flows = base + "-flows.csv";
    f.links = base + "-links.csv";
    f.queues = base + "-queues.csv";
    f.cc = base + "-cc.csv";
    f.log = outDir + "/logs/" + point.id + ".log";
    return f;
}

bool
IsPointDone(const std::string& outDir, const SweepPoint& point)
{
    PointFiles f = PointFilesOf(outDir, point);
    return FileExists(f.csv) && FileExists(f.json);
}

int
RunSweepPoint(const SweepSpec& sweep,
              uint32_t index,
              const std::string& outDir,
              bool force,
              std::ostream& out,
              std::ostream& err)
{
    if (index >= sweep.points.size())
    {
        err << "fabric-sweep: error: " << sweep.file << ": no point " << index << " (the sweep has "
            << sweep.points.size() << " points, 0.." << sweep.points.size() - 1 << ")\n";
        return SWEEP_BAD_INPUT;
    }
    const SweepPoint& p = sweep.points[index];
    PointFiles f = PointFilesOf(outDir, p);
    // The same point run twice at once (two job-array tasks, a sweep and a hand-run --point)
    // would race for its files: the second one stops.
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(f.log).parent_path(), ec);
    FileLock pointLock(f.log + ".lock");
    if (!pointLock.Held())
    {
        err << "fabric-sweep: error: point " << index << " (" << p.id << ") "
            << (pointLock.Error().empty() ? "is being run by another process" + pointLock.Holder()
                                          : "cannot be locked: " + pointLock.Error())
            << "\n";
        return SWEEP_BAD_INPUT;
    }
    if (!force && IsPointDone(outDir, p))
    {
        out << "point " << index << " (" << p.id << ") is already done: " << f.json << "\n";
        return SWEEP_OK;
    }
    std::string yamlText = "# fabric-sweep point " + std::to_string(index) + " of " + sweep.file
                         + ": " + p.Label() + "\n" + WriteExperimentYaml(p.spec);
    if (!WriteFileAtomically(f.yaml, yamlText))
    {
        err << "fabric-sweep: error: cannot write " << f.yaml << ": " << std::strerror(errno)
            << "\n";
        return SWEEP_BAD_INPUT;
    }
    if (p.spec.wallTime.IsStrictlyPositive())
    {
        std::snprintf(g_alarmMessage,
                      sizeof(g_alarmMessage),
                      "fabric-sweep: error: point %u (%s) exceeded its wall-time limit "
                      "(limits.wallTime = %g s); no result written\n",
                      index,
                      p.id.c_str(),
                      p.spec.wallTime.GetSeconds());
        std::signal(SIGALRM, &OnWallTimeExceeded);
        // To the microsecond (alarm() counts whole seconds: 0.2 s became 1 s).
        int64_t us = std::max<int64_t>(1, p.spec.wallTime.GetMicroSeconds());
        itimerval timer {};
        timer.it_value.tv_sec = static_cast<time_t>(us / 1000000);
        timer.it_value.tv_usec = static_cast<suseconds_t>(us % 1000000);
        setitimer(ITIMER_REAL, &timer, nullptr);
    }
    RunOutputs outputs;
    outputs.flowsCsv = p.spec.outputs.flows ? f.flows : "";
    outputs.linksCsv = p.spec.outputs.links ? f.links : "";
    outputs.queuesCsv = p.spec.outputs.queues ? f.queues : "";
    outputs.ccCsv = p.spec.outputs.cc ? f.cc : "";
    ResultRows rows;
    std::string what
        = "fabric-sweep: error: point " + std::to_string(index) + " (" + p.Label() + "): ";
    try
    {
        rows = RunExperiment(p.spec, outputs);
    }
    catch (const WorkloadNotAvailable& e)
    {
        err << what << e.what() << "\n";
        return SWEEP_BAD_INPUT;
    }
    catch (const std::invalid_argument& e)
    {
        err << what << e.what() << "\n";
        return SWEEP_BAD_INPUT;
    }
    catch (const std::exception& e)
    {
        err << what << e.what() << "\n";
        return SWEEP_FAILED;
    }
    itimerval off {};
    setitimer(ITIMER_REAL, &off, nullptr);
    // One line per row (a collective: one per size), each with the point's columns first.
    std::string csv;
    std::string json;
    for (const ResultRow& row : rows)
    {
        ResultRow full;
        full.Set("point", static_cast<double>(index));
        full.Set("point_id", p.id);
        for (const auto& [axis, value] : p.values)
        {
            full.Set(axis, value);
        }
        for (const auto& [key, value] : row.Items())
        {
            if (value.isNumber)
            {
                full.Set(key, value.number);
            }
            else
            {
                full.Set(key, value.text);
            }
        }
        if (csv.empty())
        {
            csv = full.CsvHeader() + "\n";
        }
        else if (csv.compare(0, csv.find('\n'), full.CsvHeader()) != 0)
        {
            err << what << "its result rows have different columns\n";
            return SWEEP_FAILED;
        }
        csv += full.CsvLine() + "\n";
        json += full.ToJson() + "\n";
    }
    // The JSON is written last: its presence marks the point done.
    if (!WriteFileAtomically(f.csv, csv) || !WriteFileAtomically(f.json, json))
    {
        err << "fabric-sweep: error: cannot write " << f.csv << " / " << f.json << ": "
            << std::strerror(errno) << "\n";
        return SWEEP_FAILED;
    }
    out << json;
    return SWEEP_OK;
}

int
RunSweep(const SweepSpec& sweep, const SweepRunOptions& o, std::ostream& err)
{
    std::error_code ec;
    std::filesystem::create_directories(o.outDir + "/points", ec);
    std::filesystem::create_directories(o.outDir + "/logs", ec);
    if (ec)
    {
        err << "fabric-sweep: error: cannot create " << o.outDir << ": " << ec.message() << "\n";
        return SWEEP_BAD_INPUT;
    }
    // One sweep per directory: a second one would run every point again beside the first.
    FileLock lock(o.outDir + "/" + SWEEP_LOCK_FILE);
    if (!lock.Held())
    {
        err << "fabric-sweep: error: " << o.outDir
            << (lock.Error().empty()
                    ? " is in use by another fabric-sweep" + lock.Holder()
                          + "; wait for it to finish or give another --out"
                    : ": cannot lock " + std::string(SWEEP_LOCK_FILE) + ": " + lock.Error())
            << "\n";
        return SWEEP_BAD_INPUT;
    }
    std::vector<uint32_t> pending;
    Progress progress;
    progress.total = sweep.points.size();
    for (const auto& p : sweep.points)
    {
        if (o.force || !IsPointDone(o.outDir, p))
        {
            pending.push_back(p.index);
        }
    }
    progress.skipped = progress.total - pending.size();
    progress.start = Clock::now();
    progress.tty = o.progress && isatty(STDERR_FILENO);
    uint32_t jobs = std::max<uint32_t>(1, o.jobs);
    if (o.progress)
    {
        err << "fabric-sweep: " << sweep.file << ": " << progress.total << " points, "
            << progress.skipped << " already done, " << pending.size() << " to run, " << jobs
            << (jobs == 1 ? " job" : " jobs") << "; results in " << o.outDir << "\n";
    }
    std::map<pid_t, std::pair<uint32_t, Clock::time_point>> running;
    std::vector<std::pair<uint32_t, std::string>> failures; // index, error line
    bool badInput = false;
    std::size_t next = 0;
    auto lastDraw = Clock::now();
    auto draw = [&](const std::string& line) {
        if (!o.progress)
        {
            return;
        }
        if (progress.tty)
        {
            err << "\r\033[K";
        }
        if (!line.empty())
        {
            err << line << "\n";
        }
        if (progress.tty)
        {
            err << progress.Bar() << std::flush;
        }
    };
    while (next < pending.size() || !running.empty())
    {
        while (running.size() < jobs && next < pending.size())
        {
            const SweepPoint& p = sweep.points[pending[next++]];
            pid_t pid = Spawn(o, p);
            if (pid < 0)
            {
                err << "fabric-sweep: error: cannot start point " << p.index << ": "
                    << std::strerror(errno) << "\n";
                failures.emplace_back(p.index, "could not start");
                ++progress.failed;
                ++progress.finished;
                continue;
            }
            running[pid] = {p.index, Clock::now()};
        }
        progress.running = running.size();
        int status = 0;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0)
        {
            if (pid < 0 && errno == ECHILD)
            {
                running.clear();
            }
            usleep(50000);
            if (progress.tty && Clock::now() - lastDraw > std::chrono::seconds(1))
            {
                draw("");
                lastDraw = Clock::now();
            }
            continue;
        }
        auto it = running.find(pid);
        if (it == running.end())
        {
            continue;
        }
        const SweepPoint& p = sweep.points[it->second.first];
        double seconds = std::chrono::duration<double>(Clock::now() - it->second.second).count();
        running.erase(it);
        progress.running = running.size();
        ++progress.finished;
        PointFiles files = PointFilesOf(o.outDir, p);
        bool ok = WIFEXITED(status) && WEXITSTATUS(status) == SWEEP_OK && IsPointDone(o.outDir, p);
        std::string why;
        if (!ok)
        {
            ++progress.failed;
            if (WIFSIGNALED(status))
            {
                why = std::string("killed by signal ") + strsignal(WTERMSIG(status));
            }
            else
            {
                int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                badInput = badInput || code == SWEEP_BAD_INPUT;
                why = FirstErrorLine(files.log);
                if (why.empty())
                {
                    why = "exit status " + std::to_string(code);
                }
            }
            failures.emplace_back(p.index, why);
        }
        char line[512];
        std::snprintf(line,
                      sizeof(line),
                      "[%zu/%zu] %s point %u (%s) %s in %.1f s; ETA %s",
                      progress.skipped + progress.finished,
                      progress.total,
                      ok ? "done  " : "FAILED",
                      p.index,
                      p.id.c_str(),
                      p.Label().c_str(),
                      seconds,
                      Clock2(progress.Eta()).c_str());
        draw(line);
        lastDraw = Clock::now();
    }
    if (progress.tty)
    {
        err << "\r\033[K";
    }
    int merged = MergeSweep(sweep, o.outDir, err);
    if (o.progress)
    {
        err << "fabric-sweep: " << progress.total
            << " points: " << progress.finished - progress.failed << " run, " << progress.skipped
            << " skipped (done before), " << progress.failed << " failed, in "
            << Clock2(progress.Elapsed()) << "; results: " << o.outDir << "/results.csv, "
            << o.outDir << "/results.json\n";
    }
    for (const auto& [index, why] : failures)
    {
        err << "fabric-sweep: point " << index << " failed: " << why
            << " (log: " << PointFilesOf(o.outDir, sweep.points[index]).log << ")\n";
    }
    if (badInput)
    {
        return SWEEP_BAD_INPUT;
    }
    return failures.empty() && merged == SWEEP_OK ? SWEEP_OK : SWEEP_FAILED;
}

int
MergeSweep(const SweepSpec& sweep, const std::string& outDir, std::ostream& err)
{
    std::vector<std::string> columns;
    std::vector<std::map<std::string, std::string>> rows;
    std::vector<std::string> jsons;
    std::vector<uint32_t> missing;
    for (const auto& p : sweep.points)
    {
        PointFiles f = PointFilesOf(outDir, p);
        std::string csv;
        std::string json;
        if (!IsPointDone(outDir, p) || !ReadWholeFile(f.csv, &csv) || !ReadWholeFile(f.json, &json))
        {
            missing.push_back(p.index);
            continue;
        }
        // A point has one line per row (a collective: one per size).
        std::istringstream in(csv);
        std::string header;
        std::string line;
        std::getline(in, header);
        auto names = SplitCsvLine(header);
        std::vector<std::map<std::string, std::string>> pointRows;
        bool damaged = header.empty();
        while (!damaged && std::getline(in, line))
        {
            auto cells = SplitCsvLine(line);
            damaged = names.size() != cells.size();
            std::map<std::string, std::string> row;
            for (std::size_t i = 0; !damaged && i < names.size(); ++i)
            {
                row[names[i]] = cells[i];
            }
            pointRows.push_back(row);
        }
        std::vector<std::string> pointJsons;
        std::istringstream jin(json);
        while (std::getline(jin, line))
        {
            if (!line.empty() && line.back() == '\r')
            {
                line.pop_back();
            }
            if (!line.empty())
            {
                pointJsons.push_back(line);
            }
        }
        if (damaged || pointRows.empty() || pointRows.size() != pointJsons.size())
        {
            err << "fabric-sweep: warning: " << f.csv << " is damaged; point " << p.index
                << " counts as not done\n";
            missing.push_back(p.index);
            continue;
        }
        for (const auto& name : names)
        {
            if (std::find(columns.begin(), columns.end(), name) == columns.end())
            {
                columns.push_back(name);
            }
        }
        rows.insert(rows.end(), pointRows.begin(), pointRows.end());
        jsons.insert(jsons.end(), pointJsons.begin(), pointJsons.end());
    }
    std::string csv;
    for (std::size_t i = 0; i < columns.size(); ++i)
    {
        csv += (i ? "," : "") + QuoteCsv(columns[i]);
    }
    csv += "\n";
    for (const auto& row : rows)
    {
        for (std::size_t i = 0; i < columns.size(); ++i)
        {
            auto it = row.find(columns[i]);
            csv += (i ? "," : "") + (it == row.end() ? std::string() : QuoteCsv(it->second));
        }
        csv += "\n";
    }
    std::string json = "[\n";
    for (std::size_t i = 0; i < jsons.size(); ++i)
    {
        json += "  " + jsons[i] + (i + 1 < jsons.size() ? ",\n" : "\n");
    }
    json += "]\n";
    if (!WriteFileAtomically(outDir + "/results.csv", csv)
        || !WriteFileAtomically(outDir + "/results.json", json))
    {
        err << "fabric-sweep: error: cannot write " << outDir
            << "/results.csv: " << std::strerror(errno) << "\n";
        return SWEEP_FAILED;
    }
    if (!missing.empty())
    {
        std::string list;
        for (std::size_t i = 0; i < missing.size() && i < 20; ++i)
        {
            list += (i ? " " : "") + std::to_string(missing[i]);
        }
        if (missing.size() > 20)
        {
            list += " ...";
        }
        err << "fabric-sweep: results are incomplete: " << missing.size() << " of "
            << sweep.points.size() << " points have no result yet (points " << list << ")\n";
        return SWEEP_FAILED;
    }
    return SWEEP_OK;
}

void
ListSweep(const SweepSpec& sweep, const std::string& outDir, std::ostream& out)
{
    out << "point\tid\tstatus\tparameters\n";
    for (const auto& p : sweep.points)
    {
        std::string status = outDir.empty() ? "-" : IsPointDone(outDir, p) ? "done" : "pending";
        out << p.index << "\t" << p.id << "\t" << status << "\t" << p.Label() << "\n";
    }
}

} // namespace fabric
} // namespace ns3
