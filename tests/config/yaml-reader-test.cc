/*
 * YAML readers: every reference topology and sweep file loads, the topologies build (the
 * ~100k-GPU Colossus layout included), each equals the spec its C++ preset makes, and a
 * YAML -> spec -> YAML round trip preserves every value.
 */
#include "config/experiment-spec.h"
#include "config/yaml-experiment.h"
#include "config/yaml-sweep.h"
#include "config/yaml-topology.h"
#include "helper/fabric-builder.h"
#include "yaml-test-util.h"

#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

using namespace ns3;
using namespace ns3::fabric;
using namespace fabric_test;

namespace
{

std::string
Topo(const std::string& name)
{
    return std::string(FABRIC_SOURCE_DIR) + "/topologies/" + name;
}

/// Field-by-field equality of two TopologySpecs (what the builder consumes).
void
ExpectSameSpec(const TopologySpec& a, const TopologySpec& b)
{
    EXPECT_EQ(a.tiers, b.tiers);
    EXPECT_EQ(a.gpus, b.gpus);
    EXPECT_EQ(a.gpusPerServer, b.gpusPerServer);
    EXPECT_EQ(a.wiring, b.wiring);
    EXPECT_EQ(a.hostsPerLeaf, b.hostsPerLeaf);
    EXPECT_EQ(a.LeafUplinks(), b.LeafUplinks());
    EXPECT_EQ(a.Spines(), b.Spines());
    EXPECT_EQ(a.NumPods(), b.NumPods());
    if (a.tiers == 3)
    {
        EXPECT_EQ(a.leavesPerPod, b.leavesPerPod);
        EXPECT_EQ(a.SpineUplinks(), b.SpineUplinks());
        EXPECT_EQ(a.Cores(), b.Cores());
    }
    EXPECT_EQ(a.hostNic, b.hostNic);
    EXPECT_EQ(a.NumFrontEndLeaves(), b.NumFrontEndLeaves());
    EXPECT_EQ(a.NumFrontEndSpines(), b.NumFrontEndSpines());
}

class FabricFixture : public ::testing::Test
{
protected:
    void TearDown() override { Simulator::Destroy(); }
};

TEST(YamlReader, EveryReferenceTopologyLoads)
{
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(Topo("")))
    {
        if (e.path().extension() == ".yaml")
        {
            SCOPED_TRACE(e.path().string());
            TopologyConfig t;
            ASSERT_NO_THROW(t = ReadTopologyFile(e.path().string()));
            EXPECT_TRUE(t.spec.Validate().empty());
            EXPECT_EQ(t.name + ".yaml", e.path().filename().string()) << "name matches the file";
            ++n;
        }
    }
    EXPECT_GE(n, 6);
}

TEST(YamlReader, ReferenceTopologiesMatchTheirPresets)
{
    TopologyConfig rack = ReadTopologyFile(Topo("rack-64.yaml"));
    EXPECT_EQ(rack.spec.gpus, 64u);
    EXPECT_EQ(rack.spec.gpus / rack.spec.gpusPerServer, 8u) << "8 servers in a rack";
    ExpectSameSpec(ReadTopologyFile(Topo("array-512.yaml")).spec, TopologySpec::Colossus(1));
    ExpectSameSpec(ReadTopologyFile(Topo("pod-4096.yaml")).spec, TopologySpec::Colossus(8));
    ExpectSameSpec(ReadTopologyFile(Topo("colossus-1024.yaml")).spec, TopologySpec::Colossus(2, 1));
    ExpectSameSpec(ReadTopologyFile(Topo("leaf-spine-1024.yaml")).spec,
                   TopologySpec::LeafSpine(1024, 16, 16));
    ExpectSameSpec(ReadTopologyFile(Topo("fat-tree-k16.yaml")).spec, TopologySpec::FatTree(16));
    TopologyConfig colossus = ReadTopologyFile(Topo("colossus-phase1.yaml"));
    ExpectSameSpec(colossus.spec, TopologySpec::Colossus(192));
    EXPECT_EQ(colossus.spec.gpus, 98304u);
    EXPECT_EQ(colossus.spec.gpus / 512, 192u) << "192 arrays of 512 GPUs";
}

