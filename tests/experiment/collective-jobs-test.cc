/*
 * Several jobs on one fabric: the job list, placement, and what sharing the fabric does to a
 * job (nothing when the jobs share no link; the link's share when they share one).
 */
#include "config/collective-config.h"
#include "config/trace-reader.h"
#include "experiment/collective-jobs.h"
#include "experiment/collective-runner.h"
#include "fabric-test-util.h"

#include <map>
#include <numeric>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::fabric;
using namespace ns3::fabric::test;

TEST(JobSpecs, ParseNameGpusOperationAlgorithmAndSize)
{
    std::vector<JobSpec> jobs;
    ASSERT_EQ(ParseJobSpecs("moe:512:all-to-all/pxn:16MiB;dense:256:all-reduce:1GiB", &jobs), "");
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].name, "moe");
    EXPECT_EQ(jobs[0].gpus, 512u);
    EXPECT_EQ(jobs[0].op, "all-to-all");
    EXPECT_EQ(jobs[0].algo, "pxn");
    EXPECT_EQ(jobs[0].bytes, 16u << 20);
    EXPECT_EQ(jobs[1].algo, "");
    EXPECT_EQ(jobs[1].bytes, uint64_t(1) << 30);
}

TEST(JobSpecs, ATrainingJobNamesItsWorkloadFile)
{
    std::vector<JobSpec> jobs;
    ASSERT_EQ(ParseJobSpecs("train:64:simai:traces/gpt.txt;moe:64:all-to-all:16MiB", &jobs), "");
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].gpus, 64u);
    EXPECT_EQ(jobs[0].trace, "traces/gpt.txt");
    EXPECT_EQ(jobs[0].traceFormat, "simai");
    EXPECT_EQ(jobs[0].op, "");
    EXPECT_EQ(jobs[1].trace, "");
    EXPECT_NE(ParseJobSpecs("t:8:chakra:", &jobs).find("the chakra file is empty"),
              std::string::npos);
    // The file is read after parsing (ReadJobWorkloads): a missing one is named with the job,
    // and a job whose workload was never read is refused, not read inside the runner.
    ASSERT_EQ(ParseJobSpecs("t:64:trace:no-such.trace", &jobs), "");
    std::vector<CollectiveJob> made;
    std::string error = MakeCollectiveJobs(
        jobs, TopologySpec::LeafSpine(64, 16, 4), Placement::CONTIGUOUS, 1, &made);
    EXPECT_NE(error.find("job 't': its workload no-such.trace was not read"), std::string::npos)
        << error;
    error = ReadJobWorkloads(&jobs, 8);
    EXPECT_NE(error.find("job 't': no-such.trace"), std::string::npos) << error;
}

TEST(JobSpecs, MalformedJobsAreNamedWithWhatWasExpected)
{
    std::vector<JobSpec> jobs;

    struct Case
    {
        std::string text;
        std::string expect;
    };

    for (const Case& c : std::vector<Case> {
             {"", "no job given"},
             {"a:8:all-reduce", "job 1 'a:8:all-reduce': expected name:gpus:op[/algo]:size"},
             {"a:8:all-reduce:1MiB;b:8:all-gather:1MiB:x", "job 2 "},
             {":8:all-reduce:1MiB", "the name is empty"},
             {"a:8:all-reduce:1MiB;a:8:all-reduce:1MiB", "used by an earlier job"},
             {"a:0:all-reduce:1MiB", "GPU count must be a positive integer; got '0'"},
             {"a:-8:all-reduce:1MiB", "got '-8'"},
             {"a:8:all-reduse:1MiB", "unknown operation 'all-reduse'"},
             {"a:8:all-to-all/ring:1MiB", "unknown algorithm 'ring' for all-to-all"},
             {"a:8:all-reduce:1048576", "a positive size with a unit"},
             {"a:8:all-reduce:0MiB", "a positive size with a unit"},
             {"a:8:all-reduce:1MiB;", "job 2 '': expected"},
         })
    {
        std::string error = ParseJobSpecs(c.text, &jobs);
        EXPECT_NE(error.find(c.expect), std::string::npos)
            << "'" << c.text << "' gave '" << error << "'";
    }
}

namespace
{

/// @return the servers of @p comm's GPUs (8 per server)
std::set<uint32_t>
ServersOf(const Communicator& comm)
{
    std::set<uint32_t> s;
    for (uint32_t g : comm.Gpus())
    {
        s.insert(g / 8);
    }
    return s;
}

} // namespace

