/*
 * Replays a training step (compute phases and collectives per rank) on a CollectiveEngine.
 */
#include "training-replay.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TrainingReplay");
NS_OBJECT_ENSURE_REGISTERED(TrainingReplay);

namespace
{
constexpr uint8_t WAITING = 0; //!< entry state: predecessors pending
constexpr uint8_t RUNNING = 1; //!< entry state: started
constexpr uint8_t DONE = 2;    //!< entry state: finished
} // namespace

TypeId
TrainingReplay::GetTypeId()
{
    static TypeId tid = TypeId("ns3::fabric::TrainingReplay")
                            .SetParent<Object>()
                            .SetGroupName("Fabric")
                            .AddConstructor<TrainingReplay>();
    return tid;
}

TrainingReplay::TrainingReplay() = default;

TrainingReplay::~TrainingReplay() = default;

void
TrainingReplay::DoDispose()
{
    if (m_engine && m_ownsCallbacks)
    {
        m_engine->SetRankDoneCallback(CollectiveEngine::RankDoneCallback());
        m_engine->SetDoneCallback(CollectiveEngine::DoneCallback());
    }
    m_engine = nullptr;
    m_doneCallback = Callback<void>();
    m_workload.tasks.clear();
    Object::DoDispose();
}

void
TrainingReplay::Install(Ptr<CollectiveEngine> engine, uint32_t gpusPerServer, bool takeCallbacks)
{
    m_engine = engine;
    m_gpusPerServer = gpusPerServer;
    m_ownsCallbacks = takeCallbacks;
    if (takeCallbacks)
    {
        engine->SetRankDoneCallback(MakeCallback(&TrainingReplay::OnRankDone, this));
        engine->SetDoneCallback(MakeCallback(&TrainingReplay::OnCollectiveDone, this));
    }
}

void
TrainingReplay::ExtendIterations(uint32_t more)
{
    uint32_t old = m_iterationLimit;
    m_iterationLimit = std::min(old + more, m_workload.iterations);
    if (m_ranksInIteration.size() < m_iterationLimit)
    {
        m_ranksInIteration.resize(m_iterationLimit, 0);
    }
    for (uint32_t g = 0; g < m_ranks.size() && m_iterationLimit > old; ++g)
    {
        if (m_ranks[g].iteration == old)
        {
            m_gpusDone--;
            StartIteration(g);
        }
    }
}

void
TrainingReplay::SetComputeSpeed(uint32_t gpu, double factor)
{
    NS_ABORT_MSG_IF(!(factor > 0), "TrainingReplay: compute speed must be > 0");
    if (m_speeds.size() <= gpu)
    {
        m_speeds.resize(gpu + 1, 1.0);
    }
    m_speeds[gpu] = factor;
}

