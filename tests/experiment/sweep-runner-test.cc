/*
 * fabric-sweep: axes expand into a stable, numbered cross product with stable ids; a sweep
 * killed with SIGKILL mid-run and started again finishes with every point exactly once;
 * --point K + --merge (a Slurm job array) gives the same results; wall-time limits hold.
 */
#include "config/yaml-sweep.h"
#include "experiment/sweep-runner.h"
#include "plots/plot-data.h"
#include "yaml-test-util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

using namespace ns3::fabric;
using namespace fabric_test;

namespace
{

/// A sweep of 12 small points (16 GPUs, up to 512 KiB per GPU): well under a second each.
std::string
TinySweep(const std::string& extra = "")
{
    return "name: tiny\n"
           "topology: {gpus: 16, hostsPerLeaf: 8, spines: 4, leafUplinks: 8}\n"
           "workload: {type: permutation, size: 64KiB}\n"
           "limits: {simTime: 50ms}\n"
         + extra
         + "axes:\n"
           "  size: [64KiB, 128KiB, 256KiB, 512KiB]\n"
           "  seed: [1, 2, 3]\n";
}

std::set<std::string>
Files(const std::string& dir, const std::string& ext)
{
    std::set<std::string> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    {
        if (e.path().extension() == ext
            && e.path().filename().string().find('-') == std::string::npos)
        {
            files.insert(e.path().filename().string());
        }
    }
    return files;
}

/// point column of results.csv -> how many rows have it
std::map<int, int>
PointsInResults(const std::string& csv)
{
    std::map<int, int> count;
    std::istringstream in(ReadText(csv));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("point,point_id,size,seed,", 0), 0u) << line;
    while (std::getline(in, line))
    {
        count[std::stoi(line.substr(0, line.find(',')))]++;
    }
    return count;
}

