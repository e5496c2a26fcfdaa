/*
 * A built fabric: its nodes, NICs, switches and links, and whole-fabric statistics.
 */
#ifndef FABRIC_FABRIC_H
#define FABRIC_FABRIC_H

#include "helper/topology-spec.h"
#include "model/nic/rdma-nic.h"
#include "model/switch/fabric-switch.h"

#include "ns3/node-container.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Totals over every NIC, switch and port of a fabric.
 *
 * Packet conservation: every frame a NIC creates is consumed by a NIC, dropped by a switch
 * (with a reason), lost to a port's error model or to a link that was down, or is still in
 * flight.
 */
struct FabricStats
{
    uint64_t framesCreated {0};  //!< frames built by NICs and switches (PFC)
    uint64_t framesConsumed {0}; //!< frames that reached a NIC or a switch\'s PFC logic
    uint64_t switchDrops {0};    //!< frames dropped by switches, all reasons
    std::map<std::string, uint64_t> dropsByReason; //!< drops by named reason
    uint64_t errorModelDrops {0};                  //!< frames lost to receive error models
    uint64_t linkDownDrops {0};                    //!< frames lost on links that were down
    uint64_t inFlight {0};             //!< frames queued in a port or on a cable now, counted there
    uint64_t packetHops {0};           //!< link transmissions (frames x links crossed)
    uint64_t dataPacketsSent {0};      //!< data packets sent by NICs
    uint64_t retransmittedPackets {0}; //!< data packets sent again
    uint64_t naksSent {0};             //!< NAKs sent
    uint64_t timeouts {0};             //!< retransmission timeouts
    uint64_t qpErrors {0};             //!< QPs that exceeded their retry count (error state)
    uint64_t acksSent {0};             //!< ACKs sent
    uint64_t cnpsSent {0};             //!< CNPs sent
    uint64_t ecnMarkedReceived {0};    //!< data packets that arrived with ECN CE
    uint64_t nicDiscards {0};          //!< frames NICs discarded (duplicates, out of order)
    uint64_t pausesReceived {0};       //!< PFC pause frames received by ports
    uint64_t bufferPeakBytes {0};      //!< highest shared-buffer occupancy of any switch
    uint64_t headroomPeakBytes {0};    //!< highest use of PFC headroom beyond the buffer
    uint64_t ecnMarked {0};            //!< frames marked CE by switches
    uint64_t cnpsReceived {0};         //!< CNPs that reached a requester
    uint64_t pauseFramesSent {0};      //!< PFC pause frames sent by switches
    uint64_t resumeFramesSent {0};     //!< PFC resume frames sent by switches
    double pausedSeconds {0};          //!< total time priorities of ports were paused
    uint64_t telemetryStamped {0};     //!< telemetry records appended by switches

    /**
     * @return true when every frame ever created is accounted for: created == consumed +
     * dropped (with a reason) + lost (error model, link down) + in flight, where in flight is
     * counted independently (frames in ports' queues and on cables)
     */
    bool Balanced() const { return framesCreated == framesConsumed + TotalDrops() + inFlight; }

    /// @return frames dropped or lost, every reason together
    uint64_t TotalDrops() const { return switchDrops + errorModelDrops + linkDownDrops; }

    /// @return true when Balanced() with nothing left in flight (a run that drained)
    bool Conserved() const { return inFlight == 0 && Balanced(); }

    /**
     * @return the conservation verdict for reports: "ok" (balanced, drained), "ok, N frames in
     * flight at the stop" (balanced; a run stopped by its time limit), or "VIOLATED"
     */
    std::string Verdict() const { return VerdictOf(Balanced(), inFlight); }

    /// @return Verdict() of a run whose counts were @p balanced with @p inFlight frames left
    /// (for reports made from result rows)
    static std::string VerdictOf(bool balanced, uint64_t inFlight)
    {
        if (!balanced)
        {
            return "VIOLATED";
        }
        return inFlight == 0 ? "ok"
                             : "ok, " + std::to_string(inFlight) + " frames in flight at the stop";
    }
};