void
TrainingReplay::Load(const TrainingWorkload& workload)
{
    NS_ABORT_MSG_IF(!m_engine, "TrainingReplay: Install before Load");
    auto errors = workload.Validate(m_gpusPerServer);
    NS_ABORT_MSG_IF(!errors.empty(), "TrainingReplay: invalid workload: " << errors.front());
    m_workload = workload;
    const ParallelLayout& l = m_workload.layout;
    const uint32_t world = l.World();
    const auto& tasks = m_workload.tasks;
    const uint32_t nTasks = static_cast<uint32_t>(tasks.size());
    // Participation of every GPU: '0' none, '1' runs, 's' sends, 'r' receives, 'b' both.
    std::vector<std::string> signature(world, std::string(nTasks, '0'));
    for (uint32_t t = 0; t < nTasks; ++t)
    {
        for (uint32_t g = 0; g < world; ++g)
        {
            if (!tasks[t].ranks.Contains(l, g))
            {
                continue;
            }
            if (tasks[t].kind != TrainingTask::SEND)
            {
                signature[g][t] = '1';
                continue;
            }
            char& me = signature[g][t];
            me = me == 'r' ? 'b' : 's';
            char& peer = signature[m_workload.SendPeer(tasks[t], g)][t];
            peer = (peer == 's' || peer == 'b') ? 'b' : 'r';
        }
    }
    std::map<std::string, uint32_t> programOf;
    m_programs.clear();
    m_ranks.assign(world, RankState());
    for (uint32_t g = 0; g < world; ++g)
    {
        auto it = programOf.find(signature[g]);
        if (it == programOf.end())
        {
            Program p;
            p.entryOf.assign(nTasks, -1);
            p.recvEntry.assign(nTasks, -1);
            // One NCCL stream per communicator kind: a GPU's collectives on the same kind of
            // group run in program order, each after the previous one finished.
            std::map<GroupKind, int32_t> lastOnStream;
            const std::string& sig = signature[g];
            for (uint32_t t = 0; t < nTasks; ++t)
            {
                char c = sig[t];
                if (c == '0')
                {
                    continue;
                }
                auto add = [&](bool receiver) {
                    Entry e;
                    e.task = t;
                    e.receiver = receiver;
                    for (uint32_t d : tasks[t].after)
                    {
                        for (int32_t pre : {p.entryOf[d], p.recvEntry[d]})
                        {
                            if (pre >= 0)
                            {
                                e.after.push_back(static_cast<uint32_t>(pre));
                            }
                        }
                    }
                    if (tasks[t].kind == TrainingTask::COLLECTIVE)
                    {
                        auto it = lastOnStream.find(tasks[t].group);
                        if (it != lastOnStream.end())
                        {
                            auto prev = static_cast<uint32_t>(it->second);
                            if (std::find(e.after.begin(), e.after.end(), prev) == e.after.end())
                            {
                                e.after.push_back(prev);
                            }
                        }
                        lastOnStream[tasks[t].group] = static_cast<int32_t>(p.entries.size());
                    }
                    p.entries.push_back(e);
                    return static_cast<int32_t>(p.entries.size() - 1);
                };
                if (c == '1' || c == 's' || c == 'b')
                {
                    p.entryOf[t] = add(false);
                }
                if (c == 'r' || c == 'b')
                {
                    p.recvEntry[t] = add(true);
                }
            }
            for (uint32_t e = 0; e < p.entries.size(); ++e)
            {
                for (uint32_t pre : p.entries[e].after)
                {
                    p.entries[pre].dependents.push_back(e);
                }
            }
            m_programs.push_back(std::move(p));
            it = programOf.emplace(signature[g], m_programs.size() - 1).first;
        }
        RankState& r = m_ranks[g];
        r.program = it->second;
        r.speed = g < m_speeds.size() ? m_speeds[g] : 1.0;
    }
    NS_ABORT_MSG_IF(!m_gpuMap.empty() && m_gpuMap.size() != world,
                    "TrainingReplay: the GPU map has " << m_gpuMap.size() << " GPUs, the workload "
                                                       << world);
    m_iterationEnds.clear();
    m_iterationLimit = m_workload.iterations;
    m_ranksInIteration.assign(std::min<uint32_t>(m_iterationLimit, 1024), 0);
    m_gpusDone = 0;
    NS_LOG_INFO("loaded " << m_workload.source << ": " << world << " GPUs, " << nTasks << " tasks, "
                          << m_programs.size() << " distinct programs");
}

void
TrainingReplay::Start()
{
    m_start = Simulator::Now();
    for (uint32_t g = 0; g < m_ranks.size(); ++g)
    {
        StartIteration(g);
    }
}

void
TrainingReplay::StartIteration(uint32_t gpu)
{
    RankState& r = m_ranks[gpu];
    const Program& p = m_programs[r.program];
    std::size_t n = p.entries.size();
    r.pending.resize(n);
    r.started.assign(n, Time(-1));
    r.state.assign(n, WAITING);
    r.remaining = static_cast<uint32_t>(n);
    for (std::size_t e = 0; e < n; ++e)
    {
        r.pending[e] = static_cast<uint16_t>(p.entries[e].after.size());
    }
    if (n == 0)
    {
        EndIteration(gpu);
        return;
    }
    for (std::size_t e = 0; e < n; ++e)
    {
        if (r.pending[e] == 0 && r.state[e] == WAITING)
        {
            StartEntry(gpu, static_cast<uint32_t>(e));
        }
    }
}