/// Start fabric-sweep in its own process group; @return its pid
pid_t
StartSweep(const std::string& sweep, const std::string& out, int jobs)
{
    std::string jobsText = std::to_string(jobs);
    std::string program = SweepProgram();
    pid_t pid = fork();
    if (pid == 0)
    {
        setpgid(0, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execl(program.c_str(),
              program.c_str(),
              sweep.c_str(),
              "--out",
              out.c_str(),
              "--jobs",
              jobsText.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

TEST(SweepSpec, AxesExpandInAStableOrderWithStableIds)
{
    std::string file = std::string(FABRIC_SOURCE_DIR) + "/topologies/sweeps/default.yaml";
    SweepSpec a = ReadSweepFile(file);
    SweepSpec b = ReadSweepFile(file);
    ASSERT_EQ(a.points.size(), 2u * 5u * 2u);
    ASSERT_EQ(a.axes.size(), 3u);
    EXPECT_EQ(a.axes[0].name, "profile");
    // The first axis varies slowest, the last fastest.
    EXPECT_EQ(a.points[0].Label(), "profile=standard size=256KiB seed=1");
    EXPECT_EQ(a.points[1].Label(), "profile=standard size=256KiB seed=2");
    EXPECT_EQ(a.points[2].Label(), "profile=standard size=512KiB seed=1");
    EXPECT_EQ(a.points[19].Label(), "profile=spectrum-x size=4MiB seed=2");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < a.points.size(); ++i)
    {
        EXPECT_EQ(a.points[i].index, i);
        EXPECT_EQ(a.points[i].id, b.points[i].id) << "ids are stable across reads";
        EXPECT_EQ(a.points[i].id.size(), 12u);
        ids.insert(a.points[i].id);
    }
    EXPECT_EQ(ids.size(), a.points.size()) << "ids are unique";
    EXPECT_EQ(a.points[16].spec.workload.bytes, 2u << 20);
    EXPECT_EQ(a.points[16].spec.seed, 1u);

    // The id is a hash of the parameters: outputs do not change it, a parameter does.
    ExperimentSpec e = a.points[0].spec;
    e.outputs.flows = !e.outputs.flows;
    EXPECT_EQ(ExperimentId(e), a.points[0].id);
    e.topology.spec.leafLink.delay = e.topology.spec.leafLink.delay + ns3::PicoSeconds(1);
    EXPECT_NE(ExperimentId(e), a.points[0].id);
}

TEST(SweepSpec, IdenticalPointsAreRejected)
{
    EXPECT_THROW(ReadSweepText("topology: {gpus: 64, hostsPerLeaf: 8}\n"
                               "axes: {size: [2MiB, 2048KiB]}\n",
                               "dup.yaml"),
                 SpecError);
}

TEST(SweepRunner, ListAndCount)
{
    ScratchDir dir("list");
    WriteText(dir / "s.yaml", TinySweep());
    RunResult count = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --count");
    EXPECT_EQ(count.status, 0);
    EXPECT_EQ(count.output, "12\n");
    RunResult list = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --list");
    EXPECT_EQ(list.status, 0);
    EXPECT_EQ(CountLines(list.output, "\t-\tsize="), 12) << list.output;
    EXPECT_NE(list.output.find("11\t"), std::string::npos);
}

TEST(SweepRunner, SigkilledSweepResumesAndRunsEveryPointExactlyOnce)
{
    ScratchDir dir("sigkill");
    WriteText(dir / "s.yaml", TinySweep());
    std::string out = dir / "out";
    pid_t pid = StartSweep(dir / "s.yaml", out, 2);
    ASSERT_GT(pid, 0);
    // Kill the whole process group (parent and running children) once some points are done
    // and before all are.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    std::size_t doneAtKill = 0;
    while (std::chrono::steady_clock::now() < deadline)
    {
        doneAtKill = Files(out + "/points", ".json").size();
        if (doneAtKill >= 3)
        {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(kill(-pid, SIGKILL), 0);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep was killed, not finished";
    std::size_t done = Files(out + "/points", ".json").size();
    ASSERT_GE(done, 3u);
    ASSERT_LT(done, 12u) << "killed mid-run";
    EXPECT_FALSE(std::filesystem::exists(out + "/results.csv")) << "no merge happened";

    RunResult resumed
        = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out) + " --jobs 2");
    EXPECT_EQ(resumed.status, 0) << resumed.output;
    EXPECT_NE(resumed.output.find(std::to_string(done) + " already done"), std::string::npos)
        << resumed.output;
    EXPECT_EQ(Files(out + "/points", ".json").size(), 12u);
    auto points = PointsInResults(out + "/results.csv");
    ASSERT_EQ(points.size(), 12u);
    for (const auto& [index, n] : points)
    {
        EXPECT_EQ(n, 1) << "point " << index << " appears once";
    }
    EXPECT_EQ(CountLines(ReadText(out + "/results.json"), "\"point\":"), 12);
    // Points finished before the kill were not run again: one attempt in their log.
    SweepSpec s = ReadSweepFile(dir / "s.yaml");
    int runOnce = 0;
    for (const auto& p : s.points)
    {
        std::string log = ReadText(PointFilesOf(out, p).log);
        runOnce += CountLines(log, "=== fabric-sweep point") == 1;
    }
    EXPECT_GE(runOnce, static_cast<int>(done));
    // A third start has nothing to do.
    RunResult again = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out));
    EXPECT_EQ(again.status, 0);
    EXPECT_NE(again.output.find("12 already done, 0 to run"), std::string::npos) << again.output;
}

TEST(SweepRunner, KillingOnlyTheParentLeavesNoOrphansAndResumes)
{
    ScratchDir dir("kill-parent");
    WriteText(dir / "s.yaml", TinySweep());
    std::string out = dir / "out";
    pid_t pid = StartSweep(dir / "s.yaml", out, 2);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline
           && Files(out + "/points", ".json").size() < 2)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    waitpid(pid, nullptr, 0);
    // The children die with their parent (PR_SET_PDEATHSIG): the group empties quickly.
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i)
    {
        gone = kill(-pid, 0) != 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(gone) << "children outlived the killed sweep";
    RunResult resumed = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out));
    EXPECT_EQ(resumed.status, 0) << resumed.output;
    auto points = PointsInResults(out + "/results.csv");
    EXPECT_EQ(points.size(), 12u);
}

