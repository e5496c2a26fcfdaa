/*
 * Experiment attribute defaults (YAML key `attributes`): read, checked with a clear message,
 * written back, swept as an axis, applied to the run, and undone after it.
 */
#include "config/attribute-defaults.h"
#include "config/yaml-experiment.h"
#include "config/yaml-sweep.h"
#include "experiment/experiment-runner.h"

#include "ns3/core-module.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

/// A 16-GPU, 2-tier permutation; @p extra adds keys.
std::string
SmallExperiment(const std::string& extra = "")
{
    return "topology: {gpus: 16, hostsPerLeaf: 8, spines: 8}\n"
           "workload: {type: permutation, size: 64KiB}\n"
         + extra;
}

/// The idle-path round trip a run reports (it follows the switch latency).
double
BaseRttUs(const ExperimentSpec& e)
{
    Simulator::Destroy();
    ResultRow row = RunExperiment(e, RunOutputs()).at(0);
    Simulator::Destroy();
    return row.GetNumber("base_rtt_us");
}

} // namespace

TEST(AttributeDefaults, ReadCheckedAndWrittenBack)
{
    ExperimentSpec e = ReadExperimentText(SmallExperiment("attributes:\n"
                                                          "  ns3::fabric::RdmaNic::AckDscp: 48\n"
                                                          "  ns3::fabric::FabricSwitch::Latency: "
                                                          "1us\n"),
                                          "e.yaml");
    ASSERT_EQ(e.attributes.size(), 2u);
    EXPECT_EQ(e.attributes["ns3::fabric::RdmaNic::AckDscp"], "48");
    EXPECT_EQ(e.attributes["ns3::fabric::FabricSwitch::Latency"], "1us");
    EXPECT_TRUE(SameExperiment(e, ReadExperimentText(WriteExperimentYaml(e), "again.yaml")));

    EXPECT_EQ(CheckAttributeDefault("ns3::fabric::RdmaNic::SelectiveAck", "false"), "");
    EXPECT_EQ(CheckAttributeDefault("ns3::fabric::RdmaNic::ReceiveMode", "OutOfOrder"), "");
    // A parent's attribute is named through the parent (Config::SetDefault's rule).
    EXPECT_NE(CheckAttributeDefault("ns3::fabric::RdmaNic::DataRate", "400Gbps")
                  .find("declared by ns3::fabric::FabricNetDevice"),
              std::string::npos);
    EXPECT_NE(CheckAttributeDefault("ns3::fabric::RdmaNic::ReceiveMode", "Sideways"), "");
    EXPECT_NE(CheckAttributeDefault("ns3::fabric::RdmaNic::RetransmitTimeout", "100"), "");
    EXPECT_NE(CheckAttributeDefault("ns3::fabric::RdmaNic::CongestionControl", "x"), "");
    EXPECT_NE(CheckAttributeDefault("ns3::fabric::RdmaNicc::Mtu", "4096").find("did you mean"),
              std::string::npos);
    EXPECT_NE(CheckAttributeDefault("Mtu", "4096"), "");
}

TEST(AttributeDefaults, AppliedToTheRunAndUndoneAfterIt)
{
    // Base RTT of a 2-tier fabric: each way crosses 3 switches, so 6 switch latencies in all.
    // Raising the latency from the topology's 600 ns to 1 us adds 6 x 400 ns = 2.4 us.
    ExperimentSpec plain = ReadExperimentText(SmallExperiment(), "p.yaml");
    ExperimentSpec slow = ReadExperimentText(
        SmallExperiment("attributes: {ns3::fabric::FabricSwitch::Latency: 1us}\n"), "s.yaml");
    double before = BaseRttUs(plain);
    double with = BaseRttUs(slow);
    double after = BaseRttUs(plain);
    EXPECT_NEAR(with - before, 2.4, 1e-6);
    EXPECT_DOUBLE_EQ(after, before) << "the attribute leaked into the next run";
}

TEST(AttributeDefaults, ABadEntryChangesNothing)
{
    TypeId tid = TypeId::LookupByName("ns3::fabric::RdmaNic");
    TypeId::AttributeInformation info;
    ASSERT_TRUE(tid.LookupAttributeByName("AckDscp", &info));
    std::string initial = info.initialValue->SerializeToString(info.checker);
    EXPECT_THROW(AttributeDefaults({{"ns3::fabric::RdmaNic::AckDscp", "48"},
                                    {"ns3::fabric::RdmaNic::Mtu", "lots"}}),
                 std::invalid_argument);
    ASSERT_TRUE(tid.LookupAttributeByName("AckDscp", &info));
    EXPECT_EQ(info.initialValue->SerializeToString(info.checker), initial);
}

TEST(AttributeDefaults, ASweepAxisSetsOneAttribute)
{
    SweepSpec s = ReadSweepText(SmallExperiment("axes:\n"
                                                "  attributes.ns3::fabric::RdmaNic::AckDscp: "
                                                "[26, 48]\n"),
                                "s.yaml");
    ASSERT_EQ(s.points.size(), 2u);
    EXPECT_EQ(s.points[0].spec.attributes.at("ns3::fabric::RdmaNic::AckDscp"), "26");
    EXPECT_EQ(s.points[1].spec.attributes.at("ns3::fabric::RdmaNic::AckDscp"), "48");
    EXPECT_NE(s.points[0].id, s.points[1].id);
    // A bad value on the axis is reported at the axis.
    EXPECT_THROW(ReadSweepText(SmallExperiment("axes:\n"
                                               "  attributes.ns3::fabric::RdmaNic::AckDscp: "
                                               "[26, 99]\n"),
                               "s.yaml"),
                 SpecError);
}