void
TrainingReplay::StartEntry(uint32_t gpu, uint32_t e)
{
    RankState& r = m_ranks[gpu];
    const Entry& entry = m_programs[r.program].entries[e];
    const TrainingTask& task = m_workload.tasks[entry.task];
    r.state[e] = RUNNING;
    if (task.kind == TrainingTask::COMPUTE)
    {
        r.computeQueue.push_back(e);
        RunCompute(gpu);
        return;
    }
    r.started[e] = Simulator::Now();
    Communicator comm;
    uint32_t rank = 0;
    if (task.kind == TrainingTask::SEND)
    {
        const ParallelLayout& l = m_workload.layout;
        uint32_t sender = gpu;
        if (entry.receiver)
        {
            int32_t stage = static_cast<int32_t>(l.PpIndex(gpu)) - task.stageOffset;
            sender = l.Gpu(l.TpIndex(gpu), l.DpIndex(gpu), static_cast<uint32_t>(stage));
            rank = 1;
        }
        comm = Communicator({sender, m_workload.SendPeer(task, sender)}, task.id);
    }
    else
    {
        comm = m_workload.GroupOf(task, gpu, m_gpusPerServer);
        rank = static_cast<uint32_t>(comm.RankOf(gpu));
    }
    uint64_t key = (uint64_t(r.iteration) << 44) | (uint64_t(entry.task) << 24) | comm.Gpu(0);
    auto it = m_collectiveByKey.find(key);
    uint32_t id;
    if (it == m_collectiveByKey.end())
    {
        Communicator onFabric = comm;
        if (!m_gpuMap.empty())
        {
            std::vector<uint32_t> gpus;
            for (uint32_t g : comm.Gpus())
            {
                gpus.push_back(m_gpuMap[g]);
            }
            onFabric = Communicator(std::move(gpus), comm.GetName());
        }
        id = m_engine->Create(task.algorithm, onFabric, task.bytes, 0, task.id);
        m_collectiveByKey.emplace(key, id);
        CollectiveRef ref;
        ref.task = entry.task;
        ref.iteration = r.iteration;
        ref.key = key;
        ref.gpus = comm.Gpus();
        m_collectives.emplace(id, std::move(ref));
    }
    else
    {
        id = it->second;
    }
    m_engine->Join(id, rank);
}

void
TrainingReplay::RunCompute(uint32_t gpu)
{
    RankState& r = m_ranks[gpu];
    if (r.computeBusy || r.computeHead >= r.computeQueue.size())
    {
        return;
    }
    uint32_t e = r.computeQueue[r.computeHead++];
    if (r.computeHead == r.computeQueue.size())
    {
        r.computeQueue.clear();
        r.computeHead = 0;
    }
    r.computeBusy = true;
    r.started[e] = Simulator::Now();
    const TrainingTask& task = m_workload.tasks[m_programs[r.program].entries[e].task];
    auto ps = static_cast<int64_t>(std::llround(task.computeTime.GetPicoSeconds() / r.speed));
    Simulator::Schedule(PicoSeconds(ps), &TrainingReplay::ComputeDone, this, gpu, e);
}

void
TrainingReplay::ComputeDone(uint32_t gpu, uint32_t e)
{
    RankState& r = m_ranks[gpu];
    r.computeLog.push_back({r.started[e], Simulator::Now()});
    r.computeBusy = false;
    FinishEntry(gpu, e);
    RunCompute(gpu);
}

void
TrainingReplay::OnRankDone(uint32_t id, uint32_t rank)
{
    auto it = m_collectives.find(id);
    if (it == m_collectives.end())
    {
        return; // not ours
    }
    const CollectiveRef& ref = it->second;
    uint32_t gpu = ref.gpus[rank];
    RankState& r = m_ranks[gpu];
    const Program& p = m_programs[r.program];
    bool receiver = m_workload.tasks[ref.task].kind == TrainingTask::SEND && rank == 1;
    int32_t e = receiver ? p.recvEntry[ref.task] : p.entryOf[ref.task];
    NS_ABORT_MSG_IF(e < 0 || r.iteration != ref.iteration,
                    "TrainingReplay: collective " << id << " finished for GPU " << gpu
                                                  << " out of step");
    r.commLog.push_back({r.started[e], Simulator::Now()});
    FinishEntry(gpu, static_cast<uint32_t>(e));
}

void
TrainingReplay::OnCollectiveDone(uint32_t id)
{
    auto it = m_collectives.find(id);
    if (it != m_collectives.end())
    {
        m_collectiveByKey.erase(it->second.key);
        m_collectives.erase(it);
    }
}

