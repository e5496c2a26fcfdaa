/*
 * fabric-sweep: run the points of a YAML sweep (or one experiment) in parallel, resumably.
 *
 *   fabric-sweep SWEEP.yaml --out DIR [--jobs N] [--force] [--quiet]
 *                                     run every point not done yet, then merge
 *   fabric-sweep SWEEP.yaml --list [--out DIR]       one line per point (index, id, status)
 *   fabric-sweep SWEEP.yaml --count                  number of points
 *   fabric-sweep SWEEP.yaml --out DIR --point K      run point K here (Slurm, GNU parallel)
 *   fabric-sweep SWEEP.yaml --out DIR --merge        join DIR/points/* into DIR/results.*
 *   fabric-sweep --check FILE.yaml                   read and check a topology, experiment
 *                                                    or sweep file, print a summary
 *
 * Exit status: 0 done, 1 a point failed (or results incomplete), 2 bad input.
 */
#include "config/yaml-sweep.h"
#include "config/yaml-topology.h"
#include "experiment/experiment-runner.h"
#include "experiment/sweep-runner.h"
#include "experiment/workload-runners.h"
#include "helper/heap-scheduler.h"

#include "ns3/nstime.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

int
Usage(const std::string& problem = "")
{
    if (!problem.empty())
    {
        std::cerr << "fabric-sweep: error: " << problem << "\n";
    }
    std::cerr << "usage:\n"
                 "  fabric-sweep SWEEP.yaml --out DIR [--jobs N] [--force] [--quiet]\n"
                 "  fabric-sweep SWEEP.yaml --list [--out DIR]\n"
                 "  fabric-sweep SWEEP.yaml --count\n"
                 "  fabric-sweep SWEEP.yaml --out DIR --point K [--force]\n"
                 "  fabric-sweep SWEEP.yaml --out DIR --merge\n"
                 "  fabric-sweep --check FILE.yaml\n"
                 "SWEEP.yaml is an experiment file with an optional 'axes' map; see README, "
                 "\"Sweep files\".\n";
    return SWEEP_BAD_INPUT;
}

/// @return the path of this executable (children run it with --point K)
std::string
SelfPath(const char* argv0)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n > 0)
    {
        buf[n] = '\0';
        return buf;
    }
    return argv0;
}

/// @return true when @p text is a whole number that fits 32 bits
bool
ParseIndex(const std::string& text, uint32_t* value)
{
    if (text.empty() || text.size() > 10
        || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    unsigned long long v = std::stoull(text);
    if (v > UINT32_MAX)
    {
        return false;
    }
    *value = static_cast<uint32_t>(v);
    return true;
}

/// Read a file of any of the three kinds and print what it describes.
int
Check(const std::string& path)
{
    // A file with a 'topology' key is an experiment (or sweep); otherwise a topology file.
    SweepSpec sweep;
    std::string experimentError;
    try
    {
        sweep = ReadSweepFile(path);
    }
    catch (const SpecError& e)
    {
        if (e.Message().find("missing key 'topology'") == std::string::npos)
        {
            std::cerr << e.what() << "\n";
            return SWEEP_BAD_INPUT;
        }
        experimentError = e.what();
    }
    if (!experimentError.empty())
    {
        try
        {
            TopologyConfig t = ReadTopologyFile(path);
            const TopologySpec& s = t.spec;
            std::cout << path << ": topology '" << t.name << "': " << s.gpus << " GPUs, " << s.tiers
                      << " tiers, " << s.NumLeaves() << " leaves, " << s.NumSpinesTotal()
                      << " spines"
                      << (s.tiers == 3 ? ", " + std::to_string(s.Cores()) + " cores, "
                                             + std::to_string(s.NumPods()) + " pods"
                                       : std::string())
                      << ", " << (s.wiring == Wiring::RAIL ? "rail" : "ToR") << " wiring\n";
            return SWEEP_OK;
        }
        catch (const SpecError& e)
        {
            // An experiment without its topology reads as a topology with experiment keys:
            // then the missing 'topology' is the message that helps.
            bool experimentKey = false;
            for (const char* key :
                 {"profile", "overrides", "workload", "seed", "limits", "outputs", "axes"})
            {
                experimentKey = experimentKey
                             || e.Message().rfind(std::string("unknown key '") + key + "'", 0) == 0;
            }
            std::cerr << (experimentKey ? experimentError : std::string(e.what())) << "\n";
            return SWEEP_BAD_INPUT;
        }
    }
    std::cout << path << ": " << sweep.points.size() << " point"
              << (sweep.points.size() == 1 ? "" : "s") << ", " << sweep.axes.size() << " axes";
    for (const auto& a : sweep.axes)
    {
        std::cout << "; " << a.name << " (" << a.values.size() << ")";
    }
    std::cout << "\n";
    for (const auto& p : sweep.points)
    {
        if (!HasWorkloadRunner(p.spec.workload.type))
        {
            std::cout << "  note: point " << p.index << " uses workload '" << p.spec.workload.type
                      << "', which has no runner in this build yet\n";
            break;
        }
    }
    return SWEEP_OK;
}

} // namespace

