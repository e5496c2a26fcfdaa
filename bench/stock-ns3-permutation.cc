/*
 * Stock ns-3 baseline for the leaf-spine permutation benchmark.
 *
 * This program does NOT use the plugin. It builds the same 2-tier leaf-spine
 * fabric and the same permutation traffic with stock ns-3 3.37 building blocks
 * only (Node + InternetStackHelper, PointToPointHelper links, Ipv4AddressHelper,
 * Ipv4GlobalRoutingHelper with ECMP, UDP sockets), so that a benchmark can
 * compare how fast stock ns-3 simulates the workload against the plugin and
 * print a speed ratio.
 *
 * Topology:
 *   - gpus hosts, hostsPerLeaf hosts per leaf switch, gpus / hostsPerLeaf leaves;
 *   - spines spine switches, every leaf connected to every spine;
 *   - every cable is a point-to-point link (DataRate --rate, Delay --delay) with a
 *     DropTailQueue large enough that nothing is dropped;
 *   - one IPv4 /30 subnet per link, routes from Ipv4GlobalRoutingHelper.
 *
 * Traffic: a random permutation (seeded by --seed) where every host sends
 * --flowSize bytes over UDP to exactly one host in a different leaf. Senders emit
 * --mtu byte datagrams back to back, paced at the NIC line rate (including the
 * UDP, IPv4 and PPP header bytes), starting at t = 0.
 *
 * Measured: setup time (topology, addressing, routing tables), wall and CPU time
 * of Simulator::Run() only, executed events, packet-hops (one per packet
 * transmitted on any point-to-point device, counted with the "PhyTxEnd" trace),
 * flow completion times and peak RSS. The last line printed is a single JSON
 * object starting with {"stock_ns3":
 *
 * Example:
 *   ./stock-ns3-permutation --gpus=64 --hostsPerLeaf=16 --flowSize=262144
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("StockNs3Permutation");

namespace
{

/// Bytes added below the UDP payload on every link: UDP (8) + IPv4 (20) + PPP (2).
const uint32_t UDP_IP_PPP_OVERHEAD = 8 + 20 + 2;
/// Bytes the IPv4 MTU must hold on top of the UDP payload: UDP (8) + IPv4 (20).
const uint32_t UDP_IP_OVERHEAD = 8 + 20;
/// UDP port the receivers listen on.
const uint16_t SINK_PORT = 9;

/// Number of packets transmitted on all point-to-point devices (packet-hops).
uint64_t g_packetHops = 0;
/// Number of packets dropped by point-to-point devices (should stay 0).
uint64_t g_deviceDrops = 0;
/// Number of flows whose bytes have all arrived.
uint32_t g_completedFlows = 0;

/// State of one permutation flow.
struct FlowRecord
{
    uint32_t src = 0;      //!< Sending host index
    uint32_t dst = 0;      //!< Receiving host index
    uint64_t expected = 0; //!< Bytes to deliver
    uint64_t received = 0; //!< Bytes delivered so far
    bool complete = false; //!< True once all bytes have arrived
    Time completionTime;   //!< Simulation time at which the last byte arrived
};

/**
 * Trace sink for "PhyTxEnd": one call per packet serialized onto a link.
 * \param packet the transmitted packet (unused)
 */
void
CountPhyTxEnd(Ptr<const Packet> /* packet */)
{
    ++g_packetHops;
}

/**
 * Trace sink for device-level drops ("MacTxDrop", "PhyTxDrop", "PhyRxDrop").
 * \param packet the dropped packet (unused)
 */
void
CountDeviceDrop(Ptr<const Packet> /* packet */)
{
    ++g_deviceDrops;
}

/**
 * Receive callback of a sink socket: drains the socket and accounts the bytes to
 * the flow that targets this host.
 * \param flow the flow received by this socket
 * \param socket the receiving UDP socket
 */
void
ReceiveFlowBytes(FlowRecord* flow, Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        flow->received += packet->GetSize();
    }
    if (!flow->complete && flow->received >= flow->expected)
    {
        flow->complete = true;
        flow->completionTime = Simulator::Now();
        ++g_completedFlows;
        NS_LOG_INFO("flow " << flow->src << " -> " << flow->dst << " complete at "
                            << flow->completionTime.As(Time::US));
    }
}