void
TrainingReplay::FinishEntry(uint32_t gpu, uint32_t e)
{
    RankState& r = m_ranks[gpu];
    r.state[e] = DONE;
    r.remaining--;
    const Program& p = m_programs[r.program];
    for (uint32_t d : p.entries[e].dependents)
    {
        if (--r.pending[d] == 0 && r.state[d] == WAITING)
        {
            StartEntry(gpu, d);
        }
    }
    if (r.remaining == 0)
    {
        EndIteration(gpu);
    }
}

void
TrainingReplay::EndIteration(uint32_t gpu)
{
    RankState& r = m_ranks[gpu];
    // Compute phases are disjoint (one stream); communication intervals may overlap.
    Time compute(0);
    for (const auto& i : r.computeLog)
    {
        compute += i.end - i.start;
    }
    std::sort(r.commLog.begin(), r.commLog.end(), [](const Interval& a, const Interval& b) {
        return a.start < b.start;
    });
    std::vector<Interval> merged;
    for (const auto& i : r.commLog)
    {
        if (!merged.empty() && i.start <= merged.back().end)
        {
            merged.back().end = std::max(merged.back().end, i.end);
        }
        else
        {
            merged.push_back(i);
        }
    }
    Time comm(0);
    Time overlap(0);
    std::size_t c = 0;
    for (const auto& m : merged)
    {
        comm += m.end - m.start;
        while (c < r.computeLog.size() && r.computeLog[c].end <= m.start)
        {
            ++c;
        }
        for (std::size_t k = c; k < r.computeLog.size() && r.computeLog[k].start < m.end; ++k)
        {
            Time a = std::max(m.start, r.computeLog[k].start);
            Time b = std::min(m.end, r.computeLog[k].end);
            if (b > a)
            {
                overlap += b - a;
            }
        }
    }
    r.stats.compute += compute;
    r.stats.comm += comm;
    r.stats.exposed += comm - overlap;
    r.computeLog.clear();
    r.commLog.clear();
    uint32_t k = r.iteration;
    if (k >= m_ranksInIteration.size())
    {
        m_ranksInIteration.resize(k + 1, 0);
    }
    if (++m_ranksInIteration[k] == m_ranks.size())
    {
        m_iterationEnds.push_back(Simulator::Now());
        NS_LOG_INFO("iteration " << k << " done at " << Simulator::Now().GetMicroSeconds()
                                 << " us");
    }
    r.iteration++;
    if (r.iteration < m_iterationLimit)
    {
        StartIteration(gpu);
        return;
    }
    r.stats.finish = Simulator::Now();
    m_gpusDone++;
    if (m_gpusDone == m_ranks.size() && !m_doneCallback.IsNull())
    {
        Simulator::ScheduleNow(m_doneCallback);
    }
}

std::vector<Time>
TrainingReplay::GetStepTimes() const
{
    std::vector<Time> steps;
    Time previous = m_start;
    for (Time end : m_iterationEnds)
    {
        steps.push_back(end - previous);
        previous = end;
    }
    return steps;
}

std::vector<std::string>
TrainingReplay::DescribeWaiting(uint32_t maxLines) const
{
    std::vector<std::string> lines;
    uint32_t left = 0;
    for (uint32_t g = 0; g < m_ranks.size(); ++g)
    {
        const RankState& r = m_ranks[g];
        if (r.iteration >= m_iterationLimit)
        {
            continue;
        }
        const Program& p = m_programs[r.program];
        std::string what;
        for (std::size_t e = 0; e < p.entries.size(); ++e)
        {
            const TrainingTask& t = m_workload.tasks[p.entries[e].task];
            if (r.state[e] == RUNNING)
            {
                what += (what.empty() ? "" : ", ") + std::string("in '") + t.id + "'";
            }
        }
        if (what.empty())
        {
            what = "waiting for predecessors";
        }
        if (lines.size() < maxLines)
        {
            lines.push_back("GPU " + std::to_string(g) + " iteration " + std::to_string(r.iteration)
                            + ": " + what);
        }
        else
        {
            left++;
        }
    }
    if (left > 0)
    {
        lines.push_back("... and " + std::to_string(left) + " more GPUs");
    }
    for (const auto& l : m_engine->DescribeWaiting(maxLines))
    {
        lines.push_back(l);
    }
    return lines;
}

} // namespace fabric
} // namespace ns3
