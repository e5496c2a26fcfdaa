/*
 * Runs a set of point-to-point messages (flows) over a fabric and summarizes them.
 */
#include "flow-runner.h"

#include "helper/distributed.h"

#include "ns3/abort.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

FlowRunner::FlowRunner(Fabric& fabric)
    : m_fabric(fabric)
    , m_byReceiverQp(fabric.NumGpus() + fabric.NumHostNics())
    , m_bySenderQp(fabric.NumGpus() + fabric.NumHostNics())
{
    if (fabric.NumPlanes() > 1)
    {
        throw std::invalid_argument("flows (permutation, all-to-all patterns) use one NIC port "
                                    "per GPU; NIC planes are modelled for collectives and "
                                    "training replays");
    }
    for (uint32_t e = 0; e < fabric.NumGpus() + fabric.NumHostNics(); ++e)
    {
        NicOf(e)->SetReceiveCompleteCallback(
            RdmaNic::MessageCallback([this, e](uint32_t qpn, uint64_t, uint64_t) {
                OnReceived(e, qpn);
            }));
        NicOf(e)->SetSendCompleteCallback(
            RdmaNic::MessageCallback([this, e](uint32_t qpn, uint64_t, uint64_t) {
                OnAcked(e, qpn);
            }));
    }
}

Ptr<RdmaNic>
FlowRunner::NicOf(uint32_t endpoint) const
{
    uint32_t gpus = m_fabric.NumGpus();
    return endpoint < gpus ? m_fabric.nics[endpoint] : m_fabric.hostNics[endpoint - gpus];
}

void
FlowRunner::AddFlow(const Flow& flow)
{
    NS_ABORT_MSG_IF(flow.src >= m_fabric.NumGpus() || flow.dst >= m_fabric.NumGpus(),
                    "FlowRunner: GPU index out of range");
    Add(flow, flow.src, flow.dst, false);
}

void
FlowRunner::AddHostFlow(const Flow& flow)
{
    NS_ABORT_MSG_IF(flow.src >= m_fabric.NumHostNics() || flow.dst >= m_fabric.NumHostNics(),
                    "FlowRunner: no host NIC for server "
                        << std::max(flow.src, flow.dst) << " (" << m_fabric.NumHostNics()
                        << " host NICs; TopologySpec::hostNic builds them)");
    Add(flow, m_fabric.NumGpus() + flow.src, m_fabric.NumGpus() + flow.dst, true);
}

void
FlowRunner::Add(const Flow& flow, uint32_t srcEndpoint, uint32_t dstEndpoint, bool hostNic)
{
    Ptr<RdmaNic> src = NicOf(srcEndpoint);
    Ptr<RdmaNic> dst = NicOf(dstEndpoint);
    // Over MPI ranks, an end whose NIC runs elsewhere only takes its QP number here.
    uint32_t remoteQpn = 0;
    uint32_t qpn = RdmaNic::Connect(src,
                                    dst,
                                    flow.sourcePort,
                                    Distributed::IsLocal(src->GetNode()->GetId()),
                                    Distributed::IsLocal(dst->GetNode()->GetId()),
                                    &remoteQpn);
    auto index = static_cast<uint32_t>(m_records.size());
    FlowRecord r;
    r.flow = flow;
    r.qpn = qpn;
    r.hostNic = hostNic;
    m_records.push_back(r);
    auto remember = [index](std::vector<uint32_t>& v, uint32_t q) {
        uint32_t i = q - RdmaNic::FIRST_QPN;
        if (v.size() <= i)
        {
            v.resize(i + 1, UINT32_MAX);
        }
        v[i] = index;
    };
    remember(m_bySenderQp[srcEndpoint], qpn);
    remember(m_byReceiverQp[dstEndpoint], remoteQpn);
    if (Distributed::IsLocal(src->GetNode()->GetId())) // its sender's rank posts it
    {
        Simulator::Schedule(flow.start, [src, qpn, bytes = flow.bytes]() {
            src->PostSend(qpn, bytes);
        });
    }
}

void
FlowRunner::OnReceived(uint32_t endpoint, uint32_t qpn)
{
    const auto& v = m_byReceiverQp[endpoint];
    uint32_t i = qpn - RdmaNic::FIRST_QPN;
    if (i < v.size() && v[i] != UINT32_MAX)
    {
        m_records[v[i]].finish = Simulator::Now();
    }
}

void
FlowRunner::OnAcked(uint32_t endpoint, uint32_t qpn)
{
    const auto& v = m_bySenderQp[endpoint];
    uint32_t i = qpn - RdmaNic::FIRST_QPN;
    if (i < v.size() && v[i] != UINT32_MAX)
    {
        m_records[v[i]].acked = Simulator::Now();
    }
}

void
FlowRunner::GatherAcrossRanks()
{
    if (Distributed::Ranks() <= 1)
    {
        return;
    }
    // A time is set on one rank and -1 on the others: the maximum is the time.
    std::vector<int64_t> times;
    times.reserve(2 * m_records.size());
    for (const auto& r : m_records)
    {
        times.push_back(r.finish.GetTimeStep());
        times.push_back(r.acked.GetTimeStep());
    }
    Distributed::Max(times);
    for (std::size_t i = 0; i < m_records.size(); ++i)
    {
        m_records[i].finish = TimeStep(times[2 * i]);
        m_records[i].acked = TimeStep(times[2 * i + 1]);
    }
}

