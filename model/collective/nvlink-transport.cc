/*
 * NVLink inside a server: fixed-rate, fixed-latency GPU-to-GPU transfers off the Ethernet fabric.
 */
#include "nvlink-transport.h"

#include "model/quantities.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("NvLinkTransport");
NS_OBJECT_ENSURE_REGISTERED(NvLinkTransport);

TypeId
NvLinkTransport::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::fabric::NvLinkTransport")
              .SetParent<Object>()
              .SetGroupName("Fabric")
              .AddConstructor<NvLinkTransport>()
              .AddAttribute("Rate",
                            "Per-direction NVLink rate of a GPU (H100 NVLink 4: 18 links x "
                            "25 GB/s = 450 GB/s).",
                            DataRateValue(DataRate("3600Gbps")),
                            MakeDataRateAccessor(&NvLinkTransport::m_rate),
                            MakeDataRateChecker())
              .AddAttribute("Latency",
                            "Fixed latency of a GPU-to-GPU copy through NVSwitch (an "
                            "assumption).",
                            TimeValue(MicroSeconds(1)),
                            MakeTimeAccessor(&NvLinkTransport::m_latency),
                            MakeTimeChecker(Time(0)))
              .AddTraceSource("Transfer",
                              "A transfer was started: source GPU, destination GPU, bytes.",
                              MakeTraceSourceAccessor(&NvLinkTransport::m_transferTrace),
                              "ns3::fabric::NvLinkTransport::TransferTracedCallback");
    return tid;
}

NvLinkTransport::NvLinkTransport() = default;

void
NvLinkTransport::SetGpuCount(uint32_t gpus)
{
    m_gpuBps.assign(gpus, 0);
    m_egressFree.assign(gpus, Time(0));
    m_ingressFree.assign(gpus, Time(0));
}

void
NvLinkTransport::SetGpuRate(uint32_t gpu, DataRate rate)
{
    NS_ABORT_MSG_IF(gpu >= m_gpuBps.size(), "NvLinkTransport: GPU " << gpu << " out of range");
    NS_ABORT_MSG_IF(rate.GetBitRate() == 0, "NvLinkTransport: Rate must be > 0");
    m_gpuBps[gpu] = rate.GetBitRate();
}

Time
NvLinkTransport::SerializationTime(uint32_t gpu, uint64_t bytes) const
{
    uint64_t bps = gpu < m_gpuBps.size() && m_gpuBps[gpu] ? m_gpuBps[gpu] : m_rate.GetBitRate();
    NS_ABORT_MSG_IF(bps == 0, "NvLinkTransport: Rate must be > 0");
    return BitsTime(bytes * 8, bps);
}

Time
NvLinkTransport::Reserve(uint32_t src, uint32_t dst, uint64_t bytes)
{
    NS_ABORT_MSG_IF(src >= m_egressFree.size() || dst >= m_ingressFree.size(),
                    "NvLinkTransport: GPU out of range (SetGpuCount first)");
    Time now = Simulator::Now();
    Time txStart = std::max(now, m_egressFree[src]);
    Time txEnd = txStart + SerializationTime(src, bytes);
    m_egressFree[src] = txEnd;
    // The receiver's ingress takes the bytes at its own rate, after earlier arrivals.
    Time rxEnd = std::max(txEnd, m_ingressFree[dst] + SerializationTime(dst, bytes));
    m_ingressFree[dst] = rxEnd;
    m_bytes += bytes;
    m_transfers++;
    m_transferTrace(src, dst, bytes);
    return rxEnd + m_latency;
}

Time
NvLinkTransport::Transfer(uint32_t src, uint32_t dst, uint64_t bytes, DoneCallback done)
{
    Time arrival = Reserve(src, dst, bytes);
    Simulator::Schedule(arrival - Simulator::Now(), done);
    return arrival;
}

} // namespace fabric
} // namespace ns3