TEST(SweepRunner, PointByPointThenMergeLikeASlurmJobArray)
{
    ScratchDir dir("slurm");
    WriteText(dir / "s.yaml", TinySweep());
    std::string out = dir / "out";
    std::string base = SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out);
    for (int k = 11; k >= 0; --k) // any order, as array tasks finish
    {
        if (k == 5)
        {
            RunResult partial = RunCommand(base + " --merge");
            EXPECT_EQ(partial.status, 1) << "merge of an unfinished sweep says so";
            EXPECT_NE(partial.output.find("results are incomplete: 6 of 12 points"),
                      std::string::npos)
                << partial.output;
        }
        RunResult r = RunCommand(base + " --point " + std::to_string(k));
        ASSERT_EQ(r.status, 0) << r.output;
        EXPECT_NE(r.output.find("\"point\":" + std::to_string(k) + ","), std::string::npos);
    }
    RunResult again = RunCommand(base + " --point 3");
    EXPECT_EQ(again.status, 0);
    EXPECT_NE(again.output.find("already done"), std::string::npos);
    RunResult merge = RunCommand(base + " --merge");
    EXPECT_EQ(merge.status, 0) << merge.output;
    auto points = PointsInResults(out + "/results.csv");
    ASSERT_EQ(points.size(), 12u);
    EXPECT_EQ(points.begin()->first, 0);
    EXPECT_EQ(points.rbegin()->first, 11);
    // Each point also left its complete experiment, readable as an experiment file.
    SweepSpec s = ReadSweepFile(dir / "s.yaml");
    RunResult check
        = RunCommand(SweepProgram() + " --check " + Sh(PointFilesOf(out, s.points[7]).yaml));
    EXPECT_EQ(check.status, 0) << check.output;
}

TEST(SweepRunner, WallTimeLimitStopsAPointWithoutAResult)
{
    ScratchDir dir("walltime");
    WriteText(dir / "w.yaml",
              "topology: " + std::string(FABRIC_SOURCE_DIR)
                  + "/topologies/array-512.yaml\n"
                    "workload: {type: permutation, size: 64MiB}\n"
                    "limits: {simTime: 1s, wallTime: 1s}\n");
    auto start = std::chrono::steady_clock::now();
    RunResult r = RunCommand(SweepProgram() + " " + Sh(dir / "w.yaml") + " --out " + Sh(dir / "out")
                             + " --jobs 1");
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("exceeded its wall-time limit"), std::string::npos) << r.output;
    EXPECT_LT(seconds, 30.0);
    EXPECT_TRUE(Files(dir / "out/points", ".json").empty());
    EXPECT_NE(r.output.find("results are incomplete"), std::string::npos);
}

TEST(SweepRunner, ASubSecondWallTimeIsKeptAndPrinted)
{
    ScratchDir dir("walltime-short");
    WriteText(dir / "w.yaml",
              "topology: " + std::string(FABRIC_SOURCE_DIR)
                  + "/topologies/array-512.yaml\n"
                    "workload: {type: permutation, size: 64MiB}\n"
                    "limits: {simTime: 1s, wallTime: 200ms}\n");
    RunResult r = RunCommand(SweepProgram() + " " + Sh(dir / "w.yaml") + " --out " + Sh(dir / "out")
                             + " --jobs 1");
    EXPECT_EQ(r.status, 1) << r.output;
    // Not rounded up to 1 s, not printed as "0 s".
    EXPECT_NE(r.output.find("(limits.wallTime = 0.2 s)"), std::string::npos) << r.output;
    EXPECT_TRUE(Files(dir / "out/points", ".json").empty());
}

