/*
 * The collective and training-step examples: bad inputs end with exactly one "error:" line
 * on stderr and exit status 2; a tiny valid run prints the nccl-tests columns.
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

TEST(CollectiveExample, ASmallSweepPrintsTheNcclTestsColumns)
{
    if (!Built("collective"))
    {
        GTEST_SKIP() << "examples not built";
    }
    Outcome o = RunExample("collective",
                           "--topology=leaf-spine --gpus=16 --hostsPerLeaf=8 --gpusPerServer=1 "
                           "--profile=ideal --minBytes=64K --maxBytes=256K --stepFactor=4");
    EXPECT_EQ(o.status, 0) << o.err;
    EXPECT_NE(o.out.find("size"), std::string::npos);
    EXPECT_NE(o.out.find("count"), std::string::npos);
    EXPECT_NE(o.out.find("algbw"), std::string::npos);
    EXPECT_NE(o.out.find("busbw"), std::string::npos);
    EXPECT_NE(o.out.find("       65536         16384  float"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("      262144         65536  float"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("packet conservation ok"), std::string::npos);
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
