/*
 * Runs collectives on a built fabric and measures them the way nccl-tests does.
 */
#include "collective-runner.h"

#include "helper/distributed.h"
#include "helper/fabric-helper.h"
#include "model/sim/fabric-simulator-impl.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("CollectiveRunner");

CollectiveRunner::CollectiveRunner(const TopologySpec& topology,
                                   const FabricProfile& profile,
                                   uint64_t seed)
    : m_seed(seed)
{
    m_fabric = FabricHelper(topology, profile, seed).Build();
    m_engine = CreateObject<CollectiveEngine>();
    m_engine->InstallPlanes(m_fabric->planeNics, topology.gpusPerServer);
    if (Distributed::Ranks() > 1)
    {
        std::vector<bool> local(m_fabric->NumGpus());
        for (uint32_t g = 0; g < local.size(); ++g)
        {
            local[g] = Distributed::IsLocal(m_fabric->nics[g]->GetNode()->GetId());
        }
        m_engine->SetLocalGpus(local);
        // The engines of two GPUs on different ranks tell each other of chunks posted and
        // delivered, through their NICs' nodes.
        std::vector<Ptr<RdmaNic>>& nics = m_fabric->nics;
        m_engine->SetRemoteSend([&nics](uint32_t gpu, std::vector<uint8_t> message) {
            Distributed::Send(nics[gpu]->GetNode()->GetId(), nics[gpu]->GetIfIndex(), message);
        });
        CollectiveEngine* engine = PeekPointer(m_engine);
        for (uint32_t g = 0; g < local.size(); ++g)
        {
            if (local[g])
            {
                Distributed::Listen(nics[g], [engine](const uint8_t* data, std::size_t size) {
                    engine->ReceiveRemote(data, size);
                });
            }
        }
    }
    m_engine->SetDoneCallback(MakeCallback(&CollectiveRunner::OnDone, this));
}

CollectiveRunner::~CollectiveRunner()
{
    if (m_engine)
    {
        m_engine->Dispose();
    }
}

std::vector<Communicator>
CollectiveRunner::Groups(const std::string& kind, std::string* error) const
{
    uint32_t gpus = m_fabric->NumGpus();
    uint32_t perServer = m_fabric->spec.gpusPerServer;
    uint32_t servers = gpus / perServer;
    std::vector<Communicator> out;
    if (kind == "world")
    {
        out.push_back(Communicator::World(gpus));
        return out;
    }
    if (kind == "rails")
    {
        for (uint32_t r = 0; r < perServer; ++r)
        {
            out.push_back(Communicator::Rail(gpus, perServer, r));
        }
        return out;
    }
    if (kind == "servers")
    {
        for (uint32_t s = 0; s < servers; ++s)
        {
            out.push_back(Communicator::Server(perServer, s));
        }
        return out;
    }
    auto numbered = [&kind](const std::string& prefix, uint32_t limit, uint32_t* index) {
        if (kind.rfind(prefix, 0) != 0 || kind.size() == prefix.size())
        {
            return false;
        }
        try
        {
            std::size_t used = 0;
            unsigned long v = std::stoul(kind.substr(prefix.size()), &used);
            *index = static_cast<uint32_t>(v);
            return used == kind.size() - prefix.size() && v < limit;
        }
        catch (const std::exception&)
        {
            return false;
        }
    };
    uint32_t i = 0;
    if (numbered("rail", perServer, &i))
    {
        out.push_back(Communicator::Rail(gpus, perServer, i));
        return out;
    }
    if (numbered("server", servers, &i))
    {
        out.push_back(Communicator::Server(perServer, i));
        return out;
    }
    *error = "unknown group '" + kind + "' (known: world, rails, servers, rail<i> with i < "
           + std::to_string(perServer) + ", server<i> with i < " + std::to_string(servers) + ")";
    return out;
}

void
CollectiveRunner::OnDone(uint32_t id)
{
    if (m_jobs)
    {
        uint32_t j = id < m_jobOf.size() ? m_jobOf[id] : UINT32_MAX;
        if (j == UINT32_MAX)
        {
            for (const auto& replay : m_replays)
            {
                if (replay)
                {
                    replay->OnCollectiveDone(id); // each ignores the others' collectives
                }
            }
        }
        else if (!AllJobsMeasured())
        {
            StartJobIteration(j);
        }
        CheckJobsDone();
        return;
    }
    if (m_waitingFor > 0 && --m_waitingFor == 0)
    {
        Simulator::Schedule(m_drain, &CollectiveRunner::StopWhenIdle, this);
    }
}