/// One cable and the tier it belongs to.
struct FabricLink
{
    Ptr<FabricNetDevice> lower; //!< end nearer the GPUs (front end: nearer the host NICs)
    Ptr<FabricNetDevice> upper; //!< end nearer the core
    uint8_t tier {0};           //!< 0: NIC-leaf, 1: leaf-spine, 2: spine-core
};

/**
 * @brief A fabric built by FabricBuilder: GPUs (one RdmaNic each), switches by tier, links.
 * Holds references only; the ns-3 NodeList owns the nodes.
 *
 * With TopologySpec::hostNic, also the front-end network: one host NIC per server and the
 * front-end switches and cables, kept in their own vectors (hostNics, frontEndSwitches,
 * frontEndLinks) so that everything that walks the GPU fabric (switches, links) sees only it.
 * CollectStats and ForwardingTableBytes count both networks.
 */
class Fabric
{
public:
    TopologySpec spec;              //!< what was built
    NodeContainer gpuNodes;         //!< one node per GPU, by GPU index
    std::vector<Ptr<RdmaNic>> nics; //!< NIC of each GPU (its plane-0 port)
    /// Every NIC port by plane: planeNics[p][g] is GPU g's port on plane p (planeNics[0] ==
    /// nics). With TopologySpec::planes > 1 the switches and links of plane p follow those of
    /// plane p - 1, switchesPerPlane each.
    std::vector<std::vector<Ptr<RdmaNic>>> planeNics;
    uint32_t switchesPerPlane {0};           //!< switches of one plane (all of them with one plane)
    std::vector<Ptr<FabricSwitch>> switches; //!< leaves, then spines, then cores
    uint32_t numLeaves {0};                  //!< leaves (switches[0 .. numLeaves))
    std::vector<uint32_t> gpuLeaf;           //!< leaf of each GPU
    std::vector<FabricLink> links;           //!< every cable
    double buildSeconds {0};                 //!< wall time to create nodes and links
    double routeSetupSeconds {0};            //!< wall time to fill all forwarding tables
    Time baseRtt {0};          //!< RdmaNic::BaseRtt of every NIC (FabricHelper sets it)
    std::string simulatorCore; //!< TypeId of the simulator that runs it (FabricHelper)

    // The front end (TopologySpec::hostNic); all empty without it.
    NodeContainer hostNodes;                         //!< one node per server
    std::vector<Ptr<RdmaNic>> hostNics;              //!< host NIC of each server
    std::vector<Ptr<FabricSwitch>> frontEndSwitches; //!< leaves, spines (pod-major), cores
    uint32_t numFrontEndLeaves {0};                  //!< frontEndSwitches[0 .. n) are leaves
    std::vector<FabricLink> frontEndLinks;           //!< every front-end cable

    /// @return number of GPUs
    uint32_t NumGpus() const { return static_cast<uint32_t>(nics.size()); }

    /// @return number of NIC planes (1 without TopologySpec::planes)
    uint32_t NumPlanes() const { return std::max<uint32_t>(1, planeNics.size()); }

    /// @return the address of GPU @p gpu
    Ipv4Address GetAddress(uint32_t gpu) const { return nics[gpu]->GetIpv4Address(); }

    /// @return number of host NICs (one per server with TopologySpec::hostNic, else 0)
    uint32_t NumHostNics() const { return static_cast<uint32_t>(hostNics.size()); }

    /**
     * @param server server index (GPU g is on server g / gpusPerServer)
     * @return the host NIC of @p server, on the front-end network
     */
    Ptr<RdmaNic> GetHostNic(uint32_t server) const;

    /// @return totals over the whole fabric
    FabricStats CollectStats() const;

    /// @return total bytes held by all forwarding tables
    std::size_t ForwardingTableBytes() const;
};

} // namespace fabric
} // namespace ns3

#endif