TEST(JobPlacement, ContiguousStripedAndRandomGiveDisjointWholeServers)
{
    // 64 servers in 8 racks of 8; jobs of 16, 24 and 8 servers.
    std::vector<uint32_t> gpus {128, 192, 64};
    for (Placement p : {Placement::CONTIGUOUS, Placement::STRIPED, Placement::RANDOM})
    {
        std::vector<Communicator> comms;
        ASSERT_EQ(PlaceJobs(gpus, 64, 8, 8, p, 7, &comms), "");
        ASSERT_EQ(comms.size(), 3u);
        std::set<uint32_t> used;
        for (std::size_t j = 0; j < 3; ++j)
        {
            EXPECT_EQ(comms[j].Size(), gpus[j]);
            EXPECT_EQ(comms[j].Validate(8), "");
            EXPECT_EQ(comms[j].RanksPerServer(8), 8u) << PlacementName(p); // server-major
            for (uint32_t s : ServersOf(comms[j]))
            {
                EXPECT_TRUE(used.insert(s).second) << "server " << s << " given twice";
            }
        }
    }
    std::vector<Communicator> c;
    ASSERT_EQ(PlaceJobs(gpus, 64, 8, 8, Placement::CONTIGUOUS, 1, &c), "");
    EXPECT_EQ(*ServersOf(c[1]).begin(), 16u);
    EXPECT_EQ(*ServersOf(c[1]).rbegin(), 39u);
    // Striped: the first job takes slots 0 and 1 of all 8 racks, the second slots 2-4.
    ASSERT_EQ(PlaceJobs(gpus, 64, 8, 8, Placement::STRIPED, 1, &c), "");
    for (uint32_t s : ServersOf(c[0]))
    {
        EXPECT_LT(s % 8, 2u);
    }
    for (uint32_t s : ServersOf(c[1]))
    {
        EXPECT_TRUE(s % 8 >= 2 && s % 8 < 5) << s;
    }
    // Random: the seed decides, and the same seed gives the same servers.
    std::vector<Communicator> a;
    std::vector<Communicator> b;
    std::vector<Communicator> other;
    PlaceJobs(gpus, 64, 8, 8, Placement::RANDOM, 7, &a);
    PlaceJobs(gpus, 64, 8, 8, Placement::RANDOM, 7, &b);
    PlaceJobs(gpus, 64, 8, 8, Placement::RANDOM, 8, &other);
    EXPECT_EQ(a[0].Gpus(), b[0].Gpus());
    EXPECT_NE(a[0].Gpus(), other[0].Gpus());
}

TEST(JobPlacement, ImpossiblePlacementsAreRefused)
{
    std::vector<Communicator> c;
    EXPECT_NE(PlaceJobs({12}, 64, 8, 8, Placement::CONTIGUOUS, 1, &c).find("whole servers"),
              std::string::npos);
    EXPECT_NE(PlaceJobs({256, 264}, 64, 8, 8, Placement::CONTIGUOUS, 1, &c)
                  .find("the jobs need 520 GPUs; the fabric has 512"),
              std::string::npos);
}

class SharedFabricTest : public SimulatorTest
{
protected:
    /// Two 2-server jobs on a leaf-spine of 2 leaves (2 servers each) and one spine, one
    /// up-link per leaf; @p separate: each job on one leaf, else each job on both leaves.
    /// @return each job's (alone, shared) time in us
    std::vector<std::pair<double, double>> AloneAndShared(bool separate)
    {
        TopologySpec spec = TopologySpec::LeafSpine(32, 16, 1);
        spec.leafUplinks = 1;
        FabricProfile profile = FabricProfile::Named("ideal");
        std::string error;
        std::vector<CollectiveJob> jobs(2);
        std::vector<std::vector<uint32_t>> servers
            = separate ? std::vector<std::vector<uint32_t>> {{0, 1}, {2, 3}}
                       : std::vector<std::vector<uint32_t>> {{0, 2}, {1, 3}};
        for (uint32_t j = 0; j < 2; ++j)
        {
            std::vector<uint32_t> gpus;
            for (uint32_t s : servers[j])
            {
                for (uint32_t g = 0; g < 8; ++g)
                {
                    gpus.push_back(s * 8 + g);
                }
            }
            jobs[j].name = "job" + std::to_string(j);
            jobs[j].comm = Communicator(gpus);
            jobs[j].algorithm = CreateCollectiveAlgorithm("all-gather", "", 2, 0, &error);
            jobs[j].bytes = 8 << 20;
        }
        std::vector<std::pair<double, double>> out(2);
        for (uint32_t j = 0; j < 2; ++j)
        {
            Simulator::Destroy();
            CollectiveRunner alone(spec, profile, 1);
            auto r = alone.RunJobs({jobs[j]}, 1, 1);
            EXPECT_TRUE(r[0].result.completed);
            EXPECT_EQ(r[0].measured, 1u);
            EXPECT_EQ(r[0].extra, 0u); // alone, nothing runs past the measured iteration
            out[j].first = r[0].result.timeUs;
            ExpectConserved(alone.GetFabric());
        }
        Simulator::Destroy();
        CollectiveRunner shared(spec, profile, 1);
        auto r = shared.RunJobs(jobs, 1, 1);
        for (uint32_t j = 0; j < 2; ++j)
        {
            EXPECT_TRUE(r[j].result.completed);
            EXPECT_EQ(r[j].measured, 1u);
            out[j].second = r[j].result.timeUs;
            // All-gather: every rank sends (n - 1) S / n, over NVLink inside a server and the
            // NIC between them: the engine's byte count is the job's own.
            EXPECT_EQ(r[j].result.nicBytes + r[j].result.nvlinkBytes,
                      uint64_t(16 * 15) * (8 << 20) / 16);
        }
        // Each job ran warm-up + measured iterations at least; the shared run stops only
        // when both are done, so the faster job may run extra iterations.
        const auto& engine = *shared.GetEngine();
        EXPECT_GE(engine.GetNCollectives(), 4u);
        ExpectConserved(shared.GetFabric());
        return out;
    }
};