bool
CollectiveRunner::AllJobsMeasured() const
{
    for (uint32_t j = 0; j < m_jobRuns.size(); ++j)
    {
        uint32_t done = 0;
        if (m_replays[j])
        {
            done = static_cast<uint32_t>(m_replays[j]->GetIterationEnds().size());
        }
        for (uint32_t i = 0; i < m_jobRuns[j].size() && i < m_jobIters; ++i)
        {
            done += m_engine->GetRecord(m_jobRuns[j][i]).Done();
        }
        if (done < m_jobIters)
        {
            return false;
        }
    }
    return true;
}

void
CollectiveRunner::CheckJobsDone()
{
    if (!m_jobs || !AllJobsMeasured())
    {
        return;
    }
    bool replaysDone = true;
    for (const auto& replay : m_replays)
    {
        replaysDone = replaysDone && (!replay || replay->IsDone());
    }
    if (replaysDone && m_engine->GetNPending() == 0 && !m_stopping)
    {
        m_stopping = true;
        Simulator::Schedule(m_drain, &CollectiveRunner::StopWhenIdle, this);
    }
}

void
CollectiveRunner::StartJobIteration(uint32_t j)
{
    const CollectiveJob& job = (*m_jobs)[j];
    uint32_t id = m_engine->Create(job.algorithm,
                                   job.comm,
                                   job.bytes,
                                   0,
                                   job.name + " #" + std::to_string(m_jobRuns[j].size()));
    if (m_jobOf.size() <= id)
    {
        m_jobOf.resize(id + 1, UINT32_MAX);
    }
    m_jobOf[id] = j;
    m_jobRuns[j].push_back(id);
    m_engine->JoinAll(id);
}

std::vector<JobResult>
CollectiveRunner::RunJobs(const std::vector<CollectiveJob>& jobs, uint32_t warmup, uint32_t iters)
{
    NS_ABORT_MSG_IF(iters == 0, "CollectiveRunner::RunJobs: iters must be >= 1");
    if (Distributed::Ranks() > 1)
    {
        throw std::invalid_argument("jobs (several collectives or training replays on one "
                                    "fabric) do not run over MPI ranks yet: run on one rank");
    }
    m_jobs = &jobs;
    m_jobIters = warmup + iters;
    m_jobRuns.assign(jobs.size(), {});
    m_replays.assign(jobs.size(), nullptr);
    m_stopping = false;
    bool training = false;
    for (uint32_t j = 0; j < jobs.size(); ++j)
    {
        if (!jobs[j].training)
        {
            StartJobIteration(j);
            continue;
        }
        // A replay loops its step as a collective job loops its collective: its warm-up and
        // measured steps, then one more at a time while another job still measures.
        training = true;
        TrainingWorkload workload = *jobs[j].training;
        workload.iterations = m_jobIters + 100000;
        Ptr<TrainingReplay> replay = CreateObject<TrainingReplay>();
        replay->Install(m_engine, m_fabric->spec.gpusPerServer, false);
        replay->SetGpuMap(jobs[j].comm.Gpus());
        replay->Load(workload);
        replay->SetIterationLimit(m_jobIters);
        // Done with its iterations (it stops at the limit) while another job still measures:
        // one more step. Otherwise the run may drain.
        replay->SetDoneCallback(Callback<void>([this, j]() {
            if (!AllJobsMeasured())
            {
                m_replays[j]->ExtendIterations(1);
            }
            CheckJobsDone();
        }));
        m_replays[j] = replay;
    }
    if (training)
    {
        m_engine->SetRankDoneCallback(
            CollectiveEngine::RankDoneCallback([this](uint32_t id, uint32_t rank) {
                for (const auto& replay : m_replays)
                {
                    if (replay)
                    {
                        replay->OnRankDone(id, rank);
                    }
                }
            }));
    }
    for (const auto& replay : m_replays)
    {
        if (replay)
        {
            replay->Start();
        }
    }
    StartBackground();
    EventId limit = Simulator::Schedule(m_limit, &Simulator::Stop);
    Simulator::Run();
    limit.Cancel();
    m_jobs = nullptr;
    m_stopping = false;

    std::vector<JobResult> out;
    std::vector<std::string> waiting;
    for (uint32_t j = 0; j < jobs.size(); ++j)
    {
        const CollectiveJob& job = jobs[j];
        JobResult jr;
        jr.name = job.name;
        jr.warmup = warmup;
        CollectiveResult& res = jr.result;
        if (m_replays[j])
        {
            // A training job: its steps; busbw and the ceiling have no meaning for it.
            res.op = "training";
            res.algorithm = job.training->source;
            res.groups = 1;
            res.ranks = job.comm.Size();
            std::vector<Time> steps = m_replays[j]->GetStepTimes();
            Time total(0);
            for (uint32_t i = warmup; i < steps.size() && i < warmup + iters; ++i)
            {
                total += steps[i];
                jr.measured++;
            }
            jr.extra = steps.size() > warmup + iters
                         ? static_cast<uint32_t>(steps.size() - warmup - iters)
                         : 0;
            res.completed = jr.measured == iters;
            if (res.completed)
            {
                res.timeUs = total.GetSeconds() / iters * 1e6;
            }
            else
            {
                res.waiting = m_replays[j]->DescribeWaiting(20);
            }
            out.push_back(jr);
            continue;
        }
        res.op = CollectiveOpName(job.algorithm->GetOp());
        res.algorithm = job.algorithm->GetName();
        res.groups = 1;
        res.ranks = job.comm.Size();
        res.bytes = job.bytes;
        Time total(0);
        for (uint32_t i = 0; i < m_jobRuns[j].size(); ++i)
        {
            const auto& r = m_engine->GetRecord(m_jobRuns[j][i]);
            if (i < warmup)
            {
                continue;
            }
            if (i >= warmup + iters)
            {
                jr.extra += r.Done();
                continue;
            }
            if (r.Done())
            {
                jr.measured++;
                total += r.Duration();
                res.nicBytes = r.nicBytes;
                res.nvlinkBytes = r.nvlinkBytes;
            }
        }
        res.completed = jr.measured == iters;
        if (!res.completed)
        {
            if (waiting.empty())
            {
                waiting = m_engine->DescribeWaiting(20);
            }
            res.waiting = waiting;
        }
        else
        {
            double seconds = total.GetSeconds() / iters;
            res.timeUs = seconds * 1e6;
            res.ceilingUs = CeilingUs(res.nicBytes, res.ranks);
            res.algbwGBps = seconds > 0 ? job.bytes / seconds / 1e9 : 0;
            res.busbwGBps = res.algbwGBps * BusBandwidthFactor(job.algorithm->GetOp(), res.ranks);
        }
        out.push_back(jr);
    }
    m_jobRuns.clear();
    m_jobOf.clear();
    if (training)
    {
        m_engine->SetRankDoneCallback(CollectiveEngine::RankDoneCallback());
    }
    for (auto& replay : m_replays)
    {
        if (replay)
        {
            replay->Dispose();
        }
    }
    m_replays.clear();
    return out;
}

