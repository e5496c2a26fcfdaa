/*
 * The collective and training-step examples: bad inputs end with exactly one "error:" line
 * on stderr and exit status 2; a tiny valid run prints tables that an nccl-tests parser reads.
 */
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace
{

/// Result of running a program.
struct Outcome
{
    int status {-1}; //!< exit status
    std::string out; //!< stdout
    std::string err; //!< stderr
};

std::string
Slurp(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Outcome
RunExample(const std::string& program, const std::string& args)
{
    std::string exe = std::string(FABRIC_BINARY_DIR) + "/examples/" + program;
    Outcome o;
    if (access(exe.c_str(), X_OK) != 0)
    {
        return o;
    }
    std::string base = "/tmp/fabric-example-test-" + std::to_string(getpid());
    std::string cmd = "cd " FABRIC_SOURCE_DIR " && " + exe + " " + args + " >" + base + ".out 2>"
                    + base + ".err";
    int rc = std::system(cmd.c_str());
    o.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    o.out = Slurp(base + ".out");
    o.err = Slurp(base + ".err");
    std::remove((base + ".out").c_str());
    std::remove((base + ".err").c_str());
    return o;
}

bool
Built(const std::string& program)
{
    return access((std::string(FABRIC_BINARY_DIR) + "/examples/" + program).c_str(), X_OK) == 0;
}

void
ExpectOneErrorLine(const Outcome& o, const std::string& program, const std::string& args)
{
    EXPECT_EQ(o.status, 2) << program << " " << args << "\n" << o.err;
    std::string prefix = program + ": error: ";
    EXPECT_EQ(o.err.rfind(prefix, 0), 0u) << program << " " << args << ": " << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
}

} // namespace

TEST(CollectiveExample, BadInputsEndWithOneErrorLine)
{
    if (!Built("collective"))
    {
        GTEST_SKIP() << "examples not built";
    }
    for (const char* args : {"--op=all-scatter",
                             "--op=all-gather --algo=tree",
                             "--minBytes=0",
                             "--minBytes=4MiB --maxBytes=1MiB",
                             "--minBytes=1MiB --maxBytes=4MiB --stepFactor=1",
                             "--minBytes=lots",
                             "--gpus=1000",
                             "--topology=leaf-spine --gpus=20 --hostsPerLeaf=16",
                             "--topology=torus",
                             "--profile=fastest",
                             "--group=rail9",
                             "--chunk=0",
                             "--rate=400",
                             "--iters=0"})
    {
        ExpectOneErrorLine(RunExample("collective", args), "collective", args);
    }
}

namespace
{

/// One data row of an nccl-tests table.
struct NcclRow
{
    uint64_t size {0};    //!< size (B)
    uint64_t count {0};   //!< count (elements)
    std::string type;     //!< data type
    std::string redop;    //!< reduction
    int root {0};         //!< root
    double time[2] {};    //!< out-of-place, in-place time (us)
    double algbw[2] {};   //!< GB/s
    double busbw[2] {};   //!< GB/s
    std::string wrong[2]; //!< #wrong
};

/// One table: the rows and the "# Avg bus bandwidth" value.
struct NcclTable
{
    std::vector<NcclRow> rows; //!< data rows
    double avgBusbw {-1};      //!< from the average line (-1: missing)
    bool header {false};       //!< the column header was found
};

/**
 * A reader of nccl-tests' output as its users' scripts read it: a header line starting with '#'
 * that names the columns "size count type redop root time algbw busbw #wrong" and again
 * "time algbw busbw #wrong" (out-of-place, in-place), data rows of 13 fields, and
 * "# Avg bus bandwidth    : X" closing a table. Comment lines are skipped.
 */
std::vector<NcclTable>
ParseNcclTests(const std::string& text)
{
    std::vector<NcclTable> tables;
    std::istringstream in(text);
    std::string line;
    const std::vector<std::string> columns = {"size",
                                              "count",
                                              "type",
                                              "redop",
                                              "root",
                                              "time",
                                              "algbw",
                                              "busbw",
                                              "#wrong",
                                              "time",
                                              "algbw",
                                              "busbw",
                                              "#wrong"};
    while (std::getline(in, line))
    {
        std::istringstream ls(line);
        std::vector<std::string> f;
        std::string w;
        while (ls >> w)
        {
            f.push_back(w);
        }
        if (f.empty())
        {
            continue;
        }
        if (f[0] == "#")
        {
            std::vector<std::string> rest(f.begin() + 1, f.end());
            if (rest == columns)
            {
                tables.emplace_back();
                tables.back().header = true;
            }
            auto colon = line.find(':');
            if (line.rfind("# Avg bus bandwidth", 0) == 0 && colon != std::string::npos
                && !tables.empty())
            {
                tables.back().avgBusbw = std::stod(line.substr(colon + 1));
            }
            continue;
        }
        if (f[0][0] == '#' || tables.empty())
        {
            continue;
        }
        EXPECT_EQ(f.size(), 13u) << line;
        if (f.size() != 13)
        {
            continue;
        }
        NcclRow r;
        r.size = std::stoull(f[0]);
        r.count = std::stoull(f[1]);
        r.type = f[2];
        r.redop = f[3];
        r.root = std::stoi(f[4]);
        for (int g = 0; g < 2; ++g)
        {
            r.time[g] = std::stod(f[5 + 4 * g]);
            r.algbw[g] = std::stod(f[6 + 4 * g]);
            r.busbw[g] = std::stod(f[7 + 4 * g]);
            r.wrong[g] = f[8 + 4 * g];
        }
        tables.back().rows.push_back(r);
    }
    return tables;
}

} // namespace

TEST(CollectiveExample, OutputIsReadByAnNcclTestsParser)
{
    if (!Built("collective"))
    {
        GTEST_SKIP() << "examples not built";
    }

    struct Case
    {
        const char* op;
        const char* redop;
        double busFactor; //!< nccl-tests: busbw / algbw on n = 16 ranks
        uint64_t perRank; //!< count = size / 4 / perRank
        int root;
    };

    const uint32_t n = 16;
    const Case cases[] = {
        {"all-reduce", "sum", 2.0 * (n - 1) / n, 1, -1},
        {"all-gather", "none", double(n - 1) / n, n, -1},
        {"reduce-scatter", "sum", double(n - 1) / n, n, -1},
        {"all-to-all", "none", double(n - 1) / n, n, -1},
        {"broadcast --root=5", "none", 1.0, 1, 5},
    };
    for (const auto& c : cases)
    {
        Outcome o = RunExample("collective",
                               std::string("--topology=leaf-spine --gpus=16 --hostsPerLeaf=8 "
                                           "--gpusPerServer=1 --profile=ideal,standard "
                                           "--minBytes=64K --maxBytes=1M --stepFactor=4 --op=")
                                   + c.op);
        ASSERT_EQ(o.status, 0) << c.op << "\n" << o.err;
        std::vector<NcclTable> tables = ParseNcclTests(o.out);
        ASSERT_EQ(tables.size(), 2u) << c.op << ": one table per profile\n" << o.out;
        for (const auto& t : tables)
        {
            ASSERT_EQ(t.rows.size(), 3u) << o.out; // 64 KiB, 256 KiB, 1 MiB
            double sum = 0;
            for (std::size_t i = 0; i < t.rows.size(); ++i)
            {
                const NcclRow& r = t.rows[i];
                EXPECT_EQ(r.size, 65536u << (2 * i)) << c.op;
                EXPECT_EQ(r.count, r.size / 4 / c.perRank) << c.op;
                EXPECT_EQ(r.type, "float");
                EXPECT_EQ(r.redop, c.redop) << c.op;
                EXPECT_EQ(r.root, c.root) << c.op;
                for (int g = 0; g < 2; ++g)
                {
                    // algbw = size / time; busbw = algbw x the collective's factor (both
                    // rounded to 0.01 GB/s when printed).
                    EXPECT_NEAR(
                        r.algbw[g], r.size / (r.time[g] * 1e-6) / 1e9, 0.01 + 1e-3 * r.algbw[g])
                        << c.op;
                    EXPECT_NEAR(r.busbw[g], r.algbw[g] * c.busFactor, 0.011) << c.op;
                    EXPECT_EQ(r.wrong[g], "N/A");
                    sum += r.busbw[g];
                }
            }
            EXPECT_NEAR(t.avgBusbw, sum / (2 * t.rows.size()), 0.01) << c.op;
        }
        EXPECT_NE(o.out.find("packet conservation ok"), std::string::npos);
    }
}

TEST(TrainingStepExample, BadInputsEndWithOneErrorLine)
{
    if (!Built("training-step"))
    {
        GTEST_SKIP() << "examples not built";
    }
    std::string bad = "/tmp/fabric-bad-" + std::to_string(getpid()) + ".trace";
    {
        std::ofstream f(bad);
        f << "fabric-trace 1\nparallel tp=8 dp=2\ncompute c ranks=all time=5\n";
    }
    for (std::string args : {std::string(""),
                             std::string("--trace=a --simai=b"),
                             std::string("--trace=/nonexistent.trace"),
                             "--trace=" + bad,
                             std::string("--trace=examples/traces/dp-tp-step.trace --gpuMix=A100"),
                             std::string("--trace=examples/traces/dp-tp-step.trace --gpus=100"),
                             std::string("--trace=examples/traces/dp-tp-step.trace --profile=x"),
                             std::string("--simai=examples/traces/simai-gpt-64.txt --tick=0ns")})
    {
        ExpectOneErrorLine(RunExample("training-step", args), "training-step", args);
    }
    std::remove(bad.c_str());
}

TEST(CollectiveExample, ProgressLinesGoToStderrAndChangeNothing)
{
    if (!Built("collective"))
    {
        GTEST_SKIP() << "examples not built";
    }
    const std::string args = "--topology=leaf-spine --gpus=64 --hostsPerLeaf=8 --op=all-to-all "
                             "--minBytes=1M --maxBytes=1M --profile=standard";
    Outcome quiet = RunExample("collective", args + " --progress=0");
    Outcome chatty = RunExample("collective", args + " --progress=1e-9");
    ASSERT_EQ(quiet.status, 0) << quiet.err;
    ASSERT_EQ(chatty.status, 0) << chatty.err;
    EXPECT_EQ(quiet.err.find("progress:"), std::string::npos) << quiet.err;
    // Every 65,536 events a line: simulated time, ranks done, packet-hops, real time.
    EXPECT_NE(chatty.err.find("progress: all-to-all 1048576 B: "), std::string::npos) << chatty.err;
    EXPECT_NE(chatty.err.find(" of 64 ranks done, "), std::string::npos) << chatty.err;
    // The same simulation: the summary line's events and packet-hops are equal (the times
    // differ), and the table rows too.
    auto summary = [](const std::string& out) {
        size_t at = out.find("# standard   avg busbw");
        std::string line = out.substr(at, out.find('\n', at) - at);
        size_t events = line.find(" events");
        size_t from = line.rfind(", ", events);
        return line.substr(from, line.find("(", events) - from);
    };
    EXPECT_EQ(summary(quiet.out), summary(chatty.out));
    auto row = [](const std::string& out) {
        size_t at = out.find("     1048576");
        return out.substr(at, out.find('\n', at) - at);
    };
    EXPECT_EQ(row(quiet.out), row(chatty.out));
}