TEST(SweepRunner, ASecondSweepOnTheSameDirectoryStopsAndAKilledOneLeavesNoLock)
{
    ScratchDir dir("lock");
    WriteText(dir / "s.yaml", TinySweep());
    std::string out = dir / "out";
    std::filesystem::create_directories(out);
    // A lock file left by a sweep that was killed: its pid is stale, nobody holds the lock.
    const std::string lockPath = out + "/" + SWEEP_LOCK_FILE;
    WriteText(lockPath, "999999\n");
    // Another sweep (this process) holds the lock.
    int fd = open(lockPath.c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);
    RunResult busy = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out));
    EXPECT_EQ(busy.status, 2) << busy.output;
    EXPECT_NE(busy.output.find(out + " is in use by another fabric-sweep (pid 999999)"),
              std::string::npos)
        << busy.output;
    EXPECT_TRUE(Files(out + "/points", ".json").empty()) << "the second sweep ran points";
    // The holder goes away (as a killed process would: the kernel drops its flock).
    close(fd);
    RunResult run
        = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out) + " --jobs 2");
    EXPECT_EQ(run.status, 0) << run.output;
    EXPECT_EQ(Files(out + "/points", ".json").size(), 12u);
    // One point run by hand while another process runs it stops too.
    RunResult list
        = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --list --out " + Sh(out));
    std::string first = list.output.substr(list.output.find("\n0\t") + 3); // after the header
    std::string id = first;
    id = id.substr(0, id.find('\t'));
    int pointFd = open((out + "/logs/" + id + ".log.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(pointFd, 0);
    ASSERT_EQ(flock(pointFd, LOCK_EX | LOCK_NB), 0);
    RunResult point = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out)
                                 + " --point 0 --force");
    EXPECT_EQ(point.status, 2) << point.output;
    EXPECT_NE(point.output.find("point 0 (" + id + ") is being run by another process"),
              std::string::npos)
        << point.output;
    close(pointFd);
}

} // namespace

TEST(SweepRunner, ACollectiveSweepKeepsEverySize)
{
    ScratchDir dir("sizes");
    WriteText(dir / "s.yaml",
              "name: sizes\n"
              "topology: {gpus: 16, hostsPerLeaf: 8, spines: 4, leafUplinks: 8}\n"
              "workload:\n"
              "  type: collective\n"
              "  op: all-reduce\n"
              "  algo: ring\n"
              "  sizes: {from: 64KiB, to: 4MiB, factor: 4}\n"
              "limits: {simTime: 1s}\n"
              "axes:\n"
              "  profile: [standard, spectrum-x]\n");
    std::string out = dir / "out";
    RunResult r = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out));
    ASSERT_EQ(r.status, 0) << r.output;
    // One row per (point, size): 2 points x 4 sizes, each point's sizes in order.
    fabric_plot::Csv results;
    std::string error;
    ASSERT_TRUE(fabric_plot::ReadCsv(out + "/results.csv", &results, &error)) << error;
    const int point = results.Column("point");
    const int bytes = results.Column("bytes");
    const int busbw = results.Column("busbw_GBps");
    const int hops = results.Column("packet_hops");
    ASSERT_TRUE(point >= 0 && bytes >= 0 && busbw >= 0 && hops >= 0);
    std::map<std::string, std::vector<std::vector<std::string>>> byPoint;
    for (const auto& cells : results.rows)
    {
        byPoint[cells[point]].push_back(cells);
    }
    ASSERT_EQ(byPoint.size(), 2u);
    for (const auto& [p, rows] : byPoint)
    {
        ASSERT_EQ(rows.size(), 4u) << "point " << p;
        for (size_t i = 0; i < rows.size(); ++i)
        {
            EXPECT_EQ(std::stod(rows[i][bytes]), double(65536ull << (2 * i)));
        }
    }
    // Spectrum-x (adaptive routing: no ECMP collisions): busbw = S / (a + S / b) grows with S.
    const auto& sx = byPoint["1"];
    for (size_t i = 1; i < sx.size(); ++i)
    {
        EXPECT_GT(std::stod(sx[i][busbw]), std::stod(sx[i - 1][busbw])) << "row " << i;
    }
    // Each row counts its own size's packets: the 1 MiB row's packet-hops are those of a run
    // of 1 MiB alone (not that plus the smaller sizes before it).
    WriteText(dir / "one.yaml",
              "name: one\n"
              "topology: {gpus: 16, hostsPerLeaf: 8, spines: 4, leafUplinks: 8}\n"
              "workload: {type: collective, op: all-reduce, algo: ring, size: 1MiB}\n"
              "profile: spectrum-x\n"
              "limits: {simTime: 1s}\n");
    RunResult one = RunCommand(SweepProgram() + " " + Sh(dir / "one.yaml") + " --out "
                               + Sh(dir / "one") + " --jobs 1");
    ASSERT_EQ(one.status, 0) << one.output;
    fabric_plot::Csv alone;
    ASSERT_TRUE(fabric_plot::ReadCsv(dir / "one/results.csv", &alone, &error)) << error;
    ASSERT_EQ(alone.rows.size(), 1u);
    ASSERT_GE(alone.Column("packet_hops"), 0);
    const double aloneHops = std::stod(alone.rows[0][alone.Column("packet_hops")]);
    EXPECT_NEAR(std::stod(sx[2][hops]), aloneHops, 0.05 * aloneHops);
    // results.json: one object per row.
    std::string json = ReadText(out + "/results.json");
    size_t objects = 0;
    for (size_t at = json.find("\"point\":"); at != std::string::npos;
         at = json.find("\"point\":", at + 1))
    {
        objects++;
    }
    EXPECT_EQ(objects, 8u);
}

