/*
 * Example programs reject bad command-line values with one clear message and exit status 2.
 */
#include "config/units.h"
#include "plots/plot-data.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace
{

/// Run a program of the build with arguments; capture stdout+stderr and the exit status.
int
RunProgram(const std::string& program, const std::string& args, std::string* output)
{
    std::string cmd
        = std::string(FABRIC_BINARY_DIR) + "/examples/" + program + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe)
    {
        return -1;
    }
    std::array<char, 4096> buf {};
    output->clear();
    while (fgets(buf.data(), buf.size(), pipe))
    {
        *output += buf.data();
    }
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct BadValue
{
    const char* program; //!< example program
    const char* args;    //!< arguments
    const char* message; //!< expected part of the message
};

} // namespace

TEST(CommandLine, BadValuesGetOneClearErrorAndExitStatus2)
{
    const BadValue cases[] = {
        {"permutation", "--rate=0Gbps", "--rate must be a positive rate with a unit"},
        {"permutation", "--rate=400", "--rate must be a positive rate with a unit"},
        {"permutation", "--gpus=100 --hostsPerLeaf=16", "must be a multiple of hostsPerLeaf"},
        {"permutation", "--gpus=0", "gpus must be > 0"},
        {"permutation", "--routing=fastest", "unknown routing policy 'fastest'"},
        {"permutation", "--flowSize=0MiB", "--flowSize must be a positive size"},
        {"permutation", "--flowSize=2", "--flowSize must be a positive size with a unit"},
        {"permutation", "--topology=torus", "--topology must be leaf-spine or fat-tree"},
        {"permutation", "--topology=fat-tree --k=5", "--k must be an even number"},
        {"ecmp-vs-spectrum-x", "--variants=spectrumx", "unknown profile 'spectrumx'"},
        {"ecmp-vs-spectrum-x",
         "--variants=standard/cc=cubic",
         "unknown congestion control 'cubic'"},
        {"ecmp-vs-spectrum-x", "--variants=standard/color=red", "unknown override 'color'"},
        {"ecmp-vs-spectrum-x", "--rate=0Gbps", "--rate must be a positive rate"},
        {"ecmp-vs-spectrum-x", "--gpus=100 --hostsPerLeaf=32", "multiple of hostsPerLeaf"},
        {"ecmp-vs-spectrum-x", "--pattern=ring", "--pattern must be permutation or all-to-all"},
        {"collective", "--failLinks=leaf99", "--failLinks: 'leaf99': expected a switch"},
        {"collective", "--failLinks=leaf0:999", "'leaf0:999': leaf0 has ports 0 to 127"},
        {"collective", "--failLinks=leaf-spine:200%", "expected a share from 0% to 100%"},
        {"collective", "--failLinks=leaf0 --failAt=5", "--failAt must be a time >= 0 with a unit"},
        {"collective",
         "--failLinks=leaf0 --failAt=10us --recoverAt=5us",
         "--recoverAt must be a time with a unit after --failAt"},
        {"collective", "--recoverAt=5us", "--failAt and --recoverAt need --failLinks"},
        {"collective",
         "--degradeLinks=gpu0",
         "--degradeLinks needs --degradeRate or --degradeLoss"},
        {"collective",
         "--degradeLinks=gpu0 --degradeLoss=2",
         "--degradeLoss must be a probability"},
    };
    for (const auto& c : cases)
    {
        std::string out;
        int status = RunProgram(c.program, c.args, &out);
        EXPECT_EQ(status, 2) << c.program << " " << c.args << "\n" << out;
        EXPECT_NE(out.find("error:"), std::string::npos) << out;
        EXPECT_NE(out.find(c.message), std::string::npos) << c.args << "\n" << out;
        EXPECT_EQ(out.find("NS_ABORT"), std::string::npos) << out;
        EXPECT_EQ(out.find("terminate called"), std::string::npos) << out;
    }
}