TEST_F(SharedFabricTest, JobsThatShareNoLinkRunAsFastTogetherAsAlone)
{
    // Each job inside its own leaf: no cable carries both, so sharing the fabric changes
    // nothing (to the picosecond).
    for (const auto& [alone, shared] : AloneAndShared(true))
    {
        EXPECT_GT(alone, 0);
        EXPECT_DOUBLE_EQ(shared, alone);
    }
}

TEST_F(SharedFabricTest, BackgroundTrafficOnTheHostNicsRunsBesideAJobAtTheirLineRate)
{
    // 4 servers with host NICs: the front end is one leaf of its own, which shares no cable
    // with the GPU fabric, so a job beside background traffic takes the same time to the
    // picosecond; each host NIC sends its partner 1 MiB messages back to back.
    TopologySpec spec = TopologySpec::LeafSpine(32, 16, 1);
    spec.hostNic = true;
    FabricProfile profile = FabricProfile::Named("standard");
    std::string error;
    CollectiveJob job;
    job.name = "gather";
    std::vector<uint32_t> gpus(32);
    std::iota(gpus.begin(), gpus.end(), 0);
    job.comm = Communicator(gpus);
    job.algorithm = CreateCollectiveAlgorithm("all-gather", "", 2, 0, &error);
    job.bytes = 16 << 20;
    double alone = 0;
    {
        CollectiveRunner runner(spec, profile, 1);
        auto r = runner.RunJobs({job}, 1, 1);
        ASSERT_TRUE(r[0].result.completed);
        alone = r[0].result.timeUs;
        EXPECT_EQ(runner.GetBackgroundStats().messages, 0u);
    }
    Simulator::Destroy();
    CollectiveRunner runner(spec, profile, 1);
    const uint64_t bytes = 1 << 20;
    runner.SetBackground(bytes, 1);
    auto r = runner.RunJobs({job}, 1, 1);
    ASSERT_TRUE(r[0].result.completed);
    EXPECT_DOUBLE_EQ(r[0].result.timeUs, alone);
    const auto& bg = runner.GetBackgroundStats();
    EXPECT_EQ(bg.bytes, bg.messages * bytes);
    // Each of the 4 host NICs had a message in flight from the start to the last job's end:
    // at most the payload share of its 400 Gb/s wire (4096 of every 4178 bytes), and at least
    // 80% of it (a message waits for the previous one's last ACK, a few microseconds per
    // 21.4 us message).
    double perNicGbps = bg.bytes * 8.0 / bg.end.GetSeconds() / 4 / 1e9;
    double ceiling = 400.0 * 4096 / 4178;
    EXPECT_LE(perNicGbps, ceiling);
    EXPECT_GE(perNicGbps, 0.8 * ceiling);
    EXPECT_GE(bg.end.GetMicroSeconds(), 2 * alone * 0.99); // it ran through both iterations
    ExpectConserved(runner.GetFabric());
}

