/*
 * Runs collective algorithms on a fabric's NICs and on NVLink: the collective application.
 */
#include "collective-engine.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("CollectiveEngine");
NS_OBJECT_ENSURE_REGISTERED(CollectiveEngine);

TypeId
CollectiveEngine::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::CollectiveEngine")
              .SetParent<Object>()
              .SetGroupName("Fabric")
              .AddConstructor<CollectiveEngine>()
              .AddAttribute("QpsPerConnection",
                            "Queue pairs per connection (NCCL_IB_QPS_PER_CONNECTION; NCCL's "
                            "default 1). Messages go round-robin over them, one QP each (NCCL's "
                            "NCCL_IB_SPLIT_DATA_ON_QPS=0); each QP has its own UDP source port, "
                            "so ECMP hashes them apart.",
                            UintegerValue(1),
                            MakeUintegerAccessor(&CollectiveEngine::m_qpsPerConnection),
                            MakeUintegerChecker<uint32_t>(1, 64))
              .AddAttribute("PlaneSpraying",
                            "With NIC planes: split every chunk into one part per plane (sizes "
                            "within a byte of each other, at least one byte each) posted on one "
                            "queue pair per plane, the chunk arriving when its last part does, "
                            "as a multiplane NIC sprays a queue pair's packets over its planes. "
                            "Off: each queue pair stays on one plane (see InstallPlanes).",
                            BooleanValue(false),
                            MakeBooleanAccessor(&CollectiveEngine::m_planeSpraying),
                            MakeBooleanChecker())
              .AddTraceSource("CollectiveDone",
                              "A collective finished: its id.",
                              MakeTraceSourceAccessor(&CollectiveEngine::m_collectiveDoneTrace),
                              "ns3::TracedValueCallback::Uint32");
    return tid;
}

CollectiveEngine::CollectiveEngine() = default;

CollectiveEngine::~CollectiveEngine() = default;

void
CollectiveEngine::DoDispose()
{
    for (auto& plane : m_planes)
    {
        for (auto& nic : plane)
        {
            if (nic)
            {
                nic->SetReceiveCompleteCallback(RdmaNic::MessageCallback());
            }
        }
    }
    m_planes.clear();
    m_instances.clear();
    m_conns.clear();
    m_connIndex.Clear();
    m_tagLists.clear();
    m_freeTagLists.clear();
    m_pairQps.clear();
    m_sprays.clear();
    m_recvConn.clear();
    m_nvlink = nullptr;
    m_rankDone = RankDoneCallback();
    m_done = DoneCallback();
    Object::DoDispose();
}

void
CollectiveEngine::Install(const std::vector<Ptr<RdmaNic>>& nics,
                          uint32_t gpusPerServer,
                          Ptr<NvLinkTransport> nvlink)
{
    InstallPlanes({nics}, gpusPerServer, nvlink);
}

void
CollectiveEngine::InstallPlanes(const std::vector<std::vector<Ptr<RdmaNic>>>& planes,
                                uint32_t gpusPerServer,
                                Ptr<NvLinkTransport> nvlink)
{
    NS_ABORT_MSG_IF(gpusPerServer == 0, "CollectiveEngine: gpusPerServer must be > 0");
    NS_ABORT_MSG_IF(planes.empty(), "CollectiveEngine: no NIC plane");
    const std::vector<Ptr<RdmaNic>>& nics = planes.front();
    for (const auto& plane : planes)
    {
        NS_ABORT_MSG_IF(plane.size() != nics.size(),
                        "CollectiveEngine: every NIC plane needs a port for every GPU");
    }
    m_planes = planes;
    m_gpusPerServer = gpusPerServer;
    m_nvlink = nvlink ? nvlink : CreateObject<NvLinkTransport>();
    if (m_nvlink->GetGpuCount() != nics.size())
    {
        m_nvlink->SetGpuCount(static_cast<uint32_t>(nics.size()));
    }
    m_recvConn.assign(nics.size() * planes.size(), {});
    m_gpuCounters.assign(nics.size(), GpuCounters());
    for (uint32_t p = 0; p < planes.size(); ++p)
    {
        for (uint32_t g = 0; g < nics.size(); ++g)
        {
            planes[p][g]->SetReceiveCompleteCallback(
                RdmaNic::MessageCallback([this, g, p](uint32_t qpn, uint64_t, uint64_t bytes) {
                    OnNicReceive(g, p, qpn, bytes);
                }));
        }
    }
}

