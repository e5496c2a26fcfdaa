/*
 * NVLink inside a server: fixed-rate, fixed-latency GPU-to-GPU transfers off the Ethernet fabric.
 */
#ifndef FABRIC_NVLINK_TRANSPORT_H
#define FABRIC_NVLINK_TRANSPORT_H

#include "ns3/callback.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief The GPUs of a server joined by NVLink through NVSwitches, as a fluid model: every GPU
 * has one egress and one ingress of rate Rate; a transfer is serialized on the sender's egress
 * (first come, first served), then on the receiver's ingress, and delivered Latency later.
 * It never touches the Ethernet fabric (no packets, no switch, no NIC).
 *
 * Defaults: H100 NVLink 4 carries 18 links x 25 GB/s = 450 GB/s per direction; the end-to-end
 * latency of a copy through NVSwitch (1 us) is an assumption. A GPU's rate can be set per GPU
 * (SetGpuRate) for mixed generations (GB200's NVLink 5: 900 GB/s per direction).
 */
class NvLinkTransport : public Object
{
public:
    /// Called when a transfer has arrived.
    using DoneCallback = Callback<void>;

    static TypeId GetTypeId();
    NvLinkTransport();

    /// Size the per-GPU state for @p gpus GPUs.
    void SetGpuCount(uint32_t gpus);

    /// @return the number of GPUs sized by SetGpuCount
    uint32_t GetGpuCount() const { return static_cast<uint32_t>(m_egressFree.size()); }

    /// Set the NVLink rate of one GPU (both directions).
    void SetGpuRate(uint32_t gpu, DataRate rate);

    /**
     * Move @p bytes from GPU @p src to GPU @p dst (same server) and call @p done on arrival.
     * @return the arrival time
     */
    Time Transfer(uint32_t src, uint32_t dst, uint64_t bytes, DoneCallback done);

    /**
     * Book a transfer without scheduling anything (the caller schedules its own arrival).
     * @return the arrival time
     */
    Time Reserve(uint32_t src, uint32_t dst, uint64_t bytes);

    /// @return the time @p bytes take on a link of this GPU's rate
    Time SerializationTime(uint32_t gpu, uint64_t bytes) const;

    /// @return the latency
    Time GetLatency() const { return m_latency; }

    /// @return the default rate
    DataRate GetRate() const { return m_rate; }

    /// @return bytes moved so far
    uint64_t GetBytes() const { return m_bytes; }

    /// @return transfers so far
    uint64_t GetTransfers() const { return m_transfers; }

private:
    DataRate m_rate;                 //!< per-direction rate of each GPU
    Time m_latency;                  //!< fixed latency added to every transfer
    std::vector<uint64_t> m_gpuBps;  //!< per-GPU rate, bits per second (0: default)
    std::vector<Time> m_egressFree;  //!< when each GPU's egress is free
    std::vector<Time> m_ingressFree; //!< when each GPU's ingress is free
    uint64_t m_bytes {0};            //!< bytes moved
    uint64_t m_transfers {0};        //!< transfers
    TracedCallback<uint32_t, uint32_t, uint64_t> m_transferTrace; //!< src, dst, bytes
};

} // namespace fabric
} // namespace ns3

#endif