/// Wall-clock seconds since an arbitrary epoch.
double
WallSeconds()
{
    using Clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

/// User + system CPU seconds consumed by this process.
double
CpuSeconds()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 + usage.ru_stime.tv_sec
         + usage.ru_stime.tv_usec * 1e-6;
}

/// Peak resident set size of this process in kB.
long
PeakRssKb()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // kB on Linux
}

/**
 * Check a Time string (e.g. "1us", "500ns", "0.001ms") without aborting on bad
 * input, so that the caller can report a clean error.
 * \param text the string to check
 * \param [out] value the parsed time
 * \return true if \p text is a valid, non-negative ns-3 Time string
 */
bool
ParseTime(const std::string& text, Time& value)
{
    static const std::vector<std::string> units
        = {"", "y", "d", "h", "min", "s", "ms", "us", "ns", "ps", "fs"};
    std::istringstream iss(text);
    double number = 0;
    if (!(iss >> number) || number < 0 || !std::isfinite(number))
    {
        return false;
    }
    std::string unit;
    iss >> unit;
    std::string rest;
    if (iss >> rest)
    {
        return false;
    }
    if (std::find(units.begin(), units.end(), unit) == units.end())
    {
        return false;
    }
    value = Time(text);
    return true;
}

/**
 * Build a random permutation in which no host sends to a host of its own leaf.
 * \param hosts number of hosts
 * \param hostsPerLeaf hosts per leaf (at least two leaves are required)
 * \param seed seed of the generator
 * \return dst[i] is the host that host i sends to
 */
std::vector<uint32_t>
MakeCrossLeafPermutation(uint32_t hosts, uint32_t hostsPerLeaf, uint32_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<uint32_t> dst(hosts);
    for (uint32_t i = 0; i < hosts; ++i)
    {
        dst[i] = i;
    }
    std::shuffle(dst.begin(), dst.end(), rng);

    auto leafOf = [hostsPerLeaf](uint32_t host) {
        return host / hostsPerLeaf;
    };
    // Fix-up: for every host i that targets its own leaf, swap targets with a random
    // host j such that afterwards neither i nor j targets its own leaf. Such a j
    // always exists with at least two equally sized leaves, and every swap removes
    // one conflict without creating another, so the loop terminates.
    std::vector<uint32_t> candidates;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        if (leafOf(dst[i]) != leafOf(i))
        {
            continue;
        }
        candidates.clear();
        for (uint32_t j = 0; j < hosts; ++j)
        {
            if (leafOf(dst[j]) != leafOf(i) && leafOf(dst[i]) != leafOf(j))
            {
                candidates.push_back(j);
            }
        }
        NS_ASSERT_MSG(!candidates.empty(), "no valid swap partner for host " << i);
        std::uniform_int_distribution<std::size_t> pick(0, candidates.size() - 1);
        std::swap(dst[i], dst[candidates[pick(rng)]]);
    }
    return dst;
}

} // namespace

/**
 * Sends one flow of UDP datagrams back to back, paced at the NIC line rate: the
 * next datagram is sent when the previous one has been serialized on the host
 * link, so the host's device queue never builds up.
 */
class PermutationSender : public Application
{
public:
    /**
     * Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PermutationSender();
    ~PermutationSender() override;

    /**
     * Configure the flow.
     * \param peer destination address and port
     * \param flowBytes number of payload bytes to send
     * \param payloadBytes UDP payload of a full datagram
     * \param rate NIC line rate used for pacing
     */
    void Setup(const Address& peer, uint64_t flowBytes, uint32_t payloadBytes, DataRate rate);

    /// \return number of payload bytes handed to the socket successfully
    uint64_t GetBytesSent() const;

    /// \return number of datagrams the socket refused
    uint64_t GetSendFailures() const;

private:
    void StartApplication() override;
    void StopApplication() override;

    /// Send one datagram and schedule the next one.
    void SendNext();