TEST_F(FabricFixture, ReferenceTopologiesBuild)
{
    struct Case
    {
        const char* file;
        uint32_t gpus;
        std::size_t switches;
    };

    for (const Case& c : {Case {"rack-64.yaml", 64, 8 + 8},
                          Case {"array-512.yaml", 512, 8 + 64},
                          Case {"pod-4096.yaml", 4096, 64 + 64},
                          Case {"leaf-spine-1024.yaml", 1024, 64 + 16},
                          Case {"fat-tree-k16.yaml", 1024, 128 + 128 + 64}})
    {
        SCOPED_TRACE(c.file);
        TopologyConfig t = ReadTopologyFile(Topo(c.file));
        FabricBuilder builder;
        auto fabric = builder.Build(t.spec);
        EXPECT_EQ(fabric->NumGpus(), c.gpus);
        EXPECT_EQ(fabric->switches.size(), c.switches);
        // Every link of a 1:1 Clos: GPU links + one up-link per leaf down-link (+ spine-core).
        std::size_t links = c.gpus + c.gpus + (t.spec.tiers == 3 ? c.gpus : 0);
        EXPECT_EQ(fabric->links.size(), links);
        fabric.reset();
        Simulator::Destroy();
    }
}

TEST_F(FabricFixture, ColossusPhase1Builds)
{
    // ~100k GPUs: built (not run). About 3-4 s and 0.6 GB on the 2-core reference machine.
    TopologyConfig t = ReadTopologyFile(Topo("colossus-phase1.yaml"));
    auto start = std::chrono::steady_clock::now();
    FabricBuilder builder;
    auto fabric = builder.Build(t.spec);
    double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(fabric->NumGpus(), 98304u);
    EXPECT_EQ(fabric->numLeaves, 1536u);
    EXPECT_EQ(fabric->switches.size(), 1536u + 1536u + 4096u);
    EXPECT_EQ(fabric->links.size(), 3u * 98304u);
    for (const auto& sw : fabric->switches)
    {
        ASSERT_LE(sw->GetNPorts(), 128) << "every switch fits the SN5600 radix";
    }
    EXPECT_LT(seconds, 60.0);
    RecordProperty("build_s", std::to_string(seconds));
}

TEST(YamlReader, EverySweepFileLoads)
{
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(Topo("sweeps")))
    {
        if (e.path().extension() == ".yaml")
        {
            SCOPED_TRACE(e.path().string());
            SweepSpec s;
            ASSERT_NO_THROW(s = ReadSweepFile(e.path().string()));
            EXPECT_FALSE(s.points.empty());
            ++n;
        }
    }
    EXPECT_GE(n, 2);
    SweepSpec d = ReadSweepFile(Topo("sweeps/default.yaml"));
    ASSERT_EQ(d.points.size(), 20u);
    EXPECT_EQ(d.points[0].spec.topology.spec.gpus, 512u) << "the demo runs one 512-GPU array";
    EXPECT_EQ(d.points[0].spec.profile, "standard");
    EXPECT_EQ(d.points.back().spec.profile, "spectrum-x");
}

/// An experiment with every field away from its default.
ExperimentSpec
EverythingSet(const std::string& traceFile)
{
    ExperimentSpec e;
    e.name = "round-trip";
    TopologyConfig& t = e.topology;
    t.name = "custom";
    t.description = "all: values, set \"away\" from defaults";
    t.spec.tiers = 3;
    t.spec.gpus = 2048;
    t.spec.gpusPerServer = 4;
    t.spec.planes = 2;
    t.spec.wiring = Wiring::RAIL;
    t.spec.hostsPerLeaf = 32;
    t.spec.leafUplinks = 16;
    t.spec.spines = 8;
    t.spec.leavesPerPod = 16;
    t.spec.spineUplinks = 8;
    t.spec.cores = 32;
    t.spec.switchRadix = 64;
    t.spec.hostLink = {DataRate("800Gbps"), NanoSeconds(150)};
    t.spec.leafLink = {DataRate("1600Gbps"), PicoSeconds(1234567)};
    t.spec.spineLink = {DataRate("100Mbps"), MicroSeconds(3)};
    t.spec.hostNic = true;
    t.spec.frontEndServersPerLeaf = 16;
    t.spec.frontEndSpines = 4;
    t.spec.frontEndLink = {DataRate("200Gbps"), NanoSeconds(250)};
    t.switches.latency = NanoSeconds(450);
    t.switches.bufferBytes = 160 * 1000 * 1000;
    t.gpuType = "H200";
    t.gpuTypes = {{0, 31, "GB200"}, {100, 100, "H100"}};
    e.profile = "spectrum-x";
    e.overrides.routing = "ecmp";
    e.overrides.congestionControl = "dcqcn";
    e.overrides.receiveMode = "InOrder";
    e.overrides.pfc = false;
    e.overrides.ecn = true;
    e.overrides.telemetry = false;
    e.workload.type = "trace";
    e.workload.bytes = 3 * 1000 + 7;
    e.workload.qpsPerPair = 4;
    e.workload.op = "reduce-scatter";
    e.workload.algo = "tree";
    e.workload.sizes = {1024, 3 << 20, 5000000000ULL};
    e.workload.group = "rail3";
    e.workload.iterations = 5;
    e.workload.traceFile = traceFile;
    e.workload.traceFormat = "simai";
    e.seed = 42;
    e.stopTime = MilliSeconds(250);
    e.wallTime = Seconds(90);
    e.outputs.flows = true;
    e.outputs.links = true;
    e.outputs.queues = true;
    e.outputs.sampleInterval = NanoSeconds(2500);
    e.outputs.queuePorts = {"leaf3:40", "spine1:*"};
    e.outputs.topQueues = 3;
    return e;
}