std::vector<JobResult>
RunEachJobAlone(const TopologySpec& topology,
                const FabricProfile& profile,
                uint64_t seed,
                Time limit,
                const std::vector<CollectiveJob>& jobs,
                uint32_t warmup,
                uint32_t iters,
                bool* conserved,
                const std::vector<FailureSpec>& failures)
{
    std::vector<JobResult> out;
    bool allConserved = true;
    for (const auto& job : jobs)
    {
        CollectiveRunner runner(topology, profile, seed); // a new simulation (FabricHelper)
        runner.SetTimeLimit(limit);
        runner.ApplyFailures(failures);
        out.push_back(runner.RunJobs({job}, warmup, iters).front());
        allConserved = allConserved && runner.GetFabric().CollectStats().Conserved();
    }
    if (conserved)
    {
        *conserved = allConserved;
    }
    return out;
}

void
CollectiveRunner::ApplyFailures(const std::vector<FailureSpec>& failures)
{
    if (failures.empty())
    {
        return;
    }
    if (!m_failures)
    {
        m_failures = std::make_unique<FabricFailures>(*m_fabric, m_seed);
    }
    for (const auto& f : failures)
    {
        m_failures->Add(f);
    }
}

double
CollectiveRunner::CeilingUs(uint64_t nicBytes, double gpus) const
{
    UintegerValue mtu;
    m_fabric->nics[0]->GetAttribute("Mtu", mtu);
    auto payload = static_cast<uint32_t>(mtu.Get());
    // A GPU's NIC ceiling: all its plane ports together.
    double ceilingBps = static_cast<double>(m_fabric->nics[0]->GetDataRate().GetBitRate())
                      * m_fabric->NumPlanes() * payload
                      / FabricNetDevice::WireBytes(RdmaNic::DataFrameBytes(payload));
    return gpus > 0 ? nicBytes / gpus * 8 / ceilingBps * 1e6 : 0;
}