TEST_F(SharedFabricTest, JobsThatShareAnUplinkEachGetHalfOfIt)
{
    // Each job has a server on each leaf: both rings cross the one up-link of each leaf in both
    // directions. Alone a job's crossing has the link to itself; together the link carries
    // both jobs' bytes, so the transfer part of the time doubles and the fixed part (NVLink,
    // latency) stays: the slowdown lies between 1.5 (transfer > fixed) and 2.
    for (const auto& [alone, shared] : AloneAndShared(false))
    {
        double slowdown = shared / alone;
        EXPECT_GT(slowdown, 1.5) << alone << " us alone, " << shared << " us shared";
        EXPECT_LE(slowdown, 2.0 + 1e-9) << alone << " us alone, " << shared << " us shared";
    }
}

namespace
{

/// A 16-GPU step (2 servers, tp=8 inside a server, dp=2 across): 50 us of compute, then each
/// GPU all-reduces 8 MiB with its peer on the other server.
std::shared_ptr<const TrainingWorkload>
TwoServerStep()
{
    std::istringstream in("fabric-trace 1\n"
                          "parallel tp=8 dp=2 pp=1\n"
                          "iterations 1\n"
                          "compute    c     ranks=all time=50us\n"
                          "collective c.dp  ranks=all group=dp op=all-reduce size=8MiB after=c\n");
    return std::make_shared<const TrainingWorkload>(ParseTrainingTrace(in, "step"));
}

/// The 16 GPUs of servers @p a and @p b, server-major.
Communicator
ServersComm(uint32_t a, uint32_t b)
{
    std::vector<uint32_t> gpus;
    for (uint32_t s : {a, b})
    {
        for (uint32_t g = 0; g < 8; ++g)
        {
            gpus.push_back(s * 8 + g);
        }
    }
    return Communicator(gpus);
}

} // namespace

TEST_F(SharedFabricTest, ATrainingJobReplaysOnItsGpusAndFeelsASharedUplink)
{
    // The fabric of the tests above: 2 leaves of 2 servers, one up-link each. The training
    // job's data-parallel all-reduce crosses the up-link between its two servers.
    TopologySpec spec = TopologySpec::LeafSpine(32, 16, 1);
    spec.leafUplinks = 1;
    FabricProfile profile = FabricProfile::Named("ideal");
    CollectiveJob train;
    train.name = "train";
    train.training = TwoServerStep();
    std::map<std::pair<uint32_t, uint32_t>, double> aloneUs;
    for (auto servers : {std::make_pair(1u, 3u), std::make_pair(0u, 2u)})
    {
        Simulator::Destroy();
        train.comm = ServersComm(servers.first, servers.second);
        CollectiveRunner alone(spec, profile, 1);
        auto r = alone.RunJobs({train}, 1, 2);
        ASSERT_TRUE(r[0].result.completed);
        EXPECT_EQ(r[0].measured, 2u);
        EXPECT_EQ(r[0].extra, 0u);
        EXPECT_EQ(r[0].result.op, "training");
        // Longer than its compute, and its NIC traffic only on its own GPUs.
        EXPECT_GT(r[0].result.timeUs, 50.0);
        for (uint32_t g = 0; g < 32; ++g)
        {
            uint32_t server = g / 8;
            bool mine = server == servers.first || server == servers.second;
            EXPECT_EQ(alone.GetEngine()->GetGpuCounters(g).nicBytesSent > 0, mine) << g;
        }
        aloneUs[servers] = r[0].result.timeUs;
        ExpectConserved(alone.GetFabric());
    }
    // Servers 0 and 2 sit where servers 1 and 3 do: the same step to the picosecond.
    double a = aloneUs[std::make_pair(0u, 2u)];
    double b = aloneUs[std::make_pair(1u, 3u)];
    EXPECT_DOUBLE_EQ(a, b);

    // Beside an all-gather on servers 0 and 2 that loops over the same up-links, the step
    // waits longer; the all-gather keeps looping until the replay's steps are measured.
    Simulator::Destroy();
    train.comm = ServersComm(1, 3);
    CollectiveJob gather;
    gather.name = "gather";
    gather.comm = ServersComm(0, 2);
    std::string error;
    gather.algorithm = CreateCollectiveAlgorithm("all-gather", "", 2, 0, &error);
    gather.bytes = 8 << 20;
    CollectiveRunner shared(spec, profile, 1);
    auto r = shared.RunJobs({train, gather}, 1, 2);
    ASSERT_TRUE(r[0].result.completed);
    ASSERT_TRUE(r[1].result.completed);
    double slowdown = r[0].result.timeUs / b;
    EXPECT_GT(slowdown, 1.05);
    EXPECT_LT(slowdown, 2.0);
    ExpectConserved(shared.GetFabric());
}
