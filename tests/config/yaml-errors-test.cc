/*
 * Bad input, through the real fabric-sweep program: every file of the malformed corpus
 * (tests/malformed/, one file per class of mistake, its first line "# expect: LINE:COLUMN |
 * MESSAGE") gives exactly one error line with FILE:LINE:COLUMN and the message, exit status 2,
 * no crash, and no result files. Also: unreadable files, bad options, points that cannot run.
 */
#include "config/yaml-error.h"
#include "config/yaml-experiment.h"
#include "config/yaml-sweep.h"
#include "config/yaml-topology.h"
#include "yaml-test-util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace fabric_test;
using namespace ns3::fabric;

namespace
{

std::string
CorpusDir()
{
    return std::string(FABRIC_SOURCE_DIR) + "/tests/malformed";
}

std::vector<std::string>
CorpusFiles()
{
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(CorpusDir()))
    {
        if (e.path().extension() == ".yaml")
        {
            files.push_back(e.path().filename().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// The expectation in a corpus file's first line.
struct Expectation
{
    std::string location; //!< "LINE:COLUMN" or "OTHER.yaml:LINE:COLUMN"
    std::string message;  //!< a substring of the message
};

Expectation
ExpectationOf(const std::string& file)
{
    std::string first = ReadText(CorpusDir() + "/" + file);
    first = first.substr(0, first.find('\n'));
    const std::string tag = "# expect: ";
    EXPECT_EQ(first.rfind(tag, 0), 0u) << file << ": first line must be '# expect: L:C | text'";
    std::string rest = first.substr(tag.size());
    auto bar = rest.find(" | ");
    return {rest.substr(0, bar), rest.substr(bar + 3)};
}

class MalformedCorpus : public ::testing::TestWithParam<std::string>
{
};

TEST_P(MalformedCorpus, OneClearMessageWithLocationAndExitStatus2)
{
    const std::string file = GetParam();
    const std::string path = CorpusDir() + "/" + file;
    Expectation e = ExpectationOf(file);
    std::string where = e.location.find(".yaml") != std::string::npos
                             || e.location.find(".txt") != std::string::npos
                          ? CorpusDir() + "/" + e.location
                          : path + ":" + e.location;

    RunResult r = RunCommand(SweepProgram() + " --check " + Sh(path));
    EXPECT_FALSE(r.signaled) << r.output;
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(where + ": error: "), std::string::npos)
        << "expected the location " << where << " in:\n"
        << r.output;
    EXPECT_NE(r.output.find(e.message), std::string::npos) << "expected '" << e.message << "' in:\n"
                                                           << r.output;
    EXPECT_EQ(CountLines(r.output, "error:"), 1) << r.output;

    // Running it as a sweep fails the same way, before anything is written.
    ScratchDir out("malformed-" + file);
    RunResult run = RunCommand(SweepProgram() + " " + Sh(path) + " --out " + Sh(out / "run"));
    EXPECT_EQ(run.status, 2) << run.output;
    if (ReadText(path).find("\ntopology:") != std::string::npos) // an experiment, not a topology
    {
        EXPECT_NE(run.output.find(e.message), std::string::npos) << run.output;
    }
    EXPECT_FALSE(std::filesystem::exists(out / "run")) << "no output for bad input";
}

INSTANTIATE_TEST_SUITE_P(Corpus,
                         MalformedCorpus,
                         ::testing::ValuesIn(CorpusFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param.substr(0, info.param.size() - 5);
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(YamlErrors, CorpusCoversEveryClassOfBadInput)
{
    // One or more files per class named in issue 5.
    auto files = CorpusFiles();
    for (const char* prefix : {"syntax-",     // malformed YAML
                               "type-",       // wrong types
                               "unknown-key", // unknown keys (did you mean)
                               "unit-",       // missing or unknown units
                               "negative-",   // negative quantities
                               "zero-",       // zero sizes and rates
                               "radix-",      // counts that do not fit the radix
                               "one-",        // disconnected (one leaf, one pod)
                               "file-"})      // unreadable files
    {
        bool found = std::any_of(files.begin(), files.end(), [&](const std::string& f) {
            return f.rfind(prefix, 0) == 0;
        });
        EXPECT_TRUE(found) << "no corpus file for " << prefix;
    }
}

TEST(YamlErrors, UnreadableTopLevelFile)
{
    RunResult r = RunCommand(SweepProgram() + " /nonexistent/sweep.yaml --list");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("/nonexistent/sweep.yaml: error: cannot read file: No such file or "
                            "directory"),
              std::string::npos)
        << r.output;
    RunResult d = RunCommand(SweepProgram() + " --check " + Sh(CorpusDir()));
    EXPECT_EQ(d.status, 2);
    EXPECT_NE(d.output.find("is a directory"), std::string::npos) << d.output;
}

TEST(YamlErrors, BinaryFileIsRejectedWithItsPosition)
{
    ScratchDir dir("binary");
    WriteText(dir / "nul.yaml", std::string("gpus: 64\nhosts\0PerLeaf: 8\n", 26));
    RunResult r = RunCommand(SweepProgram() + " --check " + Sh(dir / "nul.yaml"));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("nul.yaml:2:6: error: binary data"), std::string::npos) << r.output;
}

TEST(YamlErrors, FileTooLargeNamesItsSize)
{
    ScratchDir dir("large");
    // 3 MiB of comments: the reader stops at 1 MiB but reports the file's own size.
    std::string text;
    while (text.size() < 3 * 1048576)
    {
        text += "# padding padding padding padding padding padding padding padding padding\n";
    }
    WriteText(dir / "large.yaml", text);
    RunResult r = RunCommand(SweepProgram() + " --check " + Sh(dir / "large.yaml"));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("file too large (" + std::to_string(text.size()) + " bytes)"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(CountLines(r.output, "error:"), 1) << r.output;
}

TEST(YamlErrors, InProcessReadersThrowSpecErrorWithLocation)
{
    try
    {
        ReadTopologyText("gpus: 64\nhostsPerLeaf: 8\nhostLink: {rate: 400}\n", "t.yaml");
        FAIL() << "a bare number for a rate must be rejected";
    }
    catch (const SpecError& e)
    {
        EXPECT_EQ(e.File(), "t.yaml");
        EXPECT_EQ(e.Line(), 3);
        EXPECT_EQ(e.Column(), 18);
        EXPECT_NE(e.Message().find("missing unit"), std::string::npos);
        EXPECT_EQ(std::string(e.what()).rfind("t.yaml:3:18: error: ", 0), 0u);
    }
    EXPECT_THROW(ReadExperimentText("topology: {gpus: 64, hostsPerLeaf: 8}\nseed: 0\n", "e.yaml"),
                 SpecError);
    EXPECT_THROW(
        ReadSweepText("topology: {gpus: 64, hostsPerLeaf: 8}\naxes: {seed: 1}\n", "s.yaml"),
        SpecError);
}

TEST(YamlErrors, DidYouMeanOnlyForTypos)
{
    EXPECT_EQ(ClosestMatch("gpuz", {"gpus", "tiers"}), "gpus");
    EXPECT_EQ(ClosestMatch("hostPerLeaf", {"hostsPerLeaf", "spines"}), "hostsPerLeaf");
    EXPECT_EQ(ClosestMatch("Spectrum-X", {"standard", "spectrum-x"}), "spectrum-x");
    EXPECT_EQ(ClosestMatch("banana", {"gpus", "tiers", "spines"}), "");
    EXPECT_EQ(EditDistance("abc", "acb"), 1u); // a transposition is one edit
    EXPECT_NE(SuggestionFor("banana", {"gpus", "tiers"}).find("expected one of: gpus, tiers"),
              std::string::npos);
}

TEST(YamlErrors, BadOptionsAndPoints)
{
    std::string sweep = std::string(FABRIC_SOURCE_DIR) + "/topologies/sweeps/default.yaml";
    RunResult noOut = RunCommand(SweepProgram() + " " + Sh(sweep));
    EXPECT_EQ(noOut.status, 2);
    EXPECT_NE(noOut.output.find("--out DIR is required"), std::string::npos) << noOut.output;
    RunResult badOption = RunCommand(SweepProgram() + " " + Sh(sweep) + " --jobz 2");
    EXPECT_EQ(badOption.status, 2);
    EXPECT_NE(badOption.output.find("unknown option '--jobz'"), std::string::npos);
    ScratchDir out("bad-point");
    RunResult badPoint
        = RunCommand(SweepProgram() + " " + Sh(sweep) + " --out " + Sh(out.Path()) + " --point 20");
    EXPECT_EQ(badPoint.status, 2);
    EXPECT_NE(badPoint.output.find("no point 20 (the sweep has 20 points, 0..19)"),
              std::string::npos)
        << badPoint.output;
}

TEST(YamlErrors, CollectiveAndTracePointsRunAndLeaveOneResult)
{
    // fabric-sweep registers the collective and trace runners (helper/workload-runners.h).
    ScratchDir dir("collective");
    WriteText(dir / "c.yaml",
              "topology: " + std::string(FABRIC_SOURCE_DIR)
                  + "/topologies/rack-64.yaml\n"
                    "profile: spectrum-x\n"
                    "workload: {type: collective, op: all-reduce, algo: ring, sizes: [1MiB]}\n");
    WriteText(dir / "t.yaml",
              "topology: " + std::string(FABRIC_SOURCE_DIR)
                  + "/topologies/rack-64.yaml\n"
                    "workload: {type: trace, file: "
                  + std::string(FABRIC_SOURCE_DIR) + "/examples/traces/dp-tp-step.trace}\n");
    for (const char* name : {"c.yaml", "t.yaml"})
    {
        std::filesystem::path out = dir / (std::string(name) + ".out");
        RunResult r = RunCommand(SweepProgram() + " " + Sh(dir / name) + " --out " + Sh(out)
                                 + " --point 0");
        EXPECT_FALSE(r.signaled);
        EXPECT_EQ(r.status, 0) << r.output;
        int json = 0;
        std::string text;
        for (const auto& e : std::filesystem::directory_iterator(out / "points"))
        {
            if (e.path().extension() == ".json")
            {
                json++;
                std::ifstream in(e.path());
                text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
        }
        EXPECT_EQ(json, 1) << name;
        const char* key = std::string(name) == "c.yaml" ? "\"busbw_GBps\"" : "\"step_us\"";
        EXPECT_NE(text.find(key), std::string::npos) << text;
        EXPECT_NE(text.find("\"conserved\":1"), std::string::npos) << text;
    }
}

} // namespace