TEST(CommandLine, MalformedFlagsGetOneErrorLineAndExitStatus2BeforeAnythingRuns)
{
    const std::string trace = std::string(FABRIC_SOURCE_DIR) + "/examples/traces/dp-tp-step.trace";
    const BadValue cases[] = {
        {"permutation", "--gpus=abc", "--gpus must be a whole number from 0 to 4294967295"},
        {"permutation", "--gpus=99999999999", "got '99999999999'"},
        {"permutation", "--gpus=-1", "--gpus must be a whole number"},
        {"permutation", "--gpus=", "--gpus must be a whole number"},
        {"permutation", "--gpus", "--gpus needs a value"},
        {"permutation", "--bogus=1", "unknown flag '--bogus'"},
        {"permutation", "--gpus=64 --gpus=128", "--gpus is given twice"},
        {"permutation", "stray", "unexpected argument 'stray'"},
        {"permutation", "--k=8", "--k does not apply with --topology=leaf-spine"},
        {"permutation", "--topology=fat-tree --gpus=128", "--gpus does not apply"},
        {"permutation", "--ns3::fabric::RdmaNic::AckDscp=abc", "is not a valid"},
        {"permutation", "--ns3::fabric::RdmaNic::NoSuch=1", "has no attribute 'NoSuch'"},
        {"permutation", "--RngRun=x", "--RngRun must be a whole number"},
        {"permutation", "--SchedulerType=ns3::NoSuchScheduler", "must be a TypeId name"},
        {"permutation", "--json=/", "cannot write --json=/: it is a directory"},
        {"permutation", "--fctCsv=/dev/null/x.csv", "cannot write --fctCsv=/dev/null/x.csv"},
        {"collective", "--stepFactor=two", "--stepFactor must be a finite number"},
        {"collective",
         "--hostsPerLeaf=8",
         "--hostsPerLeaf does not apply with --topology=colossus"},
        {"collective", "--topology=leaf-spine --arraysPerPod=2", "--arraysPerPod does not apply"},
        {"collective", "--csv=/", "cannot write --csv=/"},
        {"collective", "--ccQps=1:0", "--ccQps: queue pair '1:0': expected GPU:QPN"},
        {"collective", "--ccInterval=5", "--ccInterval must be a positive time"},
        {"collective", "--ccPrefix=/dev/null/x", "cannot write --ccPrefix=/dev/null/x"},
        {"collective", "--linksPrefix=/dev/null/x", "cannot write --linksPrefix=/dev/null/x"},
        {"ecmp-vs-spectrum-x", "--linkStats=maybe", "--linkStats must be true or false"},
        {"ecmp-vs-spectrum-x", "--json=/dev/null/x.json", "cannot write --json"},
        {"ecmp-vs-spectrum-x", "--ccQps=1:0", "--ccQps: queue pair '1:0': expected GPU:QPN"},
        {"ecmp-vs-spectrum-x", "--ccInterval=5", "--ccInterval must be a positive time"},
        {"ecmp-vs-spectrum-x", "--ccPrefix=/dev/null/x", "cannot write --ccPrefix=/dev/null/x"},
        {"training-step", "--chakra=nonexistent", "nonexistent: no Chakra trace here"},
        {"multi-job", "--jobs=a:512:all-reduce", "--jobs: job 1 'a:512:all-reduce': expected"},
        {"multi-job", "--jobs=a:12:all-reduce:1MiB", "a job takes whole servers"},
        {"multi-job",
         "'--jobs=a:1024:all-reduce:1MiB;b:512:all-to-all:1MiB'",
         "the jobs need 1536 GPUs; the fabric has 1024"},
        {"multi-job", "--placement=packed", "--placement must be contiguous, random or striped"},
        {"multi-job", "--gpus=1000", "--gpus must be a positive multiple of 512"},
        {"multi-job", "--jobs=a:8:all-to-all/ring:1MiB", "unknown algorithm 'ring' for all-to-all"},
        {"multi-job", "--iters=0", "--iters must be >= 1"},
        {"multi-job", "--background=16", "--background must be a positive size with a unit"},
        {"multi-job", "--background=0MiB", "--background must be a positive size with a unit"},
        {"multi-job",
         "--jobs=t:64:simai:no-such-step.txt",
         "job 't': no-such-step.txt: cannot open"},
        {"multi-job",
         "--jobs=t:128:trace:" FABRIC_SOURCE_DIR "/examples/traces/dp-tp-step.trace",
         "is a workload of 64 GPUs, the job has 128"},
        {"multi-job", "--json=/", "cannot write --json=/"},
        {"training-step", "--json=/ --trace=nonexistent.trace", "cannot write --json=/"},
    };
    for (const auto& c : cases)
    {
        std::string out;
        int status = RunProgram(c.program, c.args, &out);
        EXPECT_EQ(status, 2) << c.program << " " << c.args << "\n" << out;
        EXPECT_EQ(out.rfind(std::string(c.program) + ": error: ", 0), 0u) << c.args << "\n" << out;
        EXPECT_NE(out.find(c.message), std::string::npos) << c.args << "\n" << out;
        // One line: no help dump, nothing from a run.
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << c.args << "\n" << out;
    }
    // The training replay checks its own flags the same way, after reading the trace.
    std::string out;
    EXPECT_EQ(RunProgram("training-step",
                         "--trace=" + trace + " --topology=leaf-spine --arraysPerPod=2",
                         &out),
              2)
        << out;
    EXPECT_NE(out.find("--arraysPerPod does not apply with --topology=leaf-spine"),
              std::string::npos)
        << out;
}

