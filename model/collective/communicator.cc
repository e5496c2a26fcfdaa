/*
 * A communicator: the ordered GPUs a collective runs on, and the parallel-group factories.
 */
#include "communicator.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("Communicator");

Communicator::Communicator(std::vector<uint32_t> gpus, std::string name)
    : m_gpus(std::move(gpus))
    , m_name(std::move(name))
{
}

int32_t
Communicator::RankOf(uint32_t gpu) const
{
    auto it = std::find(m_gpus.begin(), m_gpus.end(), gpu);
    return it == m_gpus.end() ? -1 : static_cast<int32_t>(it - m_gpus.begin());
}

uint32_t
Communicator::RanksPerServer(uint32_t gpusPerServer) const
{
    if (m_gpus.empty() || gpusPerServer <= 1)
    {
        return 1;
    }
    // Count the run of ranks on the first server, then check every server has such a run.
    uint32_t run = 1;
    while (run < m_gpus.size() && m_gpus[run] / gpusPerServer == m_gpus[0] / gpusPerServer)
    {
        ++run;
    }
    if (m_gpus.size() % run != 0)
    {
        return 1;
    }
    std::vector<uint32_t> servers;
    for (std::size_t first = 0; first < m_gpus.size(); first += run)
    {
        uint32_t server = m_gpus[first] / gpusPerServer;
        for (uint32_t k = 1; k < run; ++k)
        {
            if (m_gpus[first + k] / gpusPerServer != server)
            {
                return 1;
            }
        }
        servers.push_back(server);
    }
    std::sort(servers.begin(), servers.end());
    if (std::adjacent_find(servers.begin(), servers.end()) != servers.end())
    {
        return 1; // a server appears in two runs: not server-major
    }
    return run;
}

std::string
Communicator::Validate(uint32_t /* gpusPerServer */) const
{
    std::vector<uint32_t> sorted = m_gpus;
    std::sort(sorted.begin(), sorted.end());
    auto dup = std::adjacent_find(sorted.begin(), sorted.end());
    if (dup != sorted.end())
    {
        return "communicator " + m_name + ": GPU " + std::to_string(*dup) + " appears twice";
    }
    if (m_gpus.empty())
    {
        return "communicator " + m_name + " is empty";
    }
    return "";
}

std::string
ParallelLayout::Check() const
{
    if (tp == 0 || dp == 0 || pp == 0 || ep == 0)
    {
        return "parallel sizes tp, dp, pp, ep must be >= 1";
    }
    // Each factor is below 2^32, so the product of two fits in 64 bits; the third is checked
    // against what is left.
    uint64_t two = uint64_t(tp) * dp;
    if (two > MAX_WORLD || two * pp > MAX_WORLD)
    {
        return "tp x dp x pp = " + std::to_string(tp) + " x " + std::to_string(dp) + " x "
             + std::to_string(pp) + " GPUs is more than the largest job, "
             + std::to_string(MAX_WORLD) + " GPUs";
    }
    return "";
}

Communicator
Communicator::World(uint32_t n)
{
    return Range(0, n, "world");
}

Communicator
Communicator::Range(uint32_t first, uint32_t n, std::string name)
{
    std::vector<uint32_t> g(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        g[i] = first + i;
    }
    return Communicator(std::move(g), std::move(name));
}

Communicator
Communicator::Rail(uint32_t gpus, uint32_t gpusPerServer, uint32_t rail)
{
    std::vector<uint32_t> g;
    for (uint32_t s = 0; s < gpus / gpusPerServer; ++s)
    {
        g.push_back(s * gpusPerServer + rail);
    }
    return Communicator(std::move(g), "rail" + std::to_string(rail));
}

Communicator
Communicator::Server(uint32_t gpusPerServer, uint32_t server)
{
    return Range(server * gpusPerServer, gpusPerServer, "server" + std::to_string(server));
}

Communicator
Communicator::TensorParallel(const ParallelLayout& l, uint32_t gpu)
{
    std::vector<uint32_t> g;
    for (uint32_t t = 0; t < l.tp; ++t)
    {
        g.push_back(l.Gpu(t, l.DpIndex(gpu), l.PpIndex(gpu)));
    }
    return Communicator(std::move(g), "tp");
}

Communicator
Communicator::DataParallel(const ParallelLayout& l, uint32_t gpu)
{
    std::vector<uint32_t> g;
    for (uint32_t d = 0; d < l.dp; ++d)
    {
        g.push_back(l.Gpu(l.TpIndex(gpu), d, l.PpIndex(gpu)));
    }
    return Communicator(std::move(g), "dp");
}

Communicator
Communicator::Pipeline(const ParallelLayout& l, uint32_t gpu)
{
    std::vector<uint32_t> g;
    for (uint32_t p = 0; p < l.pp; ++p)
    {
        g.push_back(l.Gpu(l.TpIndex(gpu), l.DpIndex(gpu), p));
    }
    return Communicator(std::move(g), "pp");
}

Communicator
Communicator::ExpertParallel(const ParallelLayout& l, uint32_t gpu)
{
    uint32_t ep = l.ep ? l.ep : 1;
    uint32_t first = l.DpIndex(gpu) / ep * ep;
    std::vector<uint32_t> g;
    for (uint32_t d = first; d < first + ep && d < l.dp; ++d)
    {
        g.push_back(l.Gpu(l.TpIndex(gpu), d, l.PpIndex(gpu)));
    }
    return Communicator(std::move(g), "ep");
}

} // namespace fabric
} // namespace ns3