std::string
CollectiveEngine::Check(Ptr<CollectiveAlgorithm> algorithm,
                        const Communicator& comm,
                        uint32_t root) const
{
    if (!algorithm)
    {
        return "no algorithm";
    }
    std::string e = comm.Validate(m_gpusPerServer);
    if (!e.empty())
    {
        return e;
    }
    for (uint32_t g : comm.Gpus())
    {
        if (g >= NumGpus())
        {
            return "communicator GPU " + std::to_string(g) + " is not in the fabric ("
                 + std::to_string(NumGpus()) + " GPUs)";
        }
    }
    CommShape shape {comm.Size(), comm.RanksPerServer(m_gpusPerServer), root};
    return algorithm->Validate(shape);
}

uint32_t
CollectiveEngine::Create(Ptr<CollectiveAlgorithm> algorithm,
                         const Communicator& comm,
                         uint64_t bytes,
                         uint32_t root,
                         const std::string& label)
{
    std::string e = Check(algorithm, comm, root);
    NS_ABORT_MSG_IF(!e.empty(), "CollectiveEngine::Create: " << e);
    NS_ABORT_MSG_IF(bytes == 0, "CollectiveEngine::Create: a collective needs at least 1 byte");
    auto in = std::make_unique<Instance>();
    in->id = static_cast<uint32_t>(m_instances.size());
    in->algorithm = algorithm;
    in->comm = comm;
    in->shape = CommShape {comm.Size(), comm.RanksPerServer(m_gpusPerServer), root, bytes};
    in->lanes = algorithm->NumLanes();
    in->chunkBytes = algorithm->GetChunkBytes();
    for (uint32_t l = 0; l < in->lanes; ++l)
    {
        in->laneBytes.push_back(algorithm->LaneBytes(in->shape, l));
    }
    in->ranks.resize(comm.Size());
    in->joinWaiters.resize(comm.Size());
    Record& r = in->record;
    r.label = label;
    r.op = algorithm->GetOp();
    r.algorithm = algorithm->GetName();
    r.ranks = comm.Size();
    r.bytes = bytes;
    r.rankJoin.assign(comm.Size(), Time(-1));
    r.rankFinish.assign(comm.Size(), Time(-1));
    m_instances.push_back(std::move(in));
    m_pending++;
    return static_cast<uint32_t>(m_instances.size() - 1);
}

void
CollectiveEngine::JoinAll(uint32_t id)
{
    NS_ABORT_MSG_IF(id >= m_instances.size(), "CollectiveEngine: no collective " << id);
    Instance& in = *m_instances[id];
    // Everybody joins at once: create every state first, so no send waits for a join.
    std::vector<uint32_t> joined;
    for (uint32_t r = 0; r < in.comm.Size(); ++r)
    {
        if (!in.ranks[r])
        {
            AddRank(id, r, false);
            joined.push_back(r);
        }
    }
    for (uint32_t r : joined)
    {
        if (m_local.empty() || m_local[in.comm.Gpu(r)])
        {
            Activate(in, r);
        }
    }
}