    Ptr<Socket> m_socket;    //!< UDP socket
    Address m_peer;          //!< Destination address
    uint64_t m_flowBytes;    //!< Bytes to send
    uint32_t m_payloadBytes; //!< Payload of a full datagram
    DataRate m_rate;         //!< Pacing rate
    uint64_t m_bytesOffered; //!< Bytes handed to the socket so far
    uint64_t m_bytesSent;    //!< Bytes the socket accepted so far
    uint64_t m_sendFailures; //!< Datagrams refused by the socket
    EventId m_sendEvent;     //!< Next send event
};

NS_OBJECT_ENSURE_REGISTERED(PermutationSender);

TypeId
PermutationSender::GetTypeId()
{
    static TypeId tid = TypeId("ns3::StockPermutationSender")
                            .SetParent<Application>()
                            .SetGroupName("Applications")
                            .AddConstructor<PermutationSender>();
    return tid;
}

PermutationSender::PermutationSender()
    : m_socket(nullptr)
    , m_flowBytes(0)
    , m_payloadBytes(0)
    , m_rate(0)
    , m_bytesOffered(0)
    , m_bytesSent(0)
    , m_sendFailures(0)
{
}

PermutationSender::~PermutationSender()
{
    m_socket = nullptr;
}

void
PermutationSender::Setup(const Address& peer,
                         uint64_t flowBytes,
                         uint32_t payloadBytes,
                         DataRate rate)
{
    m_peer = peer;
    m_flowBytes = flowBytes;
    m_payloadBytes = payloadBytes;
    m_rate = rate;
}

uint64_t
PermutationSender::GetBytesSent() const
{
    return m_bytesSent;
}

uint64_t
PermutationSender::GetSendFailures() const
{
    return m_sendFailures;
}

void
PermutationSender::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->Connect(m_peer);
    m_bytesOffered = 0;
    m_bytesSent = 0;
    SendNext();
}