TEST(YamlReader, RoundTripPreservesEveryValue)
{
    // TopologySpec / TopologyConfig gained a field? Then the reader, the writer and
    // SameTopology must learn it too (this size is the reminder).
    EXPECT_EQ(sizeof(TopologySpec), 128u)
        << "TopologySpec changed: add the new field to config/yaml-topology.cc (reader and "
           "writer), SameTopology, the README schema table and this test";
    ScratchDir dir("round-trip");
    WriteText(dir / "trace.txt", "HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: 8\n");
    std::string trace = std::filesystem::canonical(dir / "trace.txt").string();
    ExperimentSpec a = EverythingSet(trace);
    ASSERT_TRUE(a.topology.spec.Validate().empty());
    std::string yaml1 = WriteExperimentYaml(a);
    ExperimentSpec b;
    ASSERT_NO_THROW(b = ReadExperimentText(yaml1, dir / "a.yaml")) << yaml1;
    EXPECT_TRUE(SameExperiment(a, b)) << yaml1;
    std::string yaml2 = WriteExperimentYaml(b);
    EXPECT_EQ(yaml1, yaml2) << "the written form is stable";
    // Spot checks, so that SameExperiment itself is checked.
    EXPECT_EQ(b.topology.spec.leafLink.delay, PicoSeconds(1234567));
    EXPECT_EQ(b.topology.spec.spineLink.rate, DataRate("100Mbps"));
    EXPECT_TRUE(b.topology.spec.hostNic);
    EXPECT_EQ(b.topology.spec.planes, 2u);
    EXPECT_EQ(b.topology.spec.frontEndServersPerLeaf, 16u);
    EXPECT_EQ(b.topology.spec.frontEndSpines, 4u);
    EXPECT_EQ(b.topology.spec.frontEndLink.rate, DataRate("200Gbps"));
    EXPECT_EQ(b.topology.spec.frontEndLink.delay, NanoSeconds(250));
    EXPECT_EQ(b.topology.switches.bufferBytes, 160000000u);
    EXPECT_EQ(b.workload.sizes[2], 5000000000ULL);
    EXPECT_EQ(b.workload.bytes, 3007u);
    EXPECT_EQ(b.overrides.pfc, std::optional<bool>(false));
    EXPECT_EQ(b.outputs.queuePorts[1], "spine1:*");
    EXPECT_EQ(b.topology.GpuTypeOfServer(10), "GB200");
    EXPECT_EQ(b.topology.GpuTypeOfServer(50), "H200");

    // Topology files alone, and the defaults.
    TopologyConfig t = ReadTopologyText(WriteTopologyYaml(a.topology), "t.yaml");
    EXPECT_TRUE(SameTopology(a.topology, t));
    ExperimentSpec defaults;
    defaults.topology.spec = TopologySpec::LeafSpine(64, 8, 8);
    ExperimentSpec d = ReadExperimentText(WriteExperimentYaml(defaults), "d.yaml");
    EXPECT_TRUE(SameExperiment(defaults, d));
}

TEST(YamlReader, EveryReferenceFileRoundTrips)
{
    for (const char* f : {"rack-64.yaml",
                          "array-512.yaml",
                          "pod-4096.yaml",
                          "leaf-spine-1024.yaml",
                          "fat-tree-k16.yaml",
                          "colossus-1024.yaml",
                          "colossus-phase1.yaml"})
    {
        SCOPED_TRACE(f);
        TopologyConfig t = ReadTopologyFile(Topo(f));
        EXPECT_TRUE(SameTopology(t, ReadTopologyText(WriteTopologyYaml(t), f)));
    }
    for (const char* f : {"sweeps/default.yaml", "sweeps/multi-job.yaml"})
    {
        SCOPED_TRACE(f);
        SweepSpec s = ReadSweepFile(Topo(f));
        for (const auto& p : s.points)
        {
            EXPECT_TRUE(
                SameExperiment(p.spec, ReadExperimentText(WriteExperimentYaml(p.spec), "p.yaml")));
        }
    }
}