std::vector<uint64_t>
CollectiveEngine::ConnectionsOf(uint32_t id, uint32_t rank)
{
    NS_ABORT_MSG_IF(id >= m_instances.size(), "CollectiveEngine: no collective " << id);
    const Instance& in = *m_instances[id];
    std::vector<uint64_t> keys;
    uint32_t src = in.comm.Gpu(rank);
    for (uint32_t l = 0; l < in.lanes; ++l)
    {
        if (in.laneBytes[l] == 0)
        {
            continue;
        }
        uint32_t steps = in.algorithm->NumSteps(in.shape, rank, l);
        for (uint32_t s = 0; s < steps; ++s)
        {
            m_plan.Clear();
            in.algorithm->GetStep(in.shape, rank, l, s, in.laneBytes[l], m_plan);
            for (const auto& t : m_plan.sends)
            {
                uint32_t dst = in.comm.Gpu(t.peer);
                if (src / m_gpusPerServer != dst / m_gpusPerServer)
                {
                    keys.push_back((uint64_t(src) << 40) | (uint64_t(dst) << 16) | (l & 0xffff));
                }
            }
        }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

void
CollectiveEngine::Preconnect(uint64_t key)
{
    GetConnection(static_cast<uint32_t>(key >> 40),
                  static_cast<uint32_t>((key >> 16) & 0xffffff),
                  static_cast<uint32_t>(key & 0xffff));
}

void
CollectiveEngine::MergeRecord(uint32_t id, const Record& merged)
{
    NS_ABORT_MSG_IF(id >= m_instances.size(), "CollectiveEngine: no collective " << id);
    Record& r = m_instances[id]->record;
    bool wasDone = r.Done();
    r = merged;
    if (r.Done() && !wasDone)
    {
        m_pending--;
    }
}

void
CollectiveEngine::Join(uint32_t id, uint32_t rank)
{
    AddRank(id, rank, true);
}

void
CollectiveEngine::AddRank(uint32_t id, uint32_t rank, bool activate)
{
    NS_ABORT_MSG_IF(id >= m_instances.size(), "CollectiveEngine: no collective " << id);
    Instance& in = *m_instances[id];
    NS_ABORT_MSG_IF(rank >= in.comm.Size(), "CollectiveEngine: no rank " << rank);
    NS_ABORT_MSG_IF(in.ranks[rank], "CollectiveEngine: rank " << rank << " joined twice");
    auto rs = std::make_unique<RankState>();
    rs->joined = true;
    rs->lanes.resize(in.lanes);
    for (uint32_t l = 0; l < in.lanes; ++l)
    {
        LaneState& ls = rs->lanes[l];
        ls.laneBytes = in.laneBytes[l];
        ls.numSteps = ls.laneBytes ? in.algorithm->NumSteps(in.shape, rank, l) : 0;
        NS_ABORT_MSG_IF(ls.numSteps >= (1u << 31),
                        "CollectiveEngine: " << in.record.algorithm << " has " << ls.numSteps
                                             << " steps on a lane (at most 2^31 - 1)");
    }
    Time now = Simulator::Now();
    in.record.rankJoin[rank] = now;
    if (in.record.start.IsStrictlyNegative())
    {
        in.record.start = now;
    }
    in.ranks[rank] = std::move(rs);
    if (activate && (m_local.empty() || m_local[in.comm.Gpu(rank)]))
    {
        Activate(in, rank);
    }
}

void
CollectiveEngine::Activate(Instance& in, uint32_t rank)
{
    for (uint32_t l = 0; l < in.lanes; ++l)
    {
        Pump(in, rank, l);
    }
    // Sends that waited for this rank's receive buffers may go on (only those sends).
    std::vector<JoinWaiter> waiters;
    waiters.swap(in.joinWaiters[rank]);
    for (const JoinWaiter& w : waiters)
    {
        RankState& rs = *in.ranks[w.rank];
        if (rs.done)
        {
            continue;
        }
        LaneState& ls = rs.lanes[w.lane];
        if (w.step < ls.base || w.step >= ls.materialized)
        {
            continue;
        }
        ls.steps[w.step - ls.base].sends[w.send].waiting = 0;
        TryPost(in, w.rank, w.lane, ls, w.step, static_cast<int32_t>(w.send));
        if (ls.steps[w.step - ls.base].sendsPosted)
        {
            Pump(in, w.rank, w.lane); // the step may retire, later steps may start
        }
    }
    CheckRankDone(in, rank, Simulator::Now());
}

void
CollectiveEngine::Materialize(Instance& in, uint32_t rank, uint32_t lane, LaneState& ls)
{
    uint32_t s = ls.materialized;
    m_plan.Clear();
    in.algorithm->GetStep(in.shape, rank, lane, s, ls.laneBytes, m_plan);
    if (m_stepPool.empty())
    {
        ls.steps.push_back(std::make_unique<StepState>());
    }
    else
    {
        ls.steps.push_back(std::move(m_stepPool.back()));
        m_stepPool.pop_back();
    }
    StepState& st = ls.steps.back();
    st.recvsComplete = 0;
    st.sendsComplete = 0;
    st.sends.clear();
    st.recvs.clear();
    for (const auto& t : m_plan.sends)
    {
        NS_ABORT_MSG_IF(t.peer >= in.comm.Size() || t.peer == rank,
                        "CollectiveEngine: " << in.record.algorithm << " sends to invalid peer "
                                             << t.peer << " from rank " << rank);
        uint32_t peerStep = t.peerStep == StepTransfer::SAME_STEP ? s : t.peerStep;
        st.sends.push_back({t.bytes, t.peer, Chunks(t.bytes, in.chunkBytes), 0, peerStep, 0});
    }
    for (const auto& t : m_plan.recvs)
    {
        NS_ABORT_MSG_IF(t.peer >= in.comm.Size() || t.peer == rank,
                        "CollectiveEngine: " << in.record.algorithm
                                             << " receives from invalid peer " << t.peer
                                             << " at rank " << rank);
        st.recvs.push_back({t.bytes, t.peer, Chunks(t.bytes, in.chunkBytes), 0, s, 0});
    }
    if (st.recvs.size() > 1)
    {
        std::sort(st.recvs.begin(), st.recvs.end(), [](const Transfer& a, const Transfer& b) {
            return a.peer < b.peer;
        });
    }
    if (!st.recvs.empty())
    {
        ls.lastRecvStep = static_cast<int32_t>(s);
    }
    st.sendsPosted = st.sends.empty();
    ls.materialized++;
}

void
CollectiveEngine::Retire(LaneState& ls)
{
    m_stepPool.push_back(ls.steps.pop_front());
    ls.base++;
}

void
CollectiveEngine::Pump(Instance& in, uint32_t rank, uint32_t lane)
{
    RankState& rs = *in.ranks[rank];
    if (rs.done)
    {
        return;
    }
    LaneState& ls = rs.lanes[lane];
    // Materialize steps whose dependency has delivered something (or is retired).
    while (ls.materialized < ls.numSteps)
    {
        int32_t d = ls.lastRecvStep;
        if (d >= static_cast<int32_t>(ls.base))
        {
            const StepState& ds = ls.steps[d - ls.base];
            bool progress = true;
            for (const auto& r : ds.recvs)
            {
                if (r.done == 0)
                {
                    progress = false;
                    break;
                }
            }
            if (!progress)
            {
                break;
            }
        }
        Materialize(in, rank, lane, ls);
    }
    for (uint32_t s = ls.base; s < ls.materialized; ++s)
    {
        TryPost(in, rank, lane, ls, s);
    }
    while (!ls.steps.empty())
    {
        const StepState& f = ls.steps.front();
        if (f.recvsComplete != f.recvs.size() || !f.sendsPosted)
        {
            break;
        }
        Retire(ls);
    }
    if (ls.steps.empty() && ls.materialized < ls.numSteps)
    {
        Pump(in, rank, lane); // everything retired: the next steps have no pending dependency
    }
}

uint32_t
CollectiveEngine::SendLimit(const LaneState& ls, uint32_t s, const Transfer& t) const
{
    // Chunk k of a send of ns chunks needs ceil((k+1) nr / ns) chunks of every earlier
    // receive: limit = min over unfinished earlier receives of floor(received * ns / nr).
    uint32_t limit = t.chunks;
    for (uint32_t e = ls.base; e < s; ++e)
    {
        const StepState& earlier = ls.steps[e - ls.base];
        if (earlier.recvsComplete == earlier.recvs.size())
        {
            continue;
        }
        for (const auto& r : earlier.recvs)
        {
            if (r.done < r.chunks)
            {
                uint64_t l = uint64_t(r.done) * t.chunks / r.chunks;
                limit = std::min<uint32_t>(limit, static_cast<uint32_t>(l));
            }
        }
    }
    return limit;
}

void
CollectiveEngine::TryPost(
    Instance& in, uint32_t rank, uint32_t lane, LaneState& ls, uint32_t s, int32_t only)
{
    StepState& st = ls.steps[s - ls.base];
    if (st.sendsPosted)
    {
        return;
    }
    std::size_t first = only < 0 ? 0 : static_cast<std::size_t>(only);
    std::size_t end = only < 0 ? st.sends.size() : first + 1;
    m_limits.resize(end - first);
    for (std::size_t j = first; j < end; ++j)
    {
        m_limits[j - first] = st.sends[j].done < st.sends[j].chunks ? SendLimit(ls, s, st.sends[j])
                                                                    : st.sends[j].chunks;
    }
    // Post round-robin over the sends, one chunk each per round.
    bool progress = true;
    while (progress)
    {
        progress = false;
        for (std::size_t j = first; j < end; ++j)
        {
            Transfer& t = st.sends[j];
            if (t.done >= m_limits[j - first])
            {
                continue;
            }
            const auto& peer = in.ranks[t.peer];
            if (!peer || !peer->joined)
            {
                if (!t.waiting)
                {
                    t.waiting = 1;
                    in.joinWaiters[t.peer].push_back({rank, lane, s, static_cast<uint32_t>(j)});
                }
                continue;
            }
            PostChunk(in, rank, lane, t, t.done);
            t.done++;
            if (t.done == t.chunks)
            {
                st.sendsComplete++;
            }
            progress = true;
        }
    }
    st.sendsPosted = st.sendsComplete == st.sends.size();
}

void
CollectiveEngine::PostChunk(
    Instance& in, uint32_t rank, uint32_t lane, const Transfer& t, uint32_t chunk)
{
    uint64_t bytes
        = chunk + 1 < t.chunks ? in.chunkBytes : t.bytes - uint64_t(t.chunks - 1) * in.chunkBytes;
    uint32_t srcGpu = in.comm.Gpu(rank);
    uint32_t dstGpu = in.comm.Gpu(t.peer);
    Tag tag {in.id, rank, t.peer, t.peerStep, static_cast<uint16_t>(lane)};
    in.ranks[rank]->inflight++;
    in.record.chunks++;
    if (srcGpu / m_gpusPerServer == dstGpu / m_gpusPerServer)
    {
        in.record.nvlinkBytes += bytes;
        m_gpuCounters[srcGpu].nvlinkBytesSent += bytes;
        Time arrival = m_nvlink->Reserve(srcGpu, dstGpu, bytes);
        Simulator::Schedule(
            arrival - Simulator::Now(), &CollectiveEngine::OnArrival, this, tag, bytes, true);
        return;
    }
    in.record.nicBytes += bytes;
    m_gpuCounters[srcGpu].nicBytesSent += bytes;
    uint32_t c = GetConnection(srcGpu, dstGpu, lane);
    uint32_t spread = m_planeSpraying ? static_cast<uint32_t>(m_planes.size()) : 1;
    if (m_qpsPerConnection > 1)
    {
        // The connection's QPs (or groups of one QP per plane) are consecutive.
        c += (m_conns[c].nextQp++ % m_qpsPerConnection) * spread;
    }
    if (m_planeSpraying)
    {
        SprayGroup& g = m_sprays[m_conns[c].spray];
        g.tags.push_back(tag);
        g.left.push_back(static_cast<uint8_t>(spread));
        for (uint32_t p = 0; p < spread; ++p)
        {
            uint64_t part = std::max<uint64_t>(bytes / spread + (p < bytes % spread), 1);
            m_planes[p][srcGpu]->PostSend(m_conns[c + p].qpn, part);
        }
        return;
    }
    if (IsLocal(dstGpu))
    {
        PushTag(c, tag);
    }
    else
    {
        // The receiver's engine runs elsewhere: it queues the tag there (before the message
        // can arrive: a lookahead is less than any path between ranks).
        std::vector<uint8_t> m(1 + 4 + sizeof(Tag));
        m[0] = REMOTE_POSTED;
        std::memcpy(&m[1], &c, 4);
        std::memcpy(&m[5], &tag, sizeof(Tag));
        m_remoteSend(dstGpu, std::move(m));
    }
    m_planes[m_conns[c].plane][srcGpu]->PostSend(m_conns[c].qpn, bytes);
}

void
CollectiveEngine::PushTag(uint32_t c, const Tag& tag)
{
    uint32_t& list = m_conns[c].tagList;
    if (list == UINT32_MAX)
    {
        if (m_freeTagLists.empty())
        {
            list = static_cast<uint32_t>(m_tagLists.size());
            m_tagLists.emplace_back();
        }
        else
        {
            list = m_freeTagLists.back();
            m_freeTagLists.pop_back();
        }
    }
    m_tagLists[list].tags.push_back(tag);
}

void
CollectiveEngine::ReceiveRemote(const uint8_t* data, std::size_t size)
{
    NS_ABORT_MSG_IF(size < 1 + sizeof(Tag), "CollectiveEngine: short remote message");
    if (data[0] == REMOTE_POSTED)
    {
        NS_ABORT_MSG_IF(size != 1 + 4 + sizeof(Tag), "CollectiveEngine: bad remote message");
        uint32_t c;
        Tag tag;
        std::memcpy(&c, data + 1, 4);
        std::memcpy(&tag, data + 5, sizeof(Tag));
        PushTag(c, tag);
        return;
    }
    NS_ABORT_MSG_IF(data[0] != REMOTE_DELIVERED || size != 1 + sizeof(Tag) + 8,
                    "CollectiveEngine: bad remote message");
    Tag tag;
    int64_t at;
    std::memcpy(&tag, data + 1, sizeof(Tag));
    std::memcpy(&at, data + 1 + sizeof(Tag), 8);
    Instance& in = *m_instances[tag.collective];
    in.ranks[tag.src]->inflight--;
    CheckRankDone(in, tag.src, TimeStep(at));
}

uint32_t
CollectiveEngine::GetConnection(uint32_t srcGpu, uint32_t dstGpu, uint32_t lane)
{
    uint64_t key = (uint64_t(srcGpu) << 40) | (uint64_t(dstGpu) << 16) | (lane & 0xffff);
    uint32_t found = m_connIndex.Find(key);
    if (found != FlatIndex::NONE)
    {
        return found;
    }
    auto first = static_cast<uint32_t>(m_conns.size());
    for (uint32_t q = 0; q < m_qpsPerConnection; ++q)
    {
        if (m_planeSpraying)
        {
            // One queue pair on every plane, consecutive, sharing one spray group.
            for (uint32_t p = 0; p < m_planes.size(); ++p)
            {
                ConnectPlane(srcGpu, dstGpu, p, static_cast<uint32_t>(m_sprays.size()));
            }
            m_sprays.emplace_back();
            continue;
        }
        // Both ends' peers and the pair's queue pairs take the planes in turn (InstallPlanes).
        uint32_t plane = 0;
        if (m_planes.size() > 1)
        {
            uint32_t& made = m_pairQps[(uint64_t(srcGpu) << 32) | dstGpu];
            uint64_t turn = uint64_t(srcGpu) + dstGpu + srcGpu / m_gpusPerServer
                          + dstGpu / m_gpusPerServer + made++;
            plane = static_cast<uint32_t>(turn % m_planes.size());
        }
        ConnectPlane(srcGpu, dstGpu, plane, UINT32_MAX);
    }
    m_connIndex.Insert(key, first);
    return first;
}

void
CollectiveEngine::ConnectPlane(uint32_t srcGpu, uint32_t dstGpu, uint32_t plane, uint32_t spray)
{
    const auto& nics = m_planes[plane];
    // Over MPI ranks, an end whose GPU runs elsewhere only takes its QP number here.
    uint32_t remote = 0;
    uint32_t qpn = RdmaNic::Connect(
        nics[srcGpu], nics[dstGpu], 0, IsLocal(srcGpu), IsLocal(dstGpu), &remote);
    auto index = static_cast<uint32_t>(m_conns.size());
    Connection c;
    c.qpn = qpn;
    c.plane = plane;
    c.spray = spray;
    m_conns.push_back(std::move(c));
    auto& v = m_recvConn[plane * NumGpus() + dstGpu];
    uint32_t i = remote - RdmaNic::FIRST_QPN;
    if (v.size() <= i)
    {
        v.resize(i + 1, UINT32_MAX);
    }
    v[i] = index;
}

void
CollectiveEngine::OnNicReceive(uint32_t gpu, uint32_t plane, uint32_t qpn, uint64_t bytes)
{
    const auto& v = m_recvConn[plane * NumGpus() + gpu];
    uint32_t i = qpn - RdmaNic::FIRST_QPN;
    if (i >= v.size() || v[i] == UINT32_MAX)
    {
        return; // not one of ours
    }
    Connection& c = m_conns[v[i]];
    m_gpuCounters[gpu].nicBytesReceived += bytes;
    if (c.spray != UINT32_MAX)
    {
        // A part of a sprayed chunk: the plane's QP delivers its parts in posting order.
        SprayGroup& g = m_sprays[c.spray];
        uint32_t at = g.next[plane]++ - g.base;
        NS_ABORT_MSG_IF(at >= g.left.size() || g.left[at] == 0,
                        "CollectiveEngine: part on GPU " << gpu << " QP " << qpn
                                                         << " that nobody posted");
        if (--g.left[at] > 0)
        {
            return;
        }
        Tag tag = g.tags[at];
        std::size_t done = 0;
        while (done < g.left.size() && g.left[done] == 0)
        {
            ++done;
        }
        g.tags.erase(g.tags.begin(), g.tags.begin() + done);
        g.left.erase(g.left.begin(), g.left.begin() + done);
        g.base += static_cast<uint32_t>(done);
        Simulator::ScheduleNow(&CollectiveEngine::OnArrival, this, tag, bytes, false);
        return;
    }
    NS_ABORT_MSG_IF(c.tagList == UINT32_MAX,
                    "CollectiveEngine: message on GPU " << gpu << " QP " << qpn
                                                        << " that nobody posted");
    TagList& list = m_tagLists[c.tagList];
    Tag tag = list.tags[list.head++];
    if (list.head == list.tags.size())
    {
        list.tags.clear(); // the list goes back, capacity kept: an idle connection holds none
        list.head = 0;
        m_freeTagLists.push_back(c.tagList);
        c.tagList = UINT32_MAX;
    }
    else if (list.head >= 64 && list.head * 2 >= list.tags.size())
    {
        list.tags.erase(list.tags.begin(), list.tags.begin() + list.head);
        list.head = 0;
    }
    // Handle it in a fresh event: the NIC is inside its receive path and holds references
    // into its queue-pair table, which a lazy Connect (posting the next chunk) may grow.
    Simulator::ScheduleNow(&CollectiveEngine::OnArrival, this, tag, bytes, false);
}

void
CollectiveEngine::OnArrival(Tag tag, uint64_t bytes, bool nvlink)
{
    Instance& in = *m_instances[tag.collective];
    if (nvlink)
    {
        m_gpuCounters[in.comm.Gpu(tag.dst)].nvlinkBytesReceived += bytes;
    }
    const Time now = Simulator::Now();
    const bool localSender = IsLocal(in.comm.Gpu(tag.src));
    if (localSender)
    {
        in.ranks[tag.src]->inflight--;
    }
    else
    {
        // The sender's engine runs elsewhere: it learns when its chunk was delivered.
        std::vector<uint8_t> m(1 + sizeof(Tag) + 8);
        m[0] = REMOTE_DELIVERED;
        int64_t at = now.GetTimeStep();
        std::memcpy(&m[1], &tag, sizeof(Tag));
        std::memcpy(&m[1 + sizeof(Tag)], &at, 8);
        m_remoteSend(in.comm.Gpu(tag.src), std::move(m));
    }
    RankState& dst = *in.ranks[tag.dst];
    LaneState& ls = dst.lanes[tag.lane];
    while (ls.materialized <= tag.step)
    {
        Materialize(in, tag.dst, tag.lane, ls);
    }
    NS_ABORT_MSG_IF(tag.step < ls.base, "CollectiveEngine: chunk for a retired step");
    StepState& st = ls.steps[tag.step - ls.base];
    auto it = std::lower_bound(
        st.recvs.begin(), st.recvs.end(), tag.src, [](const Transfer& t, uint32_t peer) {
            return t.peer < peer;
        });
    while (it != st.recvs.end() && it->peer == tag.src && it->done == it->chunks)
    {
        ++it; // a second message from the same peer in this step
    }
    NS_ABORT_MSG_IF(it == st.recvs.end() || it->peer != tag.src,
                    "CollectiveEngine: rank " << tag.dst << " did not expect a chunk from rank "
                                              << tag.src << " in step " << tag.step);
    it->done++;
    if (it->done == it->chunks)
    {
        st.recvsComplete++;
    }
    Pump(in, tag.dst, tag.lane);
    if (localSender)
    {
        CheckRankDone(in, tag.src, now);
    }
    CheckRankDone(in, tag.dst, now);
}

void
CollectiveEngine::CheckRankDone(Instance& in, uint32_t rank, Time at)
{
    RankState* rs = in.ranks[rank].get();
    if (!rs || rs->done)
    {
        return;
    }
    // Calls come in time order, but for a delivery reported by another MPI rank's engine
    // (ReceiveRemote), which comes a lookahead after it happened.
    rs->latest = std::max(rs->latest, at);
    if (rs->inflight > 0)
    {
        return;
    }
    for (const auto& ls : rs->lanes)
    {
        if (ls.base < ls.numSteps)
        {
            return;
        }
    }
    rs->done = true;
    rs->lanes.clear();
    rs->lanes.shrink_to_fit();
    Time now = rs->latest;
    Record& r = in.record;
    r.rankFinish[rank] = now;
    r.ranksDone++;
    if (r.finish < now)
    {
        r.finish = now;
    }
    if (!m_rankDone.IsNull())
    {
        Simulator::ScheduleNow(&CollectiveEngine::NotifyRankDone, this, in.id, rank);
    }
    if (r.ranksDone == r.ranks)
    {
        m_pending--;
        in.joinWaiters.clear();
        in.joinWaiters.shrink_to_fit();
        NS_LOG_INFO("collective " << in.id << " (" << CollectiveOpName(r.op) << " " << r.algorithm
                                  << ", " << r.ranks << " ranks, " << r.bytes << " B) done in "
                                  << r.Duration().GetMicroSeconds() << " us");
        m_collectiveDoneTrace(in.id);
        if (!m_done.IsNull())
        {
            Simulator::ScheduleNow(&CollectiveEngine::NotifyDone, this, in.id);
        }
    }
}

void
CollectiveEngine::NotifyRankDone(uint32_t id, uint32_t rank)
{
    if (!m_rankDone.IsNull())
    {
        m_rankDone(id, rank);
    }
}

void
CollectiveEngine::NotifyDone(uint32_t id)
{
    if (!m_done.IsNull())
    {
        m_done(id);
    }
}

std::vector<CollectiveEngine::WaitInfo>
CollectiveEngine::GetWaiting() const
{
    std::vector<WaitInfo> out;
    for (const auto& inp : m_instances)
    {
        const Instance& in = *inp;
        if (in.record.Done())
        {
            continue;
        }
        for (uint32_t r = 0; r < in.comm.Size(); ++r)
        {
            WaitInfo w;
            w.collective = in.id;
            w.rank = r;
            w.gpu = in.comm.Gpu(r);
            const RankState* rs = in.ranks[r].get();
            if (!rs || !rs->joined)
            {
                w.reason = WaitReason::NOT_JOINED;
                out.push_back(w);
                continue;
            }
            if (rs->done)
            {
                continue;
            }
            bool found = false;
            for (uint32_t l = 0; l < rs->lanes.size() && !found; ++l)
            {
                const LaneState& ls = rs->lanes[l];
                if (ls.base >= ls.numSteps || ls.steps.empty())
                {
                    continue;
                }
                const StepState& f = ls.steps.front();
                w.lane = l;
                w.step = ls.base;
                for (const auto& t : f.recvs)
                {
                    if (t.done < t.chunks)
                    {
                        w.reason = WaitReason::RECEIVE;
                        w.peer = static_cast<int32_t>(t.peer);
                        w.chunksDone = t.done;
                        w.chunks = t.chunks;
                        found = true;
                        break;
                    }
                }
                for (std::size_t j = 0; j < f.sends.size() && !found; ++j)
                {
                    const auto& t = f.sends[j];
                    if (t.done < t.chunks)
                    {
                        const auto& peer = in.ranks[t.peer];
                        w.reason = (!peer || !peer->joined) ? WaitReason::PEER_NOT_JOINED
                                                            : WaitReason::RECEIVE;
                        w.peer = static_cast<int32_t>(t.peer);
                        w.chunksDone = t.done;
                        w.chunks = t.chunks;
                        found = true;
                    }
                }
            }
            if (!found)
            {
                w.reason = WaitReason::DELIVERY;
                w.chunksDone = 0;
                w.chunks = static_cast<uint32_t>(rs->inflight);
            }
            out.push_back(w);
        }
    }
    return out;
}

std::vector<std::string>
CollectiveEngine::DescribeWaiting(uint32_t maxLines) const
{
    std::vector<std::string> lines;
    std::vector<WaitInfo> all = GetWaiting();
    for (const auto& w : all)
    {
        if (lines.size() >= maxLines)
        {
            lines.push_back("... and " + std::to_string(all.size() - maxLines)
                            + " more waiting ranks");
            break;
        }
        const Instance& in = *m_instances[w.collective];
        std::ostringstream os;
        os << "collective " << w.collective;
        if (!in.record.label.empty())
        {
            os << " '" << in.record.label << "'";
        }
        os << " (" << CollectiveOpName(in.record.op) << " " << in.record.algorithm << ") rank "
           << w.rank << " (GPU " << w.gpu << ")";
        switch (w.reason)
        {
            case WaitReason::NOT_JOINED:
                os << ": has not joined";
                break;
            case WaitReason::RECEIVE:
                os << " step " << w.step << " lane " << w.lane << ": waits for chunk "
                   << w.chunksDone + 1 << " of " << w.chunks << " from rank " << w.peer << " (GPU "
                   << in.comm.Gpu(static_cast<uint32_t>(w.peer)) << ")";
                break;
            case WaitReason::PEER_NOT_JOINED:
                os << " step " << w.step << " lane " << w.lane << ": waits for rank " << w.peer
                   << " (GPU " << in.comm.Gpu(static_cast<uint32_t>(w.peer))
                   << ") to join before sending";
                break;
            case WaitReason::DELIVERY:
                os << ": waits for delivery of " << w.chunks << " chunks";
                break;
        }
        lines.push_back(os.str());
    }
    return lines;
}

} // namespace fabric
} // namespace ns3