void
PermutationSender::StopApplication()
{
    Simulator::Cancel(m_sendEvent);
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
PermutationSender::SendNext()
{
    uint64_t remaining = m_flowBytes - m_bytesOffered;
    auto size = static_cast<uint32_t>(std::min<uint64_t>(m_payloadBytes, remaining));
    m_bytesOffered += size;
    if (m_socket->Send(Create<Packet>(size)) >= 0)
    {
        m_bytesSent += size;
    }
    else
    {
        // Do not retry: a refused datagram shows up as an incomplete flow.
        ++m_sendFailures;
    }
    if (m_bytesOffered < m_flowBytes)
    {
        m_sendEvent = Simulator::Schedule(m_rate.CalculateBytesTxTime(size + UDP_IP_PPP_OVERHEAD),
                                          &PermutationSender::SendNext,
                                          this);
    }
}

int
main(int argc, char* argv[])
{
    // Must come before any Time is created; the plugin also runs at ps resolution.
    Time::SetResolution(Time::PS);

    int64_t gpus = 64;
    int64_t hostsPerLeaf = 16;
    int64_t spines = 0;
    int64_t flowSize = 262144;
    int64_t mtu = 4096;
    int64_t seed = 1;
    std::string rateText = "400Gbps";
    std::string delayText = "1us";

    CommandLine cmd(__FILE__);
    cmd.AddValue("gpus", "Number of hosts (GPUs)", gpus);
    cmd.AddValue("hostsPerLeaf", "Hosts attached to each leaf switch", hostsPerLeaf);
    cmd.AddValue("spines", "Number of spine switches (0 = hostsPerLeaf, i.e. 1:1)", spines);
    cmd.AddValue("flowSize", "Bytes sent by every host", flowSize);
    cmd.AddValue("mtu", "UDP payload bytes per datagram", mtu);
    cmd.AddValue("seed", "Seed of the permutation and of ns-3's RNG (>= 1)", seed);
    cmd.AddValue("rate", "Data rate of every link", rateText);
    cmd.AddValue("delay", "Propagation delay of every link", delayText);
    cmd.Parse(argc, argv);

    if (spines == 0)
    {
        spines = hostsPerLeaf;
    }

    // Validate without NS_ABORT so that scripts get a clean message and exit code 2.
    std::ostringstream error;
    DataRateValue rateValue;
    Time delay;
    if (gpus <= 0)
    {
        error << "--gpus must be > 0 (got " << gpus << ")";
    }
    else if (hostsPerLeaf <= 0)
    {
        error << "--hostsPerLeaf must be > 0 (got " << hostsPerLeaf << ")";
    }
    else if (gpus % hostsPerLeaf != 0)
    {
        error << "--gpus (" << gpus << ") must be a multiple of --hostsPerLeaf (" << hostsPerLeaf
              << ")";
    }
    else if (gpus / hostsPerLeaf < 2)
    {
        error << "need at least 2 leaves for cross-leaf traffic, got " << gpus / hostsPerLeaf
              << " (--gpus=" << gpus << ", --hostsPerLeaf=" << hostsPerLeaf << ")";
    }
    else if (gpus > std::numeric_limits<uint32_t>::max() / 2)
    {
        error << "--gpus too large (got " << gpus << ")";
    }
    else if (spines < 0)
    {
        error << "--spines must be > 0, or 0 for the default (got " << spines << ")";
    }
    else if (flowSize <= 0)
    {
        error << "--flowSize must be > 0 (got " << flowSize << ")";
    }
    else if (mtu <= 0 || mtu > std::numeric_limits<uint16_t>::max() - UDP_IP_OVERHEAD)
    {
        error << "--mtu must be in [1, " << std::numeric_limits<uint16_t>::max() - UDP_IP_OVERHEAD
              << "] (got " << mtu << ")";
    }
    else if (seed < 1 || seed > std::numeric_limits<uint32_t>::max())
    {
        error << "--seed must be in [1, " << std::numeric_limits<uint32_t>::max() << "] (got "
              << seed << ")";
    }
    else if (!rateValue.DeserializeFromString(rateText, MakeDataRateChecker())
             || rateValue.Get().GetBitRate() == 0)
    {
        error << "--rate must be a data rate > 0 such as 400Gbps (got \"" << rateText << "\")";
    }
    else if (!ParseTime(delayText, delay))
    {
        error << "--delay must be a non-negative time such as 1us (got \"" << delayText << "\")";
    }
    if (!error.str().empty())
    {
        std::cerr << "stock-ns3-permutation: error: " << error.str() << std::endl;
        return 2;
    }

    const auto nHosts = static_cast<uint32_t>(gpus);
    const auto nPerLeaf = static_cast<uint32_t>(hostsPerLeaf);
    const uint32_t nLeaves = nHosts / nPerLeaf;
    const auto nSpines = static_cast<uint32_t>(spines);
    const auto flowBytes = static_cast<uint64_t>(flowSize);
    const auto payloadBytes = static_cast<uint32_t>(mtu);
    const DataRate rate = rateValue.Get();

    RngSeedManager::SetSeed(static_cast<uint32_t>(seed));
    RngSeedManager::SetRun(1);

    // ECMP over all equal-cost next hops. In ns-3 3.37 RandomEcmpRouting picks a
    // next hop uniformly at random for every packet (per-packet spraying, not
    // per-flow hashing); that is fine for this byte-counting workload.
    Config::SetDefault("ns3::Ipv4GlobalRouting::RandomEcmpRouting", BooleanValue(true));

    // ---------------------------------------------------------------- setup
    const double setupWall0 = WallSeconds();
    const double setupCpu0 = CpuSeconds();

    NodeContainer hosts;
    NodeContainer leaves;
    NodeContainer spineNodes;
    hosts.Create(nHosts);
    leaves.Create(nLeaves);
    spineNodes.Create(nSpines);

    InternetStackHelper internet;
    internet.Install(hosts);
    internet.Install(leaves);
    internet.Install(spineNodes);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetDeviceAttribute("Mtu", UintegerValue(payloadBytes + UDP_IP_OVERHEAD));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("100000p"));

    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.0.0", "255.255.255.252");

    std::vector<NetDeviceContainer> links;
    links.reserve(nHosts + nLeaves * nSpines);
    std::vector<Ipv4Address> hostAddress(nHosts);

    for (uint32_t h = 0; h < nHosts; ++h)
    {
        NetDeviceContainer devices = p2p.Install(hosts.Get(h), leaves.Get(h / nPerLeaf));
        Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
        addresses.NewNetwork();
        hostAddress[h] = ifaces.GetAddress(0);
        links.push_back(devices);
    }
    for (uint32_t l = 0; l < nLeaves; ++l)
    {
        for (uint32_t s = 0; s < nSpines; ++s)
        {
            NetDeviceContainer devices = p2p.Install(leaves.Get(l), spineNodes.Get(s));
            addresses.Assign(devices);
            addresses.NewNetwork();
            links.push_back(devices);
        }
    }

    for (const auto& devices : links)
    {
        for (uint32_t d = 0; d < devices.GetN(); ++d)
        {
            Ptr<NetDevice> device = devices.Get(d);
            device->TraceConnectWithoutContext("PhyTxEnd", MakeCallback(&CountPhyTxEnd));
            device->TraceConnectWithoutContext("MacTxDrop", MakeCallback(&CountDeviceDrop));
            device->TraceConnectWithoutContext("PhyTxDrop", MakeCallback(&CountDeviceDrop));
            device->TraceConnectWithoutContext("PhyRxDrop", MakeCallback(&CountDeviceDrop));
        }
    }

    const double routingWall0 = WallSeconds();
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    const double routingWall = WallSeconds() - routingWall0;

    const double setupWall = WallSeconds() - setupWall0;
    const double setupCpu = CpuSeconds() - setupCpu0;

    // ---------------------------------------------------------------- traffic
    // Not part of setup_s: a handful of sockets and applications per host.
    std::vector<uint32_t> dst = MakeCrossLeafPermutation(nHosts, nPerLeaf, seed);
    std::vector<FlowRecord> flows(nHosts); // no reallocation: sockets keep pointers
    std::vector<Ptr<PermutationSender>> senders(nHosts);
    std::vector<Ptr<Socket>> sinks(nHosts);
    for (uint32_t src = 0; src < nHosts; ++src)
    {
        FlowRecord& flow = flows[src];
        flow.src = src;
        flow.dst = dst[src];
        flow.expected = flowBytes;

        Ptr<Socket> sink = Socket::CreateSocket(hosts.Get(flow.dst), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), SINK_PORT));
        sink->SetRecvCallback(MakeBoundCallback(&ReceiveFlowBytes, &flow));
        sinks[flow.dst] = sink;

        Ptr<PermutationSender> sender = CreateObject<PermutationSender>();
        sender->Setup(
            InetSocketAddress(hostAddress[flow.dst], SINK_PORT), flowBytes, payloadBytes, rate);
        hosts.Get(src)->AddApplication(sender);
        sender->SetStartTime(Seconds(0));
        senders[src] = sender;
    }

    // ---------------------------------------------------------------- run
    NS_LOG_INFO("running " << nHosts << " flows");
    const double runWall0 = WallSeconds();
    const double runCpu0 = CpuSeconds();
    Simulator::Run();
    const double simWall = WallSeconds() - runWall0;
    const double simCpu = CpuSeconds() - runCpu0;
    const uint64_t events = Simulator::GetEventCount();
    const Time endTime = Simulator::Now();

    // ---------------------------------------------------------------- results
    Time lastCompletion(0);
    double fctSumUs = 0;
    uint64_t sendFailures = 0;
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        sendFailures += senders[i]->GetSendFailures();
        if (flows[i].complete)
        {
            lastCompletion = std::max(lastCompletion, flows[i].completionTime);
            fctSumUs += flows[i].completionTime.GetSeconds() * 1e6;
        }
    }
    const double meanFctUs = g_completedFlows > 0 ? fctSumUs / g_completedFlows : 0.0;
    const uint64_t packetsPerFlow = (flowBytes + payloadBytes - 1) / payloadBytes;
    const uint64_t expectedHops = packetsPerFlow * nHosts * 4; // host-leaf-spine-leaf-host
    // Ideal FCT: serialize the whole flow at line rate, then the last datagram crosses
    // three more store-and-forward hops, plus four propagation delays.
    const uint32_t lastPayload
        = static_cast<uint32_t>(flowBytes - (packetsPerFlow - 1) * payloadBytes);
    const Time fullTx = rate.CalculateBytesTxTime(payloadBytes + UDP_IP_PPP_OVERHEAD);
    const Time lastTx = rate.CalculateBytesTxTime(lastPayload + UDP_IP_PPP_OVERHEAD);
    const Time idealFct
        = PicoSeconds(fullTx.GetPicoSeconds() * static_cast<int64_t>(packetsPerFlow - 1)
                      + lastTx.GetPicoSeconds() * 4 + delay.GetPicoSeconds() * 4);
    const double hopsPerCpuS = simCpu > 0 ? g_packetHops / simCpu : 0.0;
    const double eventsPerCpuS = simCpu > 0 ? events / simCpu : 0.0;
    const long peakRss = PeakRssKb();

    std::cout << std::fixed << std::setprecision(3);
    std::cout << "stock ns-3 3.37 leaf-spine permutation" << std::endl
              << "  topology: " << nHosts << " hosts, " << nLeaves << " leaves x " << nPerLeaf
              << " hosts, " << nSpines << " spines, " << links.size() << " links at " << rateText
              << ", delay " << delay.As(Time::US) << std::endl
              << "  traffic: " << nHosts << " flows x " << flowBytes << " B in " << payloadBytes
              << " B datagrams (" << packetsPerFlow << " per flow), seed " << seed << std::endl
              << "  setup: " << setupWall << " s wall (routing tables " << routingWall << " s)"
              << std::endl
              << "  run: " << simWall << " s wall, " << simCpu << " s CPU, " << events
              << " events, " << g_packetHops << " packet-hops (expected " << expectedHops << "), "
              << std::setprecision(0) << hopsPerCpuS << " hops/CPU-s" << std::setprecision(3)
              << std::endl
              << "  flows: " << g_completedFlows << "/" << nHosts << " complete, last at "
              << lastCompletion.GetSeconds() * 1e6 << " us, mean FCT " << meanFctUs
              << " us, ideal FCT " << idealFct.GetSeconds() * 1e6 << " us, simulated until "
              << endTime.GetSeconds() * 1e6 << " us" << std::endl
              << "  drops: " << g_deviceDrops << " device, " << sendFailures
              << " socket send failures; peak RSS " << peakRss << " kB" << std::endl;
    if (g_completedFlows != nHosts)
    {
        std::cout << "  WARNING: " << nHosts - g_completedFlows << " flows did not complete"
                  << std::endl;
    }

    std::ostringstream json;
    json << std::setprecision(9);
    json << "{\"stock_ns3\":{"
         << "\"ns3_version\":\"3.37\""
         << ",\"gpus\":" << nHosts << ",\"hosts_per_leaf\":" << nPerLeaf
         << ",\"leaves\":" << nLeaves << ",\"spines\":" << nSpines << ",\"links\":" << links.size()
         << ",\"flow_size_B\":" << flowBytes << ",\"mtu_B\":" << payloadBytes
         << ",\"rate_bps\":" << rate.GetBitRate() << ",\"delay_ps\":" << delay.GetPicoSeconds()
         << ",\"seed\":" << seed << ",\"packet_hops\":" << g_packetHops
         << ",\"expected_packet_hops\":" << expectedHops << ",\"events\":" << events
         << ",\"sim_cpu_s\":" << simCpu << ",\"sim_wall_s\":" << simWall
         << ",\"setup_s\":" << setupWall << ",\"setup_cpu_s\":" << setupCpu
         << ",\"routing_s\":" << routingWall << ",\"hops_per_cpu_s\":" << hopsPerCpuS
         << ",\"events_per_cpu_s\":" << eventsPerCpuS << ",\"completed_flows\":" << g_completedFlows
         << ",\"total_flows\":" << nHosts
         << ",\"completion_time_us\":" << lastCompletion.GetSeconds() * 1e6
         << ",\"mean_fct_us\":" << meanFctUs << ",\"ideal_fct_us\":" << idealFct.GetSeconds() * 1e6
         << ",\"device_drops\":" << g_deviceDrops << ",\"send_failures\":" << sendFailures
         << ",\"peak_rss_kB\":" << peakRss << "}}";

    Simulator::Destroy();

    std::cout << json.str() << std::endl;
    return 0;
}