TEST(CommandLine, GoodFlagsAttributesAndHelpStillWork)
{
    std::string out;
    EXPECT_EQ(RunProgram("permutation", "--help", &out), 0) << out;
    EXPECT_NE(out.find("--flowSize"), std::string::npos) << out;
    // An attribute default and a global value from the command line reach the run.
    std::string json = ::testing::TempDir() + "cli-attribute.json";
    std::remove(json.c_str());
    EXPECT_EQ(RunProgram("collective",
                         "--topology=leaf-spine --gpus=16 --hostsPerLeaf=8 --gpusPerServer=1 "
                         "--minBytes=64KiB --maxBytes=64KiB --profile=spectrum-x --RngRun=2 "
                         "--ns3::fabric::RdmaNic::BaseRtt=20us --json="
                             + json,
                         &out),
              0)
        << out;
    FILE* f = std::fopen(json.c_str(), "r");
    ASSERT_NE(f, nullptr);
    std::array<char, 8192> buf {};
    std::string text(buf.data(), std::fread(buf.data(), 1, buf.size() - 1, f));
    std::fclose(f);
    // Without the flag the base RTT is the idle round trip of the longest path (a few us).
    EXPECT_NE(text.find("\"base_rtt_us\":20.000"), std::string::npos) << text;
}

TEST(CommandLine, ARunCutOffByItsTimeLimitReportsFramesInFlightNotAViolation)
{
    std::string out;
    // 2 MiB per GPU needs ~45 us at 400 Gb/s: at 20 us frames are in queues and on cables.
    EXPECT_EQ(RunProgram("permutation", "--gpus=256 --hostsPerLeaf=16 --stopTime=20us", &out), 1)
        << out;
    EXPECT_NE(out.find("packet conservation    ok, "), std::string::npos) << out;
    EXPECT_NE(out.find("frames in flight at the stop"), std::string::npos) << out;
    EXPECT_EQ(out.find("VIOLATED"), std::string::npos) << out;
    EXPECT_NE(out.find("\"conserved\":true"), std::string::npos) << out;
    // A training step that does not finish still reports the simulator and conservation.
    EXPECT_EQ(RunProgram("training-step",
                         "--trace=" + std::string(FABRIC_SOURCE_DIR)
                             + "/examples/traces/dp-tp-step.trace --profile=standard "
                               "--timeLimit=400us",
                         &out),
              1)
        << out;
    EXPECT_NE(out.find("did not finish"), std::string::npos) << out;
    EXPECT_NE(out.find("packet conservation ok"), std::string::npos) << out;
}

