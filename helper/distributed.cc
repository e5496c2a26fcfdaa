/*
 * One simulation over several MPI ranks: ns-3's distributed engine, a partition of the fabric
 * by pod, cables between ranks, and results gathered on rank 0.
 */
#include "distributed.h"

#include "model/link/fabric-channel.h"
#include "model/switch/fabric-switch.h"

#include "ns3/abort.h"
#include "ns3/global-value.h"
#include "ns3/node-list.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#ifdef FABRIC_MPI
#    include "ns3/mpi-interface.h"
#    include "ns3/mpi-receiver.h"

#    include <mpi.h>
#endif

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <type_traits>

namespace ns3
{
namespace fabric
{

namespace
{

/// The user's partition: the rank of each pod (empty: contiguous blocks of pods).
GlobalValue g_podRanks("FabricPodRanks",
                       "MPI runs: the rank of each pod, comma-separated (pod 0 first); empty: "
                       "contiguous blocks of pods, rank r owning pods [r P / N, (r+1) P / N)",
                       StringValue(""),
                       MakeStringChecker());

bool g_started = false;         //!< Start ran
bool g_enabled = false;         //!< this process is an MPI rank
uint32_t g_rank = 0;            //!< this rank
uint32_t g_ranks = 1;           //!< ranks in the job
std::vector<uint32_t> g_rankOf; //!< rank of each node id (empty: all on rank 0)
uint64_t g_remoteArrivals = 0;  //!< frames received from other ranks
uint64_t g_foreignSetup = 0;    //!< set-up events of the nodes of other ranks
uint64_t g_messages = 0;        //!< Send messages received here (one event each)
Time g_lookahead;               //!< shortest delay of a cable between ranks

/// @return the number of ranks an MPI launcher gave this process (0: not launched by one)
uint32_t
LauncherSize()
{
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"})
    {
        if (const char* v = std::getenv(name))
        {
            if (std::string(name) == "SLURM_NTASKS" && !std::getenv("PMIX_RANK")
                && !std::getenv("PMI_RANK"))
            {
                continue; // a Slurm job, but this process was not started as an MPI task
            }
            return static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
        }
    }
    return 0;
}

#ifdef FABRIC_MPI
void
Finalize()
{
    MpiInterface::Disable();
}
#endif

/// Replace each of @p n values at @p data by its sum (or, with @p max, its maximum) over the
/// ranks; nothing on one rank.
template<typename T>
void
Reduce(T* data, std::size_t n, bool max)
{
#ifdef FABRIC_MPI
    if (g_enabled && g_ranks > 1 && n > 0)
    {
        static_assert(
            std::is_same_v<T, uint64_t> || std::is_same_v<T, int64_t> || std::is_same_v<T, double>,
            "Reduce: uint64_t, int64_t or double");
        MPI_Datatype type = std::is_same_v<T, uint64_t> ? MPI_UINT64_T
                          : std::is_same_v<T, int64_t>  ? MPI_INT64_T
                                                        : MPI_DOUBLE;
        MPI_Allreduce(MPI_IN_PLACE,
                      data,
                      static_cast<int>(n),
                      type,
                      max ? MPI_MAX : MPI_SUM,
                      MpiInterface::GetCommunicator());
    }
#else
    (void) data;
    (void) n;
    (void) max;
#endif
}

} // namespace

void
Distributed::Start()
{
    if (g_started)
    {
        return;
    }
    g_started = true;
    uint32_t size = LauncherSize();
    if (size == 0)
    {
        return;
    }
#ifdef FABRIC_MPI
    MpiInterface::Enable(nullptr, nullptr);
    std::atexit(Finalize);
    g_enabled = true;
    // Ranks that fail alike write their message at once: whole lines, not interleaved words.
    std::setvbuf(stderr, nullptr, _IOLBF, 4096);
    std::cerr.unsetf(std::ios::unitbuf); // std::cerr then writes through stderr's lines
    g_rank = MpiInterface::GetSystemId();
    g_ranks = MpiInterface::GetSize();
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DistributedSimulatorImpl"));
    GlobalValue::Bind("SchedulerType", StringValue("ns3::fabric::NodeOrderScheduler"));
    if (g_rank != 0 && !std::freopen("/dev/null", "w", stdout))
    {
        throw std::runtime_error("rank " + std::to_string(g_rank) + ": cannot discard stdout");
    }
#else
    if (size > 1)
    {
        throw std::runtime_error("started as " + std::to_string(size)
                                 + " MPI ranks, but this build of fabric has no MPI: build it "
                                   "with scripts/setup --mpi (README: Beyond one core)");
    }
#endif
}

std::string
Distributed::CheckFabrics(std::size_t fabrics, const std::string& flag, const std::string& first)
{
    try
    {
        Start();
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
    if (g_enabled && fabrics > 1)
    {
        return "an MPI run builds one fabric: give one per mpirun (" + flag + "=" + first + ")";
    }
    return "";
}

void
Distributed::BeginFabric()
{
    static uint32_t fabrics = 0;
    if (++fabrics > 1 && g_enabled)
    {
        throw std::invalid_argument("an MPI run builds one fabric: run one profile (and one "
                                    "topology) per mpirun");
    }
}

bool
Distributed::Ordered()
{
    if (g_enabled)
    {
        return true;
    }
    StringValue scheduler;
    GlobalValue::GetValueByName("SchedulerType", scheduler);
    return scheduler.Get() == "ns3::fabric::NodeOrderScheduler";
}

bool
Distributed::Enabled()
{
    return g_enabled;
}

uint32_t
Distributed::Rank()
{
    return g_rank;
}

uint32_t
Distributed::Ranks()
{
    return g_ranks;
}

uint32_t
Distributed::RankOf(uint32_t nodeId)
{
    return nodeId < g_rankOf.size() ? g_rankOf[nodeId] : 0;
}

uint64_t
Distributed::ModelEvents(uint64_t localEvents, uint64_t everyRank)
{
    std::vector<uint64_t> events = {localEvents - g_remoteArrivals - g_foreignSetup - g_messages};
    Sum(events);
    return events[0] - (g_ranks - 1) * everyRank;
}

void
Distributed::Partition(Fabric& f)
{
    g_rankOf.clear();
    if (g_ranks <= 1)
    {
        return;
    }
    const TopologySpec& spec = f.spec;
    const uint32_t pods = spec.tiers == 3 ? spec.NumPods() : 1;
    auto fail = [&](const std::string& why) {
        throw std::invalid_argument("cannot split the fabric over " + std::to_string(g_ranks)
                                    + " MPI ranks: " + why);
    };
    if (spec.tiers != 3)
    {
        fail("a 2-tier fabric is one pod, and ranks own whole pods (use a 3-tier topology)");
    }
    if (g_ranks > pods)
    {
        fail("the fabric has " + std::to_string(pods)
             + " pods and each rank needs at least one (run at most " + std::to_string(pods)
             + " ranks)");
    }
    if (f.NumPlanes() > 1 || f.NumHostNics() > 0)
    {
        fail("NIC planes and the front-end network are not partitioned yet");
    }
    const uint32_t spinesPerPod = spec.Spines();
    const uint32_t leaves = f.numLeaves;
    const uint32_t leavesPerPod = spec.leavesPerPod;
    const uint32_t cores = static_cast<uint32_t>(f.switches.size()) - leaves - pods * spinesPerPod;
    // The rank of each pod: contiguous blocks, or the list the user gave (FabricPodRanks).
    std::vector<uint32_t> ranksOfPods(pods);
    for (uint32_t p = 0; p < pods; ++p)
    {
        ranksOfPods[p] = static_cast<uint32_t>(uint64_t(p) * g_ranks / pods);
    }
    StringValue given;
    GlobalValue::GetValueByName("FabricPodRanks", given);
    if (!given.Get().empty())
    {
        std::vector<uint32_t> list;
        std::string text = given.Get();
        std::size_t at = 0;
        while (at <= text.size())
        {
            std::size_t comma = std::min(text.find(',', at), text.size());
            std::string item = text.substr(at, comma - at);
            char* end = nullptr;
            unsigned long v = std::strtoul(item.c_str(), &end, 10);
            if (item.empty() || *end != '\0' || v >= g_ranks)
            {
                fail("--FabricPodRanks='" + text + "': '" + item + "' is not a rank from 0 to "
                     + std::to_string(g_ranks - 1));
            }
            list.push_back(static_cast<uint32_t>(v));
            at = comma + 1;
        }
        if (list.size() != pods)
        {
            fail("--FabricPodRanks='" + text + "' gives " + std::to_string(list.size())
                 + " ranks, one per pod was expected (" + std::to_string(pods) + " pods)");
        }
        ranksOfPods = list;
    }
    std::vector<uint32_t> podsOfRank(g_ranks, 0);
    for (uint32_t r : ranksOfPods)
    {
        podsOfRank[r]++;
    }
    for (uint32_t r = 0; r < g_ranks; ++r)
    {
        if (podsOfRank[r] == 0)
        {
            fail("rank " + std::to_string(r) + " has no pod (--FabricPodRanks='" + given.Get()
                 + "'): every rank needs nodes");
        }
    }
    g_rankOf.assign(NodeList::GetNNodes(), 0);
    auto assign = [](const Ptr<Node>& node, uint32_t rank) {
        node->SetAttribute("SystemId", UintegerValue(rank));
        g_rankOf[node->GetId()] = rank;
    };
    for (uint32_t s = 0; s < f.switches.size(); ++s)
    {
        uint32_t rank;
        if (s < leaves)
        {
            rank = ranksOfPods[s / leavesPerPod];
        }
        else if (s < leaves + pods * spinesPerPod)
        {
            rank = ranksOfPods[(s - leaves) / spinesPerPod];
        }
        else
        {
            rank = static_cast<uint32_t>(uint64_t(s - leaves - pods * spinesPerPod) * g_ranks
                                         / cores);
        }
        assign(f.switches[s], rank);
    }
    for (uint32_t g = 0; g < f.NumGpus(); ++g)
    {
        assign(f.nics[g]->GetNode(), ranksOfPods[f.gpuLeaf[g] / leavesPerPod]);
    }
    // ns-3 schedules an Initialize of every node, device and application at time 0, and every
    // rank runs them all.
    g_foreignSetup = 0;
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        if (!IsLocal(n))
        {
            g_foreignSetup += 1 + node->GetNDevices() + node->GetNApplications();
        }
    }
#ifdef FABRIC_MPI
    for (const FabricLink& link : f.links)
    {
        uint32_t lowerNode = link.lower->GetNode()->GetId();
        uint32_t upperNode = link.upper->GetNode()->GetId();
        if (RankOf(lowerNode) == RankOf(upperNode))
        {
            continue;
        }
        Ptr<FabricChannel> channel = DynamicCast<FabricChannel>(link.lower->GetChannel());
        if (!channel || !channel->GetDelay().IsStrictlyPositive())
        {
            fail("a cable between ranks (tier " + std::to_string(link.tier)
                 + ") has no propagation delay, and that delay is the lookahead");
        }
        if (g_lookahead.IsZero() || channel->GetDelay() < g_lookahead)
        {
            g_lookahead = channel->GetDelay();
        }
        for (const auto& [here, there] :
             {std::make_pair(link.lower, link.upper), std::make_pair(link.upper, link.lower)})
        {
            if (!IsLocal(here->GetNode()->GetId()))
            {
                continue;
            }
            uint32_t farNode = there->GetNode()->GetId();
            uint32_t farIf = there->GetIfIndex();
            here->SetRemoteSend([farNode, farIf](Ptr<Packet> p, int64_t arrival) {
                MpiInterface::SendPacket(p, TimeStep(arrival), farNode, farIf);
            });
            Ptr<MpiReceiver> receiver = CreateObject<MpiReceiver>();
            FabricNetDevice* port = PeekPointer(here);
            receiver->SetReceiveCallback(Callback<void, Ptr<Packet>>([port](Ptr<Packet> p) {
                g_remoteArrivals++;
                port->ReceiveRemote(p);
            }));
            here->AggregateObject(receiver);
        }
    }
#endif
}

void
Distributed::Send(uint32_t nodeId, uint32_t ifIndex, const std::vector<uint8_t>& message)
{
#ifdef FABRIC_MPI
    NS_ABORT_MSG_IF(g_lookahead.IsZero(), "Distributed::Send: no cable between ranks");
    Ptr<Packet> p = Create<Packet>(message.data(), static_cast<uint32_t>(message.size()));
    MpiInterface::SendPacket(p, Simulator::Now() + g_lookahead + TimeStep(1), nodeId, ifIndex);
#else
    (void) nodeId;
    (void) ifIndex;
    (void) message;
    NS_FATAL_ERROR("Distributed::Send: this build has no MPI");
#endif
}

void
Distributed::Listen(Ptr<NetDevice> device,
                    std::function<void(const uint8_t* data, std::size_t size)> listener)
{
#ifdef FABRIC_MPI
    Ptr<MpiReceiver> receiver = CreateObject<MpiReceiver>();
    receiver->SetReceiveCallback(
        Callback<void, Ptr<Packet>>([listener = std::move(listener)](Ptr<Packet> p) {
            g_messages++;
            std::vector<uint8_t> data(p->GetSize());
            p->CopyData(data.data(), static_cast<uint32_t>(data.size()));
            listener(data.data(), data.size());
        }));
    device->AggregateObject(receiver);
#else
    (void) device;
    (void) listener;
#endif
}

void
Distributed::Sum(std::vector<uint64_t>& values)
{
    Reduce(values.data(), values.size(), false);
}

std::vector<uint64_t>
Distributed::Concatenate(const std::vector<uint64_t>& values)
{
#ifdef FABRIC_MPI
    if (g_enabled && g_ranks > 1)
    {
        MPI_Comm comm = MpiInterface::GetCommunicator();
        int n = static_cast<int>(values.size());
        std::vector<int> counts(g_ranks);
        MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
        std::vector<int> offsets(g_ranks, 0);
        for (uint32_t r = 1; r < g_ranks; ++r)
        {
            offsets[r] = offsets[r - 1] + counts[r - 1];
        }
        std::vector<uint64_t> all(offsets.back() + counts.back());
        MPI_Allgatherv(values.data(),
                       n,
                       MPI_UINT64_T,
                       all.data(),
                       counts.data(),
                       offsets.data(),
                       MPI_UINT64_T,
                       comm);
        return all;
    }
#endif
    return values;
}

void
Distributed::Max(std::vector<int64_t>& values)
{
    Reduce(values.data(), values.size(), true);
}

double
Distributed::SumDouble(double value)
{
    Reduce(&value, 1, false);
    return value;
}

double
Distributed::MaxDouble(double value)
{
    Reduce(&value, 1, true);
    return value;
}

FabricStats
Distributed::Gather(const FabricStats& local)
{
    if (g_ranks <= 1)
    {
        return local;
    }
    FabricStats s = local;
    std::vector<uint64_t*> sums = {&s.framesCreated,   &s.framesConsumed,  &s.switchDrops,
                                   &s.errorModelDrops, &s.linkDownDrops,   &s.inFlight,
                                   &s.packetHops,      &s.dataPacketsSent, &s.retransmittedPackets,
                                   &s.naksSent,        &s.timeouts,        &s.qpErrors,
                                   &s.acksSent,        &s.cnpsSent,        &s.ecnMarkedReceived,
                                   &s.nicDiscards,     &s.pausesReceived,  &s.ecnMarked,
                                   &s.cnpsReceived,    &s.pauseFramesSent, &s.resumeFramesSent,
                                   &s.telemetryStamped};
    std::vector<uint64_t> values;
    for (uint64_t* v : sums)
    {
        values.push_back(*v);
    }
    for (uint32_t r = 0; r < FabricSwitch::DROP_REASON_COUNT; ++r)
    {
        auto it = local.dropsByReason.find(FabricSwitch::DROP_REASON_NAMES[r]);
        values.push_back(it == local.dropsByReason.end() ? 0 : it->second);
    }
    Sum(values);
    for (std::size_t i = 0; i < sums.size(); ++i)
    {
        *sums[i] = values[i];
    }
    s.dropsByReason.clear();
    for (uint32_t r = 0; r < FabricSwitch::DROP_REASON_COUNT; ++r)
    {
        if (uint64_t n = values[sums.size() + r])
        {
            s.dropsByReason[FabricSwitch::DROP_REASON_NAMES[r]] = n;
        }
    }
    std::vector<int64_t> peaks = {static_cast<int64_t>(local.bufferPeakBytes),
                                  static_cast<int64_t>(local.headroomPeakBytes)};
    Max(peaks);
    s.bufferPeakBytes = static_cast<uint64_t>(peaks[0]);
    s.headroomPeakBytes = static_cast<uint64_t>(peaks[1]);
    s.pausedSeconds = SumDouble(local.pausedSeconds);
    return s;
}

} // namespace fabric
} // namespace ns3
