/*
 * Replays a training step on a built fabric with a mix of GPU generations.
 */
#include "training-runner.h"

#include "config/units.h"
#include "helper/distributed.h"
#include "helper/fabric-helper.h"
#include "helper/pcap.h"

#include "ns3/core-module.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TrainingRunner");

TrainingRunner::TrainingRunner(const TopologySpec& topology,
                               const FabricProfile& profile,
                               uint64_t seed)
{
    m_fabric = FabricHelper(topology, profile, seed).Build();
    if (Distributed::Ranks() > 1)
    {
        throw std::invalid_argument(
            "training replays do not run over MPI ranks yet (permutation and "
            "all-to-all flows do): run on one rank");
    }
    m_engine = CreateObject<CollectiveEngine>();
    m_engine->InstallPlanes(m_fabric->planeNics, topology.gpusPerServer);
    m_replay = CreateObject<TrainingReplay>();
    m_replay->Install(m_engine, topology.gpusPerServer);
    m_types = {*GpuType::FromName("H100")};
    m_typeOf.assign(m_fabric->NumGpus(), 0);
}

TrainingRunner::~TrainingRunner()
{
    if (m_replay)
    {
        m_replay->Dispose();
    }
    if (m_engine)
    {
        m_engine->Dispose();
    }
}

std::string
TrainingRunner::SetGpuMix(const std::string& mix)
{
    std::vector<std::pair<GpuType, uint32_t>> parts;
    std::stringstream ss(mix);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        std::string name = item;
        uint32_t servers = 0;
        auto colon = item.find(':');
        if (colon != std::string::npos)
        {
            name = item.substr(0, colon);
            std::string n = item.substr(colon + 1);
            if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 9
                || std::stoul(n) == 0)
            {
                return "GPU mix '" + item + "': the server count must be a positive integer";
            }
            servers = static_cast<uint32_t>(std::stoul(n));
        }
        auto t = GpuType::FromName(name);
        if (!t)
        {
            return "unknown GPU type '" + name + "' (known: H100, H200, GB200)";
        }
        parts.emplace_back(*t, servers);
    }
    if (parts.empty())
    {
        return "empty GPU mix";
    }
    if (parts.size() > 1)
    {
        for (const auto& p : parts)
        {
            if (p.second == 0)
            {
                return "GPU mix with several types needs a server count for each "
                       "(e.g. H100:4,H200:4)";
            }
        }
    }
    const uint32_t perServer = m_fabric->spec.gpusPerServer;
    const uint32_t servers = m_fabric->NumGpus() / perServer;
    m_types.clear();
    std::vector<uint32_t> partType;
    for (const auto& p : parts)
    {
        uint32_t idx = 0;
        while (idx < m_types.size() && m_types[idx].name != p.first.name)
        {
            ++idx;
        }
        if (idx == m_types.size())
        {
            m_types.push_back(p.first);
        }
        partType.push_back(idx);
    }
    // Assign servers part by part, repeating the pattern.
    uint32_t part = 0;
    uint32_t left = parts[0].second;
    for (uint32_t s = 0; s < servers; ++s)
    {
        for (uint32_t k = 0; k < perServer; ++k)
        {
            m_typeOf[s * perServer + k] = partType[part];
        }
        if (parts.size() > 1 && --left == 0)
        {
            part = (part + 1) % parts.size();
            left = parts[part].second;
        }
    }
    // NIC rates (both ends of the GPU link) and NVLink rates.
    for (uint32_t g = 0; g < m_fabric->NumGpus(); ++g)
    {
        const GpuType& t = m_types[m_typeOf[g]];
        // With NIC planes each of the GPU's ports has 1/planes of its NIC's rate.
        DataRate rate(t.nicRate.GetBitRate() / m_fabric->NumPlanes());
        for (const auto& plane : m_fabric->planeNics)
        {
            Ptr<RdmaNic> nic = plane[g];
            if (nic->GetDataRate() != rate)
            {
                nic->SetDataRate(rate);
                nic->GetPeer()->SetDataRate(rate);
            }
        }
        m_engine->GetNvLink()->SetGpuRate(g, t.nvlinkRate);
    }
    return "";
}