void
CollectiveRunner::SetBackground(uint64_t bytes, uint64_t seed)
{
    NS_ABORT_MSG_IF(bytes > 0 && m_fabric->NumHostNics() < 2,
                    "CollectiveRunner::SetBackground: the fabric needs host NICs on at least two "
                    "servers (TopologySpec::hostNic)");
    m_backgroundBytes = bytes;
    m_backgroundSeed = seed;
}

void
CollectiveRunner::StartBackground()
{
    m_background = BackgroundStats();
    if (m_backgroundBytes == 0)
    {
        return;
    }
    // A random cycle over the servers: each host NIC sends to the next one in a shuffled order.
    uint32_t n = m_fabric->NumHostNics();
    m_background.hostNics = n;
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(m_backgroundSeed);
    std::shuffle(order.begin(), order.end(), rng);
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<RdmaNic> src = m_fabric->hostNics[order[i]];
        Ptr<RdmaNic> dst = m_fabric->hostNics[order[(i + 1) % n]];
        uint32_t qpn = RdmaNic::Connect(src, dst);
        // The next message follows each acknowledged one while a job still measures.
        src->SetSendCompleteCallback(
            RdmaNic::MessageCallback([this, src](uint32_t q, uint64_t, uint64_t bytes) {
                m_background.messages++;
                m_background.bytes += bytes;
                m_background.end = Simulator::Now();
                if (m_jobs && !AllJobsMeasured())
                {
                    src->PostSend(q, m_backgroundBytes);
                }
            }));
        src->PostSend(qpn, m_backgroundBytes);
    }
}