TEST(CommandLine, MalformedTraceCorpusGetsOneLocatedErrorAndExitStatus2)
{
    // tests/malformed/traces: one file per class of mistake, its first line
    // "# expect: LINE[:COLUMN] | MESSAGE" ("-" for a file-level error).
    const std::string dir = std::string(FABRIC_SOURCE_DIR) + "/tests/malformed/traces";
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
    {
        if (e.path().extension() == ".trace")
        {
            files.push_back(e.path().filename().string());
        }
    }
    std::sort(files.begin(), files.end());
    EXPECT_GE(files.size(), 30u);
    for (const auto& file : files)
    {
        const std::string path = dir + "/" + file;
        std::ifstream in(path);
        std::string first;
        std::getline(in, first);
        const std::string tag = "# expect: ";
        ASSERT_EQ(first.rfind(tag, 0), 0u) << file;
        std::string rest = first.substr(tag.size());
        std::string location = rest.substr(0, rest.find(" | "));
        std::string message = rest.substr(rest.find(" | ") + 3);
        std::string where = location == "-" ? path + ": " : path + ":" + location + ": ";
        std::string json = ::testing::TempDir() + "trace-corpus.json";
        std::remove(json.c_str());
        std::string out;
        int status = RunProgram("training-step", "--trace=" + path + " --json=" + json, &out);
        EXPECT_EQ(status, 2) << file << "\n" << out;
        EXPECT_EQ(out.rfind("training-step: error: " + where, 0), 0u)
            << file << ": expected the location " << where << " in\n"
            << out;
        EXPECT_NE(out.find(message), std::string::npos)
            << file << ": expected '" << message << "' in\n"
            << out;
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << file << "\n" << out;
        EXPECT_FALSE(std::filesystem::exists(json)) << file << ": wrote a result";
    }
}

namespace
{

/// @return the number of records of a well-formed pcap file (-1 if it is not one)
long
PcapRecords(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    uint32_t header[6];
    if (!in.read(reinterpret_cast<char*>(header), sizeof(header))
        || (header[0] != 0xa1b2c3d4 && header[0] != 0xa1b23c4d))
    {
        return -1;
    }
    long n = 0;
    uint32_t rec[4];
    while (in.read(reinterpret_cast<char*>(rec), sizeof(rec)))
    {
        if (rec[2] == 0 || rec[2] > rec[3] || rec[2] > 65536 || !in.seekg(rec[2], std::ios::cur))
        {
            return -1;
        }
        ++n;
    }
    return in.eof() && in.gcount() == 0 ? n : -1;
}

} // namespace

TEST(CommandLine, EveryExampleWritesAPcapOfGpu0sPort)
{
    const std::string dir = ::testing::TempDir() + "pcap-" + std::to_string(getpid()) + "/";
    std::filesystem::create_directories(dir);
    const std::string leaf = "--topology=leaf-spine --gpus=16 --hostsPerLeaf=8 ";

    struct Case
    {
        const char* program;
        std::string args;
        std::vector<std::string> files;
    };

    const Case cases[] = {
        {"permutation", leaf + "--flowSize=64KiB --pcap=" + dir + "p.pcap", {"p.pcap"}},
        {"collective",
         leaf + "--gpusPerServer=1 --minBytes=64K --maxBytes=64K --pcap=" + dir + "c.pcap",
         {"c-standard.pcap", "c-spectrum-x.pcap"}},
        {"collective",
         leaf + "--gpusPerServer=1 --minBytes=64K --maxBytes=64K --profile=ideal --pcap=" + dir
             + "one.pcap",
         {"one.pcap"}},
        {"ecmp-vs-spectrum-x",
         leaf + "--flowSize=64KiB --variants='standard;spectrum-x/cc=none' --pcap=" + dir
             + "v.pcap",
         {"v-standard.pcap", "v-spectrum-x_cc_none.pcap"}},
        {"training-step",
         "--trace=" + std::string(FABRIC_SOURCE_DIR)
             + "/examples/traces/dp-tp-step.trace --iterations=1 --profile=ideal --pcap=" + dir
             + "t.pcap",
         {"t.pcap"}},
    };
    for (const auto& c : cases)
    {
        std::string out;
        EXPECT_EQ(RunProgram(c.program, c.args, &out), 0) << c.program << "\n" << out;
        for (const auto& f : c.files)
        {
            // GPU 0 sends and receives data: at least one frame each way, in a readable file.
            EXPECT_GE(PcapRecords(dir + f), 2) << c.program << ": " << f;
        }
    }
    std::filesystem::remove_all(dir);
}

