/*
 * The collective program's flags as a checked collective sweep.
 */
#include "collective-flags.h"

#include "config/collective-config.h"
#include "config/profile-list.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace fabric
{

void
CollectiveFlags::AddTo(CommandLineFlags& cmd)
{
    m_cmd = &cmd;
    cmd.Add(
        "op", "all-reduce | all-gather | reduce-scatter | all-to-all | broadcast | sendrecv", op);
    cmd.Add("algo",
            "algorithm: all-reduce ring|tree|hierarchical, all-to-all direct|pairwise|pxn, "
            "others ring (sendrecv p2p); empty = the first",
            algo);
    cmd.Add("minBytes", "smallest size S (nccl-tests -b), e.g. 8, 1M, 1MiB", minBytes);
    cmd.Add("maxBytes", "largest size S (nccl-tests -e)", maxBytes);
    cmd.Add("stepFactor", "size multiplier between points (nccl-tests -f), > 1", stepFactor);
    cmd.Add("gpus", "GPUs in the fabric (colossus: a multiple of 512)", gpus);
    cmd.Add("profile",
            "comma-separated fabric profiles: standard, spectrum-x, ideal, each with optional "
            "/key=value overrides (routing, cc, receiveMode, pfc, ecn, telemetry), e.g. "
            "spectrum-x/cc=none",
            profiles);
    cmd.Add("topology", "colossus (rail-optimized arrays) or leaf-spine", topology);
    cmd.Add("arraysPerPod", "colossus: 512-GPU arrays under one spine tier", arraysPerPod);
    cmd.Add("oversubscription", "colossus: leaf down-links per up-link", oversubscription);
    cmd.Add("hostsPerLeaf", "leaf-spine: GPU NICs per leaf", hostsPerLeaf);
    cmd.Add("spines", "leaf-spine: spines (0 = as many as leaf uplinks)", spines);
    cmd.Add("gpusPerServer", "leaf-spine: GPUs per server (NVLink domain)", gpusPerServer);
    cmd.Add("planes",
            "NIC planes: each GPU NIC split into this many ports at --rate / planes, each on "
            "its own copy of the fabric",
            planes);
    cmd.Add("wiring", "leaf-spine: tor or rail", wiring);
    cmd.Add("group",
            "communicators: world (one over all GPUs), rails (one per rail, concurrently), "
            "servers (one per server), rail<i>, server<i>",
            group);
    cmd.Add("channels",
            "parallel channels, each with its own QPs (0 = auto: gpusPerServer for a ring over the "
            "world group, 1 for all-to-all and sendrecv, else 2)",
            channels);
    cmd.Add("chunk", "largest message posted at once (NCCL step), with unit", chunk);
    cmd.Add("qpsPerConnection",
            "queue pairs per connection, messages round-robin over them "
            "(NCCL_IB_QPS_PER_CONNECTION)",
            qpsPerConnection);
    cmd.Add("root", "root rank (broadcast)", root);
    cmd.Add("iters", "timed iterations per size (averaged)", iters);
    cmd.Add("warmup", "untimed iterations per size", warmup);
    cmd.Add("seed", "hash seeds and random streams", seed);
    cmd.AddRate("rate", "every Ethernet link's rate, with unit", lineRate);
    cmd.AddRate("nvlinkRate", "NVLink rate per GPU and direction, with unit", nvRate);
    cmd.AddTime("nvlinkLatency", "NVLink copy latency, with unit", nvLatency, true);
    cmd.AddTime("timeLimit", "simulated-time limit per collective, with unit", limit);
    cmd.Add("progress",
            "seconds of real time between progress lines on stderr while a size runs (0: none)",
            progress);
    monitors.AddTo(cmd, "profile", "every size and iteration, warm-up included");
    AddFailureFlags(cmd, failureFlags);
}

std::string
CollectiveFlags::ToSpec(CollectiveSweep* sweep)
{
    if (std::string why = monitors.Check({}); !why.empty())
    {
        return (why);
    }
    std::vector<FailureSpec> failureSpecs;
    std::string failureError = FailureSpecsFromFlags(failureFlags, &failureSpecs);
    if (!failureError.empty())
    {
        return (failureError);
    }
    std::string error;
    Ptr<CollectiveAlgorithm> probe = CreateCollectiveAlgorithm(op, algo, 1, 0, &error);
    if (!probe)
    {
        return (error);
    }
    auto minB = ParseMessageSize(minBytes);
    auto maxB = ParseMessageSize(maxBytes);
    if (!minB || *minB == 0)
    {
        return ("--minBytes must be a positive size, e.g. 8, 1M or 1MiB; got '" + minBytes + "'");
    }
    if (!maxB || *maxB < *minB)
    {
        return ("--maxBytes must be a size >= --minBytes; got '" + maxBytes + "'");
    }
    if (!(stepFactor > 1) && *maxB != *minB)
    {
        return ("--stepFactor must be > 1");
    }
    if (!(progress >= 0))
    {
        return ("--progress must be a number of seconds >= 0 (0: no progress lines)");
    }
    auto chunkB = ParseMessageSize(chunk);
    if (!chunkB || *chunkB == 0)
    {
        return ("--chunk must be a positive size; got '" + chunk + "'");
    }
    if (qpsPerConnection == 0 || qpsPerConnection > 64)
    {
        return ("--qpsPerConnection must be between 1 and 64");
    }
    Config::SetDefault("ns3::fabric::CollectiveEngine::QpsPerConnection",
                       UintegerValue(qpsPerConnection));
    if (iters == 0)
    {
        return ("--iters must be >= 1");
    }
    if (gpus == 0)
    {
        return ("--gpus must be > 0");
    }
    std::vector<FabricProfile> profileList;
    for (const std::string& why :
         {ParseProfileList(profiles, ',', "profile", "--profile", &profileList),
          monitors.Check(ProfileNames(profileList))})
    {
        if (!why.empty())
        {
            return (why);
        }
    }

    TopologySpec spec;
    std::string shape;
    if (topology == "colossus")
    {
        std::string unused
            = m_cmd->RejectGiven({"hostsPerLeaf", "spines", "gpusPerServer", "wiring"},
                                 "--topology=colossus (512-GPU rail-optimized arrays)");
        if (!unused.empty())
        {
            return (unused);
        }
        if (gpus % 512 != 0)
        {
            return ("--gpus=" + std::to_string(gpus)
                    + " does not match the colossus topology: it is built of 512-GPU "
                      "arrays (use a multiple of 512, or --topology=leaf-spine)");
        }
        spec = TopologySpec::Colossus(gpus / 512, arraysPerPod, oversubscription);
        shape = "colossus, " + std::to_string(gpus / 512) + " arrays, " + std::to_string(spec.tiers)
              + " tiers";
    }
    else if (topology == "leaf-spine")
    {
        std::string unused
            = m_cmd->RejectGiven({"arraysPerPod", "oversubscription"}, "--topology=leaf-spine");
        if (!unused.empty())
        {
            return (unused);
        }
        spec = TopologySpec::LeafSpine(gpus, hostsPerLeaf, spines);
        spec.gpusPerServer = gpusPerServer;
        if (wiring == "rail")
        {
            spec.wiring = Wiring::RAIL;
        }
        else if (wiring != "tor")
        {
            return ("--wiring must be tor or rail; got '" + wiring + "'");
        }
        shape = "leaf-spine, " + wiring + " wiring";
    }
    else
    {
        return ("--topology must be colossus or leaf-spine; got '" + topology + "'");
    }
    spec.hostLink.rate = spec.leafLink.rate = spec.spineLink.rate = lineRate;
    spec.planes = planes;
    if (planes > 1)
    {
        shape += ", " + std::to_string(planes) + " NIC planes";
    }
    auto topoErrors = spec.Validate();
    if (!topoErrors.empty())
    {
        return (topoErrors.front().find("planes") != std::string::npos
                    ? "--planes=" + std::to_string(planes) + ": " + topoErrors.front()
                    : "--gpus=" + std::to_string(gpus)
                          + " does not fit the topology: " + topoErrors.front());
    }
    if (channels == 0)
    {
        // A ring over whole servers needs one channel per rail for every NIC of a server to
        // carry one ring crossing; all-to-all and send/recv already use every NIC (1 QP per
        // peer, as NCCL_IB_QPS_PER_CONNECTION=1); otherwise 2 (NCCL's minimum).
        if (probe->GetName() == "ring" && group == "world")
        {
            channels = spec.gpusPerServer;
        }
        else if (probe->GetOp() == CollectiveOp::ALL_TO_ALL
                 || probe->GetOp() == CollectiveOp::SEND_RECV)
        {
            channels = 1;
        }
        else
        {
            channels = 2;
        }
    }
    Ptr<CollectiveAlgorithm> algorithm
        = CreateCollectiveAlgorithm(op, algo, channels, *chunkB, &error);
    if (!algorithm)
    {
        return (error);
    }

    std::vector<uint64_t> sizes;
    for (double s = static_cast<double>(*minB); s <= static_cast<double>(*maxB) * 1.0000001;
         s *= stepFactor)
    {
        sizes.push_back(static_cast<uint64_t>(s));
        if (*maxB == *minB)
        {
            break;
        }
    }

    sweep->topology = spec;
    sweep->shape = shape;
    sweep->algorithm = algorithm;
    sweep->sizes = sizes;
    sweep->profiles = profileList;
    sweep->failures = failureSpecs;
    sweep->group = group;
    sweep->root = root;
    sweep->iters = iters;
    sweep->warmup = warmup;
    sweep->seed = seed;
    sweep->gpus = gpus;
    sweep->channels = channels;
    sweep->qpsPerConnection = qpsPerConnection;
    sweep->chunkBytes = *chunkB;
    sweep->stepFactor = stepFactor;
    sweep->progress = progress;
    sweep->nvRate = nvRate;
    sweep->nvLatency = nvLatency;
    sweep->limit = limit;
    return "";
}

} // namespace fabric
} // namespace ns3
