/*
 * Jobs of a shared fabric as written: parsing, placement names, reading their workloads.
 */
#include "job-spec.h"

#include "config/collective-config.h"
#include "config/trace-chakra-reader.h"
#include "config/trace-reader.h"
#include "config/trace-simai-reader.h"
#include "config/units.h"
#include "config/yaml-error.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

namespace ns3
{
namespace fabric
{

namespace
{

/// Split @p text at every @p sep (empty pieces kept).
std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> out;
    std::string piece;
    std::stringstream ss(text);
    while (std::getline(ss, piece, sep))
    {
        out.push_back(piece);
    }
    if (!text.empty() && text.back() == sep)
    {
        out.emplace_back();
    }
    return out;
}

} // namespace

TrainingWorkload
ReadTrainingWorkload(const std::string& path, const std::string& format, uint32_t gpusPerServer)
{
    bool chakra = format == "chakra" || (format == "auto" && IsChakraTrace(path));
    bool simai
        = !chakra
       && (format == "simai"
           || (format == "auto" && path.size() > 4 && path.substr(path.size() - 4) == ".txt"));
    return chakra ? ReadChakraWorkload(path, ChakraOptions(), gpusPerServer)
         : simai  ? ReadSimAiWorkload(path, SimAiOptions(), gpusPerServer)
                  : ReadTrainingTrace(path, gpusPerServer);
}

std::string
ParseJobSpecs(const std::string& text, std::vector<JobSpec>* jobs)
{
    jobs->clear();
    const std::string form
        = "expected name:gpus:op[/algo]:size, e.g. moe:512:all-to-all/pxn:16MiB, "
          "or name:gpus:FORMAT:path (FORMAT trace, simai or chakra)";
    std::vector<std::string> entries = Split(text, ';');
    if (text.empty() || entries.empty())
    {
        return "no job given (" + form + ", jobs separated by ';')";
    }
    for (std::size_t i = 0; i < entries.size(); ++i)
    {
        const std::string& entry = entries[i];
        std::string where = "job " + std::to_string(i + 1) + " '" + entry + "': ";
        std::vector<std::string> f = Split(entry, ':');
        if (f.size() != 4)
        {
            return where + form;
        }
        JobSpec job;
        job.name = f[0];
        if (job.name.empty())
        {
            return where + "the name is empty (" + form + ")";
        }
        for (const auto& other : *jobs)
        {
            if (other.name == job.name)
            {
                return where + "the name '" + job.name + "' is used by an earlier job";
            }
        }
        const std::string& gpus = f[1];
        if (gpus.empty() || gpus.size() > 9
            || !std::all_of(gpus.begin(),
                            gpus.end(),
                            [](char c) {
                                return c >= '0' && c <= '9';
                            })
            || std::stoul(gpus) == 0)
        {
            return where + "the GPU count must be a positive integer; got '" + gpus + "'";
        }
        job.gpus = static_cast<uint32_t>(std::stoul(gpus));
        if (f[2] == "trace" || f[2] == "simai" || f[2] == "chakra")
        {
            if (f[3].empty())
            {
                return where + "the " + f[2] + " file is empty (" + form + ")";
            }
            job.traceFormat = f[2];
            job.trace = f[3];
            jobs->push_back(job);
            continue;
        }
        std::size_t slash = f[2].find('/');
        job.op = f[2].substr(0, slash);
        job.algo = slash == std::string::npos ? "" : f[2].substr(slash + 1);
        auto op = CollectiveOpFromName(job.op);
        if (!op)
        {
            return where + "unknown operation '" + job.op
                 + "' (known: " + JoinWords(CollectiveOpNames()) + ")";
        }
        if (!job.algo.empty())
        {
            auto names = CollectiveAlgorithmNames(*op);
            if (std::find(names.begin(), names.end(), job.algo) == names.end())
            {
                return where + "unknown algorithm '" + job.algo + "' for " + job.op
                     + " (known: " + JoinWords(names) + ")";
            }
        }
        auto bytes = ParseBytes(f[3]);
        if (!bytes || *bytes == 0)
        {
            return where + "the size must be a positive size with a unit, e.g. 16MiB; got '" + f[3]
                 + "'";
        }
        job.bytes = *bytes;
        jobs->push_back(job);
    }
    return "";
}

std::optional<Placement>
PlacementFromName(const std::string& name)
{
    if (name == "contiguous")
    {
        return Placement::CONTIGUOUS;
    }
    if (name == "random")
    {
        return Placement::RANDOM;
    }
    if (name == "striped")
    {
        return Placement::STRIPED;
    }
    return std::nullopt;
}

std::string
PlacementName(Placement placement)
{
    switch (placement)
    {
        case Placement::CONTIGUOUS:
            return "contiguous";
        case Placement::RANDOM:
            return "random";
        case Placement::STRIPED:
            return "striped";
    }
    return "?";
}

std::string
PlaceJobs(const std::vector<uint32_t>& gpusPerJob,
          uint32_t servers,
          uint32_t gpusPerServer,
          uint32_t serversPerRack,
          Placement placement,
          uint64_t seed,
          std::vector<Communicator>* comms)
{
    comms->clear();
    if (gpusPerServer == 0 || serversPerRack == 0)
    {
        return "GPUs per server and servers per rack must be positive";
    }
    uint64_t total = 0;
    for (std::size_t j = 0; j < gpusPerJob.size(); ++j)
    {
        if (gpusPerJob[j] == 0 || gpusPerJob[j] % gpusPerServer != 0)
        {
            return "job " + std::to_string(j + 1) + " has " + std::to_string(gpusPerJob[j])
                 + " GPUs: a job takes whole servers (a positive multiple of "
                 + std::to_string(gpusPerServer) + ")";
        }
        total += gpusPerJob[j];
    }
    if (total > uint64_t(servers) * gpusPerServer)
    {
        return "the jobs need " + std::to_string(total) + " GPUs; the fabric has "
             + std::to_string(uint64_t(servers) * gpusPerServer);
    }
    std::vector<uint32_t> order(servers);
    std::iota(order.begin(), order.end(), 0);
    if (placement == Placement::RANDOM)
    {
        // The same shuffle on every platform: std::shuffle's algorithm is unspecified, so
        // Fisher-Yates with mt19937_64's (specified) output.
        std::mt19937_64 rng(seed);
        for (uint32_t i = servers; i > 1; --i)
        {
            uint32_t k = static_cast<uint32_t>(rng() % i);
            std::swap(order[i - 1], order[k]);
        }
    }
    else if (placement == Placement::STRIPED)
    {
        uint32_t racks = (servers + serversPerRack - 1) / serversPerRack;
        order.clear();
        for (uint32_t slot = 0; slot < serversPerRack; ++slot)
        {
            for (uint32_t rack = 0; rack < racks; ++rack)
            {
                uint32_t s = rack * serversPerRack + slot;
                if (s < servers)
                {
                    order.push_back(s);
                }
            }
        }
    }
    std::size_t next = 0;
    for (std::size_t j = 0; j < gpusPerJob.size(); ++j)
    {
        uint32_t n = gpusPerJob[j] / gpusPerServer;
        std::vector<uint32_t> mine(order.begin() + next, order.begin() + next + n);
        next += n;
        std::sort(mine.begin(), mine.end());
        std::vector<uint32_t> gpus;
        gpus.reserve(gpusPerJob[j]);
        for (uint32_t s : mine)
        {
            for (uint32_t g = 0; g < gpusPerServer; ++g)
            {
                gpus.push_back(s * gpusPerServer + g);
            }
        }
        comms->emplace_back(std::move(gpus), "job" + std::to_string(j));
    }
    return "";
}

uint32_t
ServersPerRack(const TopologySpec& topo)
{
    if (topo.wiring == Wiring::RAIL)
    {
        return 8;
    }
    return std::max(1u, topo.hostsPerLeaf / std::max(1u, topo.gpusPerServer));
}

std::string
ReadJobWorkloads(std::vector<JobSpec>* jobs, uint32_t gpusPerServer)
{
    for (JobSpec& job : *jobs)
    {
        if (job.trace.empty() || job.workload)
        {
            continue;
        }
        // The readers validate what they read (against gpusPerServer).
        try
        {
            job.workload = std::make_shared<const TrainingWorkload>(
                ReadTrainingWorkload(job.trace, job.traceFormat, gpusPerServer));
        }
        catch (const std::exception& e)
        {
            return "job '" + job.name + "': " + e.what();
        }
    }
    return "";
}

} // namespace fabric
} // namespace ns3