void
CollectiveRunner::StopWhenIdle()
{
    if (m_fabric->CollectStats().inFlight == 0)
    {
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(m_drain, &CollectiveRunner::StopWhenIdle, this);
}

CollectiveResult
CollectiveRunner::Run(Ptr<CollectiveAlgorithm> algorithm,
                      const std::vector<Communicator>& comms,
                      uint64_t bytes,
                      uint32_t root)
{
    CollectiveResult res;
    res.op = CollectiveOpName(algorithm->GetOp());
    res.algorithm = algorithm->GetName();
    res.groups = static_cast<uint32_t>(comms.size());
    res.bytes = bytes;
    res.ranks = comms.empty() ? 0 : comms.front().Size();
    std::vector<uint32_t> ids;
    for (const auto& c : comms)
    {
        ids.push_back(m_engine->Create(algorithm, c, bytes, root, c.GetName()));
    }
    if (Distributed::Ordered())
    {
        RunOrdered(ids);
    }
    else
    {
        m_waitingFor = static_cast<uint32_t>(ids.size());
        for (uint32_t id : ids)
        {
            m_engine->JoinAll(id);
        }
        EventId limit = Simulator::Schedule(m_limit, &Simulator::Stop);
        if (m_progressOut && m_progressEvery > 0)
        {
            m_running = ids;
            m_runLabel = res.op + " " + std::to_string(bytes) + " B";
            m_runStart = m_lastPrint = std::chrono::steady_clock::now();
            FabricSimulatorImpl::SetProgressHook([this]() {
                CheckProgress();
            });
        }
        Simulator::Run();
        limit.Cancel();
        FabricSimulatorImpl::SetProgressHook(nullptr);
        m_running.clear();
        m_waitingFor = 0;
    }
    res.completed = true;
    Time longest(0);
    for (uint32_t id : ids)
    {
        const auto& r = m_engine->GetRecord(id);
        res.nicBytes += r.nicBytes;
        res.nvlinkBytes += r.nvlinkBytes;
        if (!r.Done())
        {
            res.completed = false;
            continue;
        }
        longest = std::max(longest, r.Duration());
    }
    if (!res.completed)
    {
        res.waiting = m_engine->DescribeWaiting(20);
        return res;
    }
    res.timeUs = longest.GetSeconds() * 1e6;
    res.ceilingUs = CeilingUs(res.nicBytes, static_cast<double>(res.groups) * res.ranks);
    double seconds = longest.GetSeconds();
    res.algbwGBps = seconds > 0 ? bytes / seconds / 1e9 : 0;
    res.busbwGBps = res.algbwGBps * BusBandwidthFactor(algorithm->GetOp(), res.ranks);
    return res;
}

void
CollectiveRunner::RunOrdered(const std::vector<uint32_t>& ids)
{
    // Queue-pair numbers enter the ECMP hash. Made at a rank's first send they would follow
    // the order of first sends over the whole fabric, which one MPI rank does not see: every
    // rank lists the connections of its own GPUs, and all of them are made, sorted, on every
    // rank, before anything moves.
    std::vector<uint64_t> keys;
    for (uint32_t id : ids)
    {
        const Communicator& comm = m_engine->GetCommunicator(id);
        for (uint32_t r = 0; r < comm.Size(); ++r)
        {
            if (Distributed::IsLocal(m_fabric->nics[comm.Gpu(r)]->GetNode()->GetId()))
            {
                std::vector<uint64_t> k = m_engine->ConnectionsOf(id, r);
                keys.insert(keys.end(), k.begin(), k.end());
            }
        }
    }
    keys = Distributed::Concatenate(keys);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (uint64_t key : keys)
    {
        m_engine->Preconnect(key);
    }
    // Done callbacks would be events of one rank only: the windows below end the run.
    m_engine->SetDoneCallback(CollectiveEngine::DoneCallback());
    for (uint32_t id : ids)
    {
        m_engine->JoinAll(id);
    }
    const Time start = Simulator::Now();
    auto gather = [&ids, this](bool* allDone) {
        std::vector<CollectiveEngine::Record> merged;
        *allDone = true;
        for (uint32_t id : ids)
        {
            CollectiveEngine::Record r = m_engine->GetRecord(id);
            std::vector<uint64_t> sums = {r.ranksDone, r.nicBytes, r.nvlinkBytes, r.chunks};
            Distributed::Sum(sums);
            std::vector<int64_t> finish(r.rankFinish.size());
            for (std::size_t i = 0; i < finish.size(); ++i)
            {
                finish[i] = r.rankFinish[i].GetTimeStep();
            }
            Distributed::Max(finish);
            r.ranksDone = static_cast<uint32_t>(sums[0]);
            r.nicBytes = sums[1];
            r.nvlinkBytes = sums[2];
            r.chunks = sums[3];
            r.finish = Time(-1);
            for (std::size_t i = 0; i < finish.size(); ++i)
            {
                r.rankFinish[i] = TimeStep(finish[i]);
                r.finish = std::max(r.finish, r.rankFinish[i]);
            }
            *allDone = *allDone && r.Done();
            merged.push_back(r);
        }
        return merged;
    };
    bool allDone = false;
    std::vector<CollectiveEngine::Record> merged;
    while (true)
    {
        Simulator::Stop(m_drain);
        Simulator::Run();
        m_windows++;
        merged = gather(&allDone);
        std::vector<uint64_t> inFlight = {m_fabric->CollectStats().inFlight};
        Distributed::Sum(inFlight); // only the frames in flight, not every counter
        bool idle = inFlight[0] == 0;
        if ((allDone && idle) || Simulator::Now() - start >= m_limit)
        {
            break;
        }
    }
    for (std::size_t i = 0; i < ids.size(); ++i)
    {
        m_engine->MergeRecord(ids[i], merged[i]);
    }
    m_engine->SetDoneCallback(MakeCallback(&CollectiveRunner::OnDone, this));
}

void
CollectiveRunner::CheckProgress()
{
    auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - m_lastPrint).count() >= m_progressEvery)
    {
        m_lastPrint = now;
        uint64_t ranks = 0;
        uint64_t done = 0;
        for (uint32_t id : m_running)
        {
            const auto& r = m_engine->GetRecord(id);
            ranks += r.ranks;
            done += r.ranksDone;
        }
        char line[256];
        std::snprintf(line,
                      sizeof(line),
                      "progress: %s: %.3f ms simulated, %llu of %llu ranks done, %llu "
                      "packet-hops, %.0f s\n",
                      m_runLabel.c_str(),
                      Simulator::Now().GetSeconds() * 1e3,
                      static_cast<unsigned long long>(done),
                      static_cast<unsigned long long>(ranks),
                      static_cast<unsigned long long>(m_fabric->CollectStats().packetHops),
                      std::chrono::duration<double>(now - m_runStart).count());
        *m_progressOut << line << std::flush;
    }
}

SharedRun
RunAloneAndShared(const TopologySpec& topology,
                  const FabricProfile& profile,
                  uint64_t seed,
                  Time limit,
                  const std::vector<CollectiveJob>& jobs,
                  uint32_t warmup,
                  uint32_t iters,
                  uint64_t backgroundBytes)
{
    SharedRun run;
    run.alone
        = RunEachJobAlone(topology, profile, seed, limit, jobs, warmup, iters, &run.aloneConserved);
    CollectiveRunner shared(topology, profile, seed);
    shared.SetTimeLimit(limit);
    shared.SetBackground(backgroundBytes, seed);
    run.together = shared.RunJobs(jobs, warmup, iters);
    run.background = shared.GetBackgroundStats();
    run.shared = shared.GetFabric().CollectStats();
    return run;
}

} // namespace fabric
} // namespace ns3