void
TrainingRunner::StopWhenIdle()
{
    if (m_fabric->CollectStats().inFlight == 0)
    {
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(MicroSeconds(20), &TrainingRunner::StopWhenIdle, this);
}

TrainingReport
TrainingRunner::Run(const TrainingWorkload& workload)
{
    const uint32_t perServer = m_fabric->spec.gpusPerServer;
    if (workload.layout.World() > m_fabric->NumGpus())
    {
        throw std::invalid_argument("the workload needs " + std::to_string(workload.layout.World())
                                    + " GPUs, the fabric has "
                                    + std::to_string(m_fabric->NumGpus()));
    }
    auto errors = workload.Validate(perServer);
    if (!errors.empty())
    {
        throw std::invalid_argument(workload.source + ": " + errors.front());
    }
    for (uint32_t g = 0; g < workload.layout.World(); ++g)
    {
        m_replay->SetComputeSpeed(g, m_types[m_typeOf[g]].computeSpeed);
    }
    m_replay->Load(workload);
    m_replay->SetDoneCallback(MakeCallback(&TrainingRunner::StopWhenIdle, this));
    Time start = Simulator::Now();
    m_replay->Start();
    EventId limit = Simulator::Schedule(m_limit, &Simulator::Stop);
    Simulator::Run();
    limit.Cancel();

    TrainingReport rep;
    rep.gpus = workload.layout.World();
    rep.iterations = workload.iterations;
    rep.completed = m_replay->IsDone();
    rep.simulatedUs = (Simulator::Now() - start).GetSeconds() * 1e6;
    for (Time t : m_replay->GetStepTimes())
    {
        rep.stepTimesUs.push_back(t.GetSeconds() * 1e6);
    }
    if (!rep.completed)
    {
        rep.waiting = m_replay->DescribeWaiting(20);
        return rep;
    }
    Time total = m_replay->GetIterationEnds().back() - m_replay->GetStartTime();
    double iters = workload.iterations;
    rep.stepUs = total.GetSeconds() * 1e6 / iters;
    rep.all.type = "all";
    std::vector<TrainingReport::GpuGroup> groups(m_types.size());
    for (uint32_t i = 0; i < m_types.size(); ++i)
    {
        groups[i].type = m_types[i].name;
    }
    for (uint32_t g = 0; g < rep.gpus; ++g)
    {
        const auto& st = m_replay->GetGpuStats(g);
        for (TrainingReport::GpuGroup* grp : {&rep.all, &groups[m_typeOf[g]]})
        {
            grp->gpus++;
            grp->computeUs += st.compute.GetSeconds() * 1e6 / iters;
            grp->commUs += st.comm.GetSeconds() * 1e6 / iters;
            grp->exposedUs += st.exposed.GetSeconds() * 1e6 / iters;
            grp->utilization += st.compute.GetSeconds() / total.GetSeconds();
        }
    }
    for (TrainingReport::GpuGroup* grp : {&rep.all})
    {
        grp->computeUs /= grp->gpus;
        grp->commUs /= grp->gpus;
        grp->exposedUs /= grp->gpus;
        grp->utilization /= grp->gpus;
    }
    for (auto& grp : groups)
    {
        if (grp.gpus == 0)
        {
            continue;
        }
        grp.computeUs /= grp.gpus;
        grp.commUs /= grp.gpus;
        grp.exposedUs /= grp.gpus;
        grp.utilization /= grp.gpus;
        rep.perType.push_back(grp);
    }
    return rep;
}

ReplayResult
ReplayTraining(const TopologySpec& topology,
               const FabricProfile& profile,
               uint64_t seed,
               const std::string& mix,
               Time limit,
               const std::string& pcap,
               const TrainingWorkload& workload)
{
    Simulator::Destroy();
    RngSeedManager::SetSeed(seed);
    auto runner = std::make_unique<TrainingRunner>(topology, profile, seed);
    std::string error = runner->SetGpuMix(mix);
    if (!error.empty())
    {
        throw std::invalid_argument(error);
    }
    runner->SetTimeLimit(limit);
    if (!pcap.empty())
    {
        EnablePcap(pcap, runner->GetFabric().nics[0]);
    }
    ReplayResult r;
    r.mix = mix;
    double cpu0 = ProcessCpuSeconds();
    r.report = runner->Run(workload);
    r.cpuSeconds = ProcessCpuSeconds() - cpu0;
    r.stats = runner->GetFabric().CollectStats();
    runner.reset();
    Simulator::Destroy();
    return r;
}

} // namespace fabric
} // namespace ns3
