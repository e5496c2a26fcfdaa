/*
 * Example programs reject bad command-line values with one clear message and exit status 2.
 */
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

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