TEST(SweepRunner, CcOutputsGiveATimelinePerPoint)
{
    ScratchDir dir("cc");
    WriteText(dir / "s.yaml",
              "name: cc\n"
              "topology: {gpus: 16, hostsPerLeaf: 8, spines: 4, leafUplinks: 8}\n"
              "workload: {type: permutation, size: 256KiB}\n"
              "outputs: {cc: true, ccQps: ['0-1:*'], sampleInterval: 1us}\n"
              "limits: {simTime: 50ms}\n"
              "axes:\n"
              "  profile: [standard, spectrum-x]\n");
    std::string out = dir / "out";
    RunResult r = RunCommand(SweepProgram() + " " + Sh(dir / "s.yaml") + " --out " + Sh(out));
    ASSERT_EQ(r.status, 0) << r.output;
    SweepSpec s = ReadSweepFile(dir / "s.yaml");
    for (const auto& p : s.points)
    {
        std::string csv = ReadText(PointFilesOf(out, p).cc);
        EXPECT_EQ(csv.rfind("time_us,qp,gpu,qpn,cc,rate_Gbps,window_B,inflight_B,alpha,util\n", 0),
                  0u);
        // GPUs 0 and 1 each send one flow on QP 2; nothing else is watched.
        EXPECT_GT(CountLines(csv, ",0:2,"), 10);
        EXPECT_GT(CountLines(csv, ",1:2,"), 10);
        EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n') - 1,
                  CountLines(csv, ",0:2,") + CountLines(csv, ",1:2,"));
    }
    RunResult plot = RunCommand(PlotProgram() + " sweep " + Sh(out));
    EXPECT_EQ(plot.status, 0) << plot.output;
    EXPECT_NE(plot.output.find("cc-timeline.png"), std::string::npos) << plot.output;
    // A watch that is not a queue pair: the file's line, exit status 2.
    WriteText(dir / "bad.yaml",
              "name: bad\n"
              "topology: {gpus: 16, hostsPerLeaf: 8, spines: 4, leafUplinks: 8}\n"
              "workload: {type: permutation, size: 256KiB}\n"
              "outputs: {cc: true, ccQps: ['0:1']}\n");
    RunResult bad = RunCommand(SweepProgram() + " --check " + Sh(dir / "bad.yaml"));
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find("bad.yaml:4:"), std::string::npos) << bad.output;
    EXPECT_NE(bad.output.find("outputs.ccQps: queue pair '0:1'"), std::string::npos) << bad.output;
}
