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
#include "config/sweep-args.h"
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
    SweepArgs args;
    if (std::string why = args.Parse({argv + 1, argv + argc}); !why.empty())
    {
        return Usage(why);
    }
    if (args.help)
    {
        Usage();
        return SWEEP_OK;
    }
    if (!args.check.empty())
    {
        return Check(args.check);
    }
    SweepSpec sweep;
    try
    {
        sweep = ReadSweepFile(args.file);
    }
    catch (const SpecError& e)
    {
        std::cerr << e.what() << "\n";
        return SWEEP_BAD_INPUT;
    }
    if (args.count)
    {
        std::cout << sweep.points.size() << "\n";
        return SWEEP_OK;
    }
    if (args.list)
    {
        ListSweep(sweep, args.outDir, std::cout);
        return SWEEP_OK;
    }
    if (args.outDir.empty())
    {
        return Usage("--out DIR is required to run or merge a sweep");
    }
    if (args.merge)
    {
        int status = MergeSweep(sweep, args.outDir, std::cerr);
        if (status == SWEEP_OK)
        {
            std::cerr << "fabric-sweep: merged " << sweep.points.size() << " points into "
                      << args.outDir << "/results.csv and " << args.outDir << "/results.json\n";
        }
        return status;
    }
    if (args.havePoint)
    {
        return RunSweepPoint(sweep, args.point, args.outDir, args.force, std::cout, std::cerr);
    }
    SweepRunOptions options;
    options.outDir = args.outDir;
    options.jobs = args.jobs;
    options.force = args.force;
    options.program = SelfPath(argv[0]);
    options.sweepFile = args.file;
    options.progress = !args.quiet;
    return RunSweep(sweep, options, std::cerr);
}