FlowSummary
FlowRunner::Summarize() const
{
    FlowSummary s;
    s.flows = static_cast<uint32_t>(m_records.size());
    std::vector<double> fcts;
    std::vector<double> senderFcts; // post to last ACK
    double lineBps = static_cast<double>(m_fabric.spec.hostLink.rate.GetBitRate());
    double hostLineBps = static_cast<double>(m_fabric.spec.frontEndLink.rate.GetBitRate());
    Time first = Time::Max();
    Time last = Time(0);
    Time lastAck = Time(0);
    uint64_t bytes = 0;
    double goodputSum = 0;
    std::vector<bool> sender(m_fabric.NumGpus() + m_fabric.NumHostNics(), false);
    uint32_t senders = 0;     // GPUs
    uint32_t hostSenders = 0; // host NICs
    for (const auto& r : m_records)
    {
        first = std::min(first, r.flow.start);
        uint32_t endpoint = r.hostNic ? m_fabric.NumGpus() + r.flow.src : r.flow.src;
        if (!sender[endpoint])
        {
            sender[endpoint] = true;
            (r.hostNic ? hostSenders : senders)++;
        }
        if (r.finish.IsNegative())
        {
            continue;
        }
        s.completed++;
        double fctUs = r.Fct().GetSeconds() * 1e6;
        fcts.push_back(fctUs);
        last = std::max(last, r.finish);
        if (!r.acked.IsNegative())
        {
            senderFcts.push_back((r.acked - r.flow.start).GetSeconds() * 1e6);
            lastAck = std::max(lastAck, r.acked);
        }
        bytes += r.flow.bytes;
        goodputSum
            += r.flow.bytes * 8.0 / r.Fct().GetSeconds() / (r.hostNic ? hostLineBps : lineBps);
    }
    if (fcts.empty())
    {
        return s;
    }
    std::sort(fcts.begin(), fcts.end());
    std::sort(senderFcts.begin(), senderFcts.end());
    auto percentile = [](const std::vector<double>& v, double p) {
        if (v.empty())
        {
            return 0.0;
        }
        auto k = static_cast<std::size_t>(std::ceil(p * v.size())) - 1;
        return v[std::min(k, v.size() - 1)];
    };
    auto pct = [&fcts, &percentile](double p) {
        return percentile(fcts, p);
    };
    s.senderFctP50Us = percentile(senderFcts, 0.50);
    s.senderFctP99Us = percentile(senderFcts, 0.99);
    s.senderFctMaxUs = senderFcts.empty() ? 0.0 : senderFcts.back();
    if (senderFcts.size() == fcts.size())
    {
        s.jobCompletionUs = (lastAck - first).GetSeconds() * 1e6;
    }
    double sum = 0;
    for (double v : fcts)
    {
        sum += v;
    }
    s.fctMeanUs = sum / fcts.size();
    s.fctP50Us = pct(0.50);
    s.fctP99Us = pct(0.99);
    s.fctMaxUs = fcts.back();
    s.completionUs = (last - first).GetSeconds() * 1e6;
    s.aggregateGbps = bytes * 8.0 / (s.completionUs * 1e-6) / 1e9;
    s.aggregatePct
        = 100.0 * s.aggregateGbps * 1e9 / (lineBps * senders + hostLineBps * hostSenders);
    s.meanFlowGoodputPct = 100.0 * goodputSum / s.completed;
    // The physical ceiling: the payload share of a full frame on the wire.
    UintegerValue mtu;
    m_fabric.nics[0]->GetAttribute("Mtu", mtu);
    auto payload = static_cast<uint32_t>(mtu.Get());
    double share = double(payload) / FabricNetDevice::WireBytes(RdmaNic::DataFrameBytes(payload));
    s.aggregateCeilingPct = s.aggregatePct / share;
    return s;
}

std::vector<uint32_t>
FlowRunner::CrossLeafPermutation(const Fabric& fabric, Ptr<UniformRandomVariable> rng)
{
    uint32_t n = fabric.NumGpus();
    std::vector<uint32_t> dst(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        dst[i] = i;
    }
    for (uint32_t i = n - 1; i > 0; --i) // Fisher-Yates
    {
        std::swap(dst[i], dst[rng->GetInteger(0, i)]);
    }
    auto bad = [&](uint32_t i) {
        return fabric.gpuLeaf[i] == fabric.gpuLeaf[dst[i]];
    };
    // Repair same-leaf pairs by swapping targets with a random GPU when that fixes both.
    for (uint32_t i = 0; i < n; ++i)
    {
        for (uint32_t attempt = 0; bad(i); ++attempt)
        {
            NS_ABORT_MSG_IF(attempt > 100 * n, "CrossLeafPermutation: no valid permutation");
            uint32_t j = rng->GetInteger(0, n - 1);
            std::swap(dst[i], dst[j]);
            if (bad(i) || bad(j))
            {
                std::swap(dst[i], dst[j]);
            }
        }
    }
    return dst;
}

} // namespace fabric
} // namespace ns3