TEST(YamlReader, JobsWorkloadReadsEveryJobAndRoundTrips)
{
    SweepSpec s = ReadSweepFile(Topo("sweeps/multi-job.yaml"));
    ASSERT_EQ(s.points.size(), 4u);
    const WorkloadSpec& w = s.points[1].spec.workload;
    EXPECT_EQ(w.type, "jobs");
    EXPECT_EQ(w.placement, "striped"); // the axis
    EXPECT_EQ(w.warmup, 1u);
    ASSERT_EQ(w.jobs.size(), 2u);
    EXPECT_EQ(w.jobs[0].name, "moe");
    EXPECT_EQ(w.jobs[0].gpus, 512u);
    EXPECT_EQ(w.jobs[0].algo, "pxn");
    EXPECT_EQ(w.jobs[1].op, "all-reduce");
    EXPECT_EQ(w.jobs[1].bytes, 16u << 20);
    // A changed job is a different experiment (a sweep's resume compares them).
    ExperimentSpec changed = s.points[1].spec;
    changed.workload.jobs[1].bytes *= 2;
    EXPECT_FALSE(SameExperiment(s.points[1].spec, changed));
    changed = s.points[1].spec;
    changed.workload.jobs[0].algo = "direct";
    EXPECT_FALSE(SameExperiment(s.points[1].spec, changed));
}

TEST(YamlReader, BackgroundTrafficReadsAndRoundTrips)
{
    SweepSpec s = ReadSweepFile(Topo("sweeps/background.yaml"));
    ASSERT_EQ(s.points.size(), 2u);
    const ExperimentSpec& e = s.points[0].spec;
    EXPECT_TRUE(e.topology.spec.hostNic);
    EXPECT_EQ(e.workload.type, "jobs");
    EXPECT_EQ(e.workload.background, 16u << 20);
    EXPECT_TRUE(SameExperiment(e, ReadExperimentText(WriteExperimentYaml(e), "p.yaml")));
    ExperimentSpec changed = e;
    changed.workload.background = 0;
    EXPECT_FALSE(SameExperiment(e, changed));
    EXPECT_TRUE(
        SameExperiment(changed, ReadExperimentText(WriteExperimentYaml(changed), "q.yaml")));
}

TEST(YamlReader, ATrainingJobReadsItsTraceAndRoundTrips)
{
    SweepSpec s = ReadSweepFile(Topo("sweeps/training-job.yaml"));
    ASSERT_EQ(s.points.size(), 2u);
    const WorkloadSpec& w = s.points[0].spec.workload;
    ASSERT_EQ(w.jobs.size(), 2u);
    EXPECT_EQ(w.jobs[0].name, "train");
    EXPECT_EQ(w.jobs[0].op, "");
    EXPECT_EQ(w.jobs[0].traceFormat, "auto");
    // Resolved against the sweep file, absolute.
    EXPECT_EQ(w.jobs[0].trace,
              std::filesystem::absolute(std::string(FABRIC_SOURCE_DIR)
                                        + "/examples/traces/dp-tp-step.trace")
                  .lexically_normal()
                  .string());
    EXPECT_EQ(w.jobs[1].op, "all-to-all");
    EXPECT_TRUE(SameExperiment(
        s.points[0].spec, ReadExperimentText(WriteExperimentYaml(s.points[0].spec), "p.yaml")));
    ExperimentSpec changed = s.points[0].spec;
    changed.workload.jobs[0].traceFormat = "simai";
    EXPECT_FALSE(SameExperiment(s.points[0].spec, changed));
}

