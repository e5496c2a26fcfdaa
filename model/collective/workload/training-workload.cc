/*
 * A training step as a task graph: compute phases and collectives per group of ranks.
 */
#include "training-workload.h"

#include "ns3/log.h"

#include <set>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("TrainingWorkload");

bool
RankSelector::Contains(const ParallelLayout& l, uint32_t gpu) const
{
    switch (kind)
    {
        case ALL:
            return gpu < l.World();
        case TP_INDEX:
            return l.TpIndex(gpu) == first;
        case DP_INDEX:
            return l.DpIndex(gpu) == first;
        case PP_INDEX:
            return l.PpIndex(gpu) == first;
        case RANGE:
            return gpu >= first && gpu <= last;
    }
    return false;
}

std::string
RankSelector::ToString() const
{
    switch (kind)
    {
        case ALL:
            return "all";
        case TP_INDEX:
            return "tp" + std::to_string(first);
        case DP_INDEX:
            return "dp" + std::to_string(first);
        case PP_INDEX:
            return "pp" + std::to_string(first);
        case RANGE:
            return std::to_string(first) + "-" + std::to_string(last);
    }
    return "?";
}

std::string
GroupKindName(GroupKind g)
{
    switch (g)
    {
        case GroupKind::WORLD:
            return "world";
        case GroupKind::TP:
            return "tp";
        case GroupKind::DP:
            return "dp";
        case GroupKind::PP:
            return "pp";
        case GroupKind::EP:
            return "ep";
        case GroupKind::DP_EP:
            return "dpep";
        case GroupKind::SERVER:
            return "server";
        case GroupKind::RAIL:
            return "rail";
    }
    return "?";
}

Communicator
TrainingWorkload::GroupOf(const TrainingTask& task, uint32_t gpu, uint32_t gpusPerServer) const
{
    const ParallelLayout& l = layout;
    switch (task.group)
    {
        case GroupKind::WORLD:
            return Communicator::World(l.World());
        case GroupKind::TP:
            return Communicator::TensorParallel(l, gpu);
        case GroupKind::DP:
            return Communicator::DataParallel(l, gpu);
        case GroupKind::PP:
            return Communicator::Pipeline(l, gpu);
        case GroupKind::EP:
            return Communicator::ExpertParallel(l, gpu);
        case GroupKind::DP_EP: {
            uint32_t ep = l.ep ? l.ep : 1;
            std::vector<uint32_t> g;
            for (uint32_t d = l.DpIndex(gpu) % ep; d < l.dp; d += ep)
            {
                g.push_back(l.Gpu(l.TpIndex(gpu), d, l.PpIndex(gpu)));
            }
            return Communicator(std::move(g), "dpep");
        }
        case GroupKind::SERVER:
            return Communicator::Server(gpusPerServer, gpu / gpusPerServer);
        case GroupKind::RAIL: {
            std::vector<uint32_t> g;
            for (uint32_t s = 0; s < l.World() / gpusPerServer; ++s)
            {
                g.push_back(s * gpusPerServer + gpu % gpusPerServer);
            }
            return Communicator(std::move(g), "rail");
        }
    }
    return Communicator();
}

uint32_t
TrainingWorkload::SendPeer(const TrainingTask& task, uint32_t gpu) const
{
    int32_t stage = static_cast<int32_t>(layout.PpIndex(gpu)) + task.stageOffset;
    return layout.Gpu(layout.TpIndex(gpu), layout.DpIndex(gpu), static_cast<uint32_t>(stage));
}

