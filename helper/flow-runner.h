/*
 * Runs a set of point-to-point messages (flows) over a fabric and summarizes them.
 */
#ifndef FABRIC_FLOW_RUNNER_H
#define FABRIC_FLOW_RUNNER_H

#include "helper/fabric.h"

#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace fabric
{

/// One message from one GPU to another (FlowRunner::AddHostFlow: between host NICs).
struct Flow
{
    uint32_t src {0};        //!< sending GPU
    uint32_t dst {0};        //!< receiving GPU
    uint64_t bytes {0};      //!< payload bytes
    Time start {0};          //!< when it is posted
    uint16_t sourcePort {0}; //!< UDP source port (0: derived from the QP)
};

/// A flow and what happened to it.
struct FlowRecord
{
    Flow flow;            //!< the flow
    uint32_t qpn {0};     //!< its QP on the sender
    Time finish {-1};     //!< when its last byte arrived (negative: not finished)
    Time acked {-1};      //!< when its last byte was acknowledged
    bool hostNic {false}; //!< between host NICs: flow.src and flow.dst are server indices

    /// @return flow completion time (arrival of the last byte minus posting)
    Time Fct() const { return finish - flow.start; }
};

/// Summary over all flows.
struct FlowSummary
{
    uint32_t flows {0};             //!< flows
    uint32_t completed {0};         //!< flows whose last byte arrived
    double fctMeanUs {0};           //!< mean FCT
    double fctP50Us {0};            //!< median FCT
    double fctP99Us {0};            //!< 99th percentile FCT
    double fctMaxUs {0};            //!< largest FCT
    double senderFctP50Us {0};      //!< median FCT timed at the sender: post to last ACK
    double senderFctP99Us {0};      //!< 99th percentile sender FCT
    double senderFctMaxUs {0};      //!< largest sender FCT
    double completionUs {0};        //!< last finish minus first start
    double jobCompletionUs {0};     //!< last ACK minus first start: when a synchronous job
                                    //!< can go on (0 unless every flow was acknowledged)
    double aggregateGbps {0};       //!< all bytes / completion time
    double aggregatePct {0};        //!< aggregateGbps / (senders x line rate), percent
    double aggregateCeilingPct {0}; //!< aggregatePct / payload share of a full frame (the
                                    //!< physical ceiling: 98.0% of the line at 4096 B)
    double meanFlowGoodputPct {0};  //!< mean over flows of bytes/FCT, percent of line rate
};

/**
 * @brief Posts flows on a fabric's NICs (one QP per flow) and records completion times.
 * The runner must outlive the simulation run.
 */
class FlowRunner
{
public:
    explicit FlowRunner(Fabric& fabric);

    /// Add a flow: connects a QP now and posts the message at flow.start.
    void AddFlow(const Flow& flow);

    /**
     * Add a flow between host NICs over the front-end network (TopologySpec::hostNic):
     * flow.src and flow.dst are server indices. Otherwise as AddFlow.
     */
    void AddHostFlow(const Flow& flow);

    /// @return the flows and their outcome
    const std::vector<FlowRecord>& GetRecords() const { return m_records; }

    /// @return the summary; percentages relative to each flow's sender link rate (hostLink for
    /// GPU flows, frontEndLink for host NIC flows)
    FlowSummary Summarize() const;

    /// After a run over MPI ranks, give every rank every flow's finish (known on its
    /// receiver's rank) and ACK time (its sender's rank). Nothing to do on one rank.
    void GatherAcrossRanks();

    /**
     * A permutation: every GPU sends to exactly one GPU on another leaf, and every GPU
     * receives exactly one flow.
     * @param fabric the fabric (for GPU-to-leaf mapping)
     * @param rng uniform random stream (seeded by the caller)
     * @return dst[g] for every GPU g
     */
    static std::vector<uint32_t> CrossLeafPermutation(const Fabric& fabric,
                                                      Ptr<UniformRandomVariable> rng);

private:
    // Endpoints: GPU g is endpoint g, the host NIC of server s is endpoint NumGpus() + s.

    /// Connect and post @p flow from endpoint @p src to endpoint @p dst.
    void Add(const Flow& flow, uint32_t src, uint32_t dst, bool hostNic);
    /// @return the NIC of endpoint @p endpoint
    Ptr<RdmaNic> NicOf(uint32_t endpoint) const;
    /// A message arrived at endpoint @p endpoint on QP @p qpn.
    void OnReceived(uint32_t endpoint, uint32_t qpn);
    /// A message from endpoint @p endpoint on QP @p qpn was acknowledged.
    void OnAcked(uint32_t endpoint, uint32_t qpn);

    Fabric& m_fabric;                                  //!< the fabric
    std::vector<FlowRecord> m_records;                 //!< flows
    std::vector<std::vector<uint32_t>> m_byReceiverQp; //!< [endpoint][qpn] -> record index
    std::vector<std::vector<uint32_t>> m_bySenderQp;   //!< [endpoint][qpn] -> record index
};

} // namespace fabric
} // namespace ns3

#endif