TEST(YamlReader, NamesWithControlCharactersRoundTrip)
{
    // yaml-cpp reads carriage returns and tabs inside a plain scalar into the value but writes
    // such a value plain again, and then the trailing ones are lost: the writer quotes them.
    for (std::string name : {std::string("abc\r\r\r"), std::string("a\tb\r"), std::string("x\x01")})
    {
        SCOPED_TRACE(name);
        TopologyConfig t;
        t.name = name;
        t.spec = TopologySpec::LeafSpine(64, 16, 16);
        TopologyConfig back = ReadTopologyText(WriteTopologyYaml(t), "t.yaml");
        EXPECT_EQ(back.name, name);
        EXPECT_TRUE(SameTopology(t, back));
    }
    // The input the fuzzer found: a name ending in carriage returns, read and written back.
    std::string text = "# a comment\r\r\r\rthat goes on.\nname: 1abexpec\r\r\r\r\r";
    TopologyConfig t = ReadTopologyText(text, "fuzz.yaml");
    EXPECT_TRUE(SameTopology(t, ReadTopologyText(WriteTopologyYaml(t), "again.yaml")));
}

TEST(YamlReader, DefaultsAndShortForms)
{
    ExperimentSpec e = ReadExperimentText("topology: {gpus: 64, hostsPerLeaf: 8}\n"
                                          "workload: all-to-all\n",
                                          "e.yaml");
    EXPECT_EQ(e.workload.type, "all-to-all");
    EXPECT_EQ(e.profile, "standard");
    EXPECT_EQ(e.seed, 1u);
    EXPECT_EQ(e.stopTime, Seconds(1));
    EXPECT_EQ(e.topology.spec.hostLink.rate, DataRate("400Gbps"));
    EXPECT_EQ(e.topology.spec.hostLink.delay, NanoSeconds(100));
    EXPECT_EQ(e.topology.switches.latency, NanoSeconds(600));
    EXPECT_EQ(e.topology.switches.bufferBytes, 128u << 20);
    ExperimentSpec c = ReadExperimentText("topology: {gpus: 64, hostsPerLeaf: 8}\n"
                                          "workload: {type: collective, sizes: {from: 1MiB, "
                                          "to: 64MiB, factor: 4}}\n",
                                          "c.yaml");
    EXPECT_EQ(
        c.workload.sizes,
        (std::vector<uint64_t> {1 << 20, 4 << 20, 16 << 20, 64 << 20})); // nccl-tests -b -e -f
    auto profile = ReadExperimentText("topology: {gpus: 64, hostsPerLeaf: 8}\nprofile: spectrum-x\n"
                                      "overrides: {receiveMode: InOrder}\n",
                                      "p.yaml")
                       .Profile();
    ASSERT_TRUE(profile.has_value());
    EXPECT_EQ(profile->receiveMode, "InOrder");
    EXPECT_EQ(profile->routing, "adaptive") << "the other parts stay the profile's";
}

} // namespace

TEST(YamlReader, FailuresReadAsListOrOneSelectorAndRoundTrip)
{
    SweepSpec s = ReadSweepFile(Topo("sweeps/failures.yaml"));
    ASSERT_EQ(s.points.size(), 12u);
    EXPECT_TRUE(s.points[0].spec.failures.empty()); // failures: none
    const auto& ten = s.points[4].spec.failures;
    ASSERT_EQ(ten.size(), 1u);
    EXPECT_EQ(ten[0].links, "leaf-spine:10%,spine-core:10%");
    EXPECT_FALSE(ten[0].at.has_value()); // before the run
    EXPECT_FALSE(ten[0].IsDegradation());

    ExperimentSpec e = ReadExperimentText("topology: {tiers: 2, gpus: 64, hostsPerLeaf: 8}\n"
                                          "failures:\n"
                                          "  - {links: leaf0-spine1, at: 10us, until: 30us}\n"
                                          "  - {links: gpu3, rate: 200Gbps, loss: 0.001}\n",
                                          "f.yaml");
    ASSERT_EQ(e.failures.size(), 2u);
    EXPECT_EQ(e.failures[0].at, MicroSeconds(10));
    EXPECT_EQ(e.failures[0].until, MicroSeconds(30));
    EXPECT_EQ(e.failures[0].where, "f.yaml:3");
    EXPECT_EQ(e.failures[1].rateBps, 200000000000ULL);
    EXPECT_DOUBLE_EQ(e.failures[1].loss, 0.001);
    EXPECT_TRUE(e.failures[1].IsDegradation());
    ExperimentSpec back = ReadExperimentText(WriteExperimentYaml(e), "g.yaml");
    EXPECT_TRUE(SameExperiment(e, back)) << WriteExperimentYaml(e);
    ExperimentSpec changed = e;
    changed.failures[0].until = MicroSeconds(40);
    EXPECT_FALSE(SameExperiment(e, changed));
    changed = e;
    changed.failures.pop_back();
    EXPECT_FALSE(SameExperiment(e, changed));
}