TEST(CommandLine, CollectiveWritesCcAndLinkTimelinesPerProfile)
{
    const std::string dir = ::testing::TempDir() + "timelines-" + std::to_string(getpid()) + "/";
    std::string out;
    // A 4 MiB all-to-all over 16 single-GPU servers on a 2:1 leaf-spine: the downlinks and
    // uplinks carry traffic, and every QP of GPU 0 has data for a while.
    ASSERT_EQ(RunProgram("collective",
                         "--topology=leaf-spine --gpus=16 --hostsPerLeaf=8 --gpusPerServer=1 "
                         "--op=all-to-all --minBytes=4MiB --maxBytes=4MiB "
                         "--profile=standard,spectrum-x --ccQps=0:* --ccInterval=1us --ccPrefix="
                             + dir + "a- --linksPrefix=" + dir + "a- --topQueues=4",
                         &out),
              0)
        << out;
    auto read = [](const std::string& path) {
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    for (const std::string profile : {"standard", "spectrum-x"})
    {
        std::string cc = read(dir + "a-" + profile + "-cc.csv");
        ASSERT_EQ(cc.rfind("time_us,qp,gpu,qpn,cc,rate_Gbps,window_B,inflight_B,alpha,util\n", 0),
                  0u)
            << profile;
        // GPU 0 sends to each of its 15 peers on its own QP: 15 QPs have rows.
        std::set<std::string> qps;
        std::istringstream lines(cc);
        std::string line;
        std::getline(lines, line);
        while (std::getline(lines, line))
        {
            auto cells = fabric_plot::SplitCsvLine(line);
            ASSERT_EQ(cells.size(), 10u) << line;
            EXPECT_EQ(cells[2], "0");
            EXPECT_EQ(cells[4], profile == "standard" ? "dcqcn" : "telemetry");
            EXPECT_EQ(cells[9].empty(), profile == "standard") << line;
            qps.insert(cells[1]);
        }
        EXPECT_EQ(qps.size(), 15u) << profile;
        std::string links = read(dir + "a-" + profile + "-links.csv");
        EXPECT_EQ(links.rfind("tier,switch,port,name,peer,rate_Gbps,tx_bytes,util_pct,", 0), 0u);
        // 2 leaves x (8 down + 8 up) + 8 spines x 2 down: 48 ports, one row each.
        EXPECT_EQ(std::count(links.begin(), links.end(), '\n'), 1 + 48) << links;
        std::string queues = read(dir + "a-" + profile + "-queues.csv");
        EXPECT_EQ(queues.rfind("time_us,port,queue_B,util_pct\n", 0), 0u);
    }
    std::filesystem::remove_all(dir);
}

TEST(CommandLine, FlagListsSplitTrimmedWithoutEmptyItems)
{
    using V = std::vector<std::string>;
    using ns3::fabric::SplitList;
    EXPECT_EQ(SplitList("standard, spectrum-x"), (V {"standard", "spectrum-x"}));
    EXPECT_EQ(SplitList(" a ,, b,"), (V {"a", "b"}));
    EXPECT_EQ(SplitList("x/cc=none; y", ';'), (V {"x/cc=none", "y"}));
    EXPECT_EQ(SplitList("0:*,1:*"), (V {"0:*", "1:*"}));
    EXPECT_TRUE(SplitList("").empty());
    EXPECT_TRUE(SplitList(" , ").empty());
}

TEST(CommandLine, CollectiveReportsAnUnreachableGpuAndWhoWaitsForIt)
{
    std::string out;
    int status = RunProgram("collective",
                            "--topology=leaf-spine --gpus=16 --hostsPerLeaf=8 --wiring=tor "
                            "--op=all-to-all --minBytes=1MiB --maxBytes=1MiB --profile=standard "
                            "--failLinks=gpu3 --timeLimit=2ms",
                            &out);
    EXPECT_EQ(status, 1) << out; // ran, did not finish: not bad input
    EXPECT_NE(out.find("# condition: fail gpu3 before the run (1 of 32 cables)"), std::string::npos)
        << out;
    EXPECT_NE(out.find("# unreachable now: gpu3 (its cable is down)"), std::string::npos) << out;
    EXPECT_NE(out.find("did not finish within --timeLimit"), std::string::npos) << out;
    EXPECT_NE(out.find("waits for chunk 1 of 1 from rank 3 (GPU 3)"), std::string::npos) << out;
    EXPECT_NE(out.find("packet conservation ok"), std::string::npos) << out;
}