std::vector<std::string>
TrainingWorkload::Validate(uint32_t gpusPerServer) const
{
    std::vector<std::string> errors;
    const ParallelLayout& l = layout;
    auto at = [](const TrainingTask& t) {
        return "line " + std::to_string(t.line) + ": task '" + t.id + "': ";
    };
    std::string size = l.Check();
    if (!size.empty())
    {
        errors.push_back(size);
        return errors;
    }
    if (l.dp % l.ep != 0)
    {
        errors.push_back("ep (" + std::to_string(l.ep) + ") must divide dp (" + std::to_string(l.dp)
                         + ")");
    }
    if (gpusPerServer == 0 || l.World() % gpusPerServer != 0)
    {
        errors.push_back("the job's " + std::to_string(l.World())
                         + " GPUs must fill whole servers of " + std::to_string(gpusPerServer));
    }
    if (iterations == 0)
    {
        errors.push_back("iterations must be >= 1");
    }
    if (tasks.empty())
    {
        errors.push_back("no tasks");
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < tasks.size(); ++i)
    {
        const TrainingTask& t = tasks[i];
        if (!ids.insert(t.id).second)
        {
            errors.push_back(at(t) + "duplicate id");
        }
        for (uint32_t d : t.after)
        {
            if (d >= i)
            {
                errors.push_back(at(t) + "may only depend on tasks defined before it");
            }
        }
        bool any = false;
        for (uint32_t g = 0; g < l.World() && !any; ++g)
        {
            any = t.ranks.Contains(l, g);
        }
        if (!any)
        {
            errors.push_back(at(t) + "ranks=" + t.ranks.ToString() + " selects no GPU of the "
                             + std::to_string(l.World()) + "-GPU job");
            continue;
        }
        if (t.kind == TrainingTask::COMPUTE && t.computeTime.IsStrictlyNegative())
        {
            errors.push_back(at(t) + "time must be >= 0");
        }
        if (t.kind != TrainingTask::COMPUTE && t.bytes == 0)
        {
            errors.push_back(at(t) + "size must be > 0");
        }
        if (t.kind != TrainingTask::COMPUTE && !t.algorithm)
        {
            errors.push_back(at(t) + "no algorithm");
        }
        if (t.kind == TrainingTask::SEND)
        {
            for (uint32_t g = 0; g < l.World(); ++g)
            {
                if (!t.ranks.Contains(l, g))
                {
                    continue;
                }
                int32_t stage = static_cast<int32_t>(l.PpIndex(g)) + t.stageOffset;
                if (stage < 0 || stage >= static_cast<int32_t>(l.pp))
                {
                    errors.push_back(at(t) + "GPU " + std::to_string(g) + " in stage "
                                     + std::to_string(l.PpIndex(g)) + " has no stage "
                                     + std::to_string(stage) + " to send to");
                    break;
                }
            }
        }
        if (t.kind == TrainingTask::COLLECTIVE && errors.empty())
        {
            // Every member of each selected rank's group must be selected too (one check
            // per group: its members are marked as covered).
            std::vector<bool> covered(l.World(), false);
            for (uint32_t g = 0; g < l.World(); ++g)
            {
                if (covered[g] || !t.ranks.Contains(l, g))
                {
                    continue;
                }
                Communicator c = GroupOf(t, g, gpusPerServer);
                for (uint32_t m : c.Gpus())
                {
                    if (m < covered.size())
                    {
                        covered[m] = true;
                    }
                }
                bool bad = false;
                for (uint32_t m : c.Gpus())
                {
                    if (!t.ranks.Contains(l, m))
                    {
                        errors.push_back(at(t) + "group " + GroupKindName(t.group) + " of GPU "
                                         + std::to_string(g) + " contains GPU " + std::to_string(m)
                                         + ", which ranks=" + t.ranks.ToString()
                                         + " does not select");
                        bad = true;
                        break;
                    }
                }
                if (bad)
                {
                    break;
                }
            }
        }
    }
    return errors;
}

std::string
TrainingWorkload::Summary() const
{
    uint32_t counts[3] = {0, 0, 0};
    for (const auto& t : tasks)
    {
        counts[t.kind]++;
    }
    return std::to_string(counts[0]) + " compute, " + std::to_string(counts[1]) + " collective, "
         + std::to_string(counts[2]) + " send";
}

} // namespace fabric
} // namespace ns3