int
main(int argc, char* argv[])
{
    Time::SetResolution(Time::PS);
    UseFabricScheduler();
    RegisterCollectiveWorkloads();
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string file;
    std::string outDir;
    std::string check;
    uint32_t jobs = std::max(1u, std::thread::hardware_concurrency());
    bool list = false;
    bool count = false;
    bool merge = false;
    bool force = false;
    bool quiet = false;
    bool havePoint = false;
    uint32_t point = 0;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        auto value = [&](const std::string& what) -> std::string {
            if (i + 1 >= args.size())
            {
                Usage("option " + a + " needs " + what);
                std::exit(SWEEP_BAD_INPUT);
            }
            return args[++i];
        };
        if (a == "--out")
        {
            outDir = value("a directory");
        }
        else if (a == "--jobs" || a == "-j")
        {
            std::string v = value("a number");
            if (!ParseIndex(v, &jobs) || jobs == 0 || jobs > 1024)
            {
                return Usage("--jobs must be a number between 1 and 1024; got '" + v + "'");
            }
        }
        else if (a == "--point")
        {
            std::string v = value("a point index");
            if (!ParseIndex(v, &point))
            {
                return Usage("--point must be a point index (0, 1, ...); got '" + v + "'");
            }
            havePoint = true;
        }
        else if (a == "--check")
        {
            check = value("a YAML file");
        }
        else if (a == "--list")
        {
            list = true;
        }
        else if (a == "--count")
        {
            count = true;
        }
        else if (a == "--merge")
        {
            merge = true;
        }
        else if (a == "--force")
        {
            force = true;
        }
        else if (a == "--quiet")
        {
            quiet = true;
        }
        else if (a == "--help" || a == "-h")
        {
            Usage();
            return SWEEP_OK;
        }
        else if (a.rfind("-", 0) == 0)
        {
            return Usage("unknown option '" + a + "'");
        }
        else if (file.empty())
        {
            file = a;
        }
        else
        {
            return Usage("more than one sweep file ('" + file + "', '" + a + "')");
        }
    }
    if (!check.empty())
    {
        return Check(check);
    }
    if (file.empty())
    {
        return Usage("no sweep file given");
    }
    if (list + count + merge + havePoint > 1)
    {
        return Usage("--list, --count, --point and --merge exclude each other");
    }
    SweepSpec sweep;
    try
    {
        sweep = ReadSweepFile(file);
    }
    catch (const SpecError& e)
    {
        std::cerr << e.what() << "\n";
        return SWEEP_BAD_INPUT;
    }
    if (count)
    {
        std::cout << sweep.points.size() << "\n";
        return SWEEP_OK;
    }
    if (list)
    {
        ListSweep(sweep, outDir, std::cout);
        return SWEEP_OK;
    }
    if (outDir.empty())
    {
        return Usage("--out DIR is required to run or merge a sweep");
    }
    if (merge)
    {
        int status = MergeSweep(sweep, outDir, std::cerr);
        if (status == SWEEP_OK)
        {
            std::cerr << "fabric-sweep: merged " << sweep.points.size() << " points into " << outDir
                      << "/results.csv and " << outDir << "/results.json\n";
        }
        return status;
    }
    if (havePoint)
    {
        return RunSweepPoint(sweep, point, outDir, force, std::cout, std::cerr);
    }
    SweepRunOptions options;
    options.outDir = outDir;
    options.jobs = jobs;
    options.force = force;
    options.program = SelfPath(argv[0]);
    options.sweepFile = file;
    options.progress = !quiet;
    return RunSweep(sweep, options, std::cerr);
}
