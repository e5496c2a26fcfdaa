/*
 * The one way to build a fabric for a run: a topology, a profile, a seed.
 */
#include "fabric-helper.h"

#include "helper/distributed.h"
#include "helper/fabric-builder.h"
#include "helper/heap-scheduler.h"

#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <stdexcept>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("FabricHelper");

namespace
{

/// @return true when global value @p name holds @p value
bool
GlobalIs(const std::string& name, const std::string& value)
{
    StringValue now;
    GlobalValue::GetValueByName(name, now);
    return now.Get() == value;
}

/// @return true when the default of attribute @p attribute of @p tid was changed (for example
/// by --ns3::fabric::RdmaNic::BaseRtt=... or Config::SetDefault)
bool
DefaultWasChanged(TypeId tid, const std::string& attribute)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attribute, &info))
    {
        return false;
    }
    return info.initialValue->SerializeToString(info.checker)
        != info.originalInitialValue->SerializeToString(info.checker);
}

} // namespace

FabricHelper::FabricHelper(const TopologySpec& topology,
                           const FabricProfile& profile,
                           uint64_t seed)
    : m_topology(topology)
    , m_profile(profile)
    , m_seed(seed)
{
}

Time
FabricHelper::IdleRtt(const TopologySpec& topology, Time switchLatency, uint32_t mtu)
{
    double frameBits = FabricNetDevice::WireBytes(RdmaNic::DataFrameBytes(mtu)) * 8.0;
    double ackBits
        = FabricNetDevice::WireBytes(RdmaNic::DataFrameBytes(0) + AethHeader::SIZE) * 8.0;
    std::vector<const LinkTier*> links = {&topology.hostLink, &topology.leafLink};
    if (topology.tiers == 3)
    {
        links.push_back(&topology.spineLink);
    }
    double oneWay = 0;
    double ackWay = 0;
    for (const LinkTier* t : links)
    {
        // Each NIC plane runs at 1/planes of the tier's rate.
        double rate = static_cast<double>(t->rate.GetBitRate()) / std::max(1u, topology.planes);
        oneWay += 2 * (t->delay.GetSeconds() + frameBits / rate);
        ackWay += 2 * (t->delay.GetSeconds() + ackBits / rate);
    }
    uint32_t switches = 2 * static_cast<uint32_t>(links.size()) - 1;
    oneWay += switches * switchLatency.GetSeconds();
    ackWay += switches * switchLatency.GetSeconds();
    return Seconds(oneWay + ackWay);
}

std::unique_ptr<Fabric>
FabricHelper::Build() const
{
    std::vector<std::string> errors = m_profile.Validate();
    if (!errors.empty())
    {
        std::string all = "profile '" + m_profile.name + "': " + errors.front();
        for (std::size_t i = 1; i < errors.size(); ++i)
        {
            all += "; " + errors[i];
        }
        throw std::invalid_argument(all);
    }
    Distributed::Start(); // under mpirun or srun: ns-3's distributed engine
    Distributed::BeginFabric();
    Simulator::Destroy();
    // ns-3's own defaults mean nobody chose a core: take fabric's (same events, faster).
    if (GlobalIs("SimulatorImplementationType", "ns3::DefaultSimulatorImpl")
        && GlobalIs("SchedulerType", "ns3::MapScheduler"))
    {
        UseFabricScheduler();
    }
    RngSeedManager::SetSeed(static_cast<uint32_t>(m_seed));
    RngSeedManager::SetRun(1);

    FabricBuilder builder;
    builder.SetSeed(m_seed);
    m_profile.ApplyTo(builder);
    std::unique_ptr<Fabric> fabric = builder.Build(m_topology); // throws TopologyError
    Fabric& f = *fabric;

    if (DefaultWasChanged(RdmaNic::GetTypeId(), "BaseRtt") || f.nics.empty())
    {
        TimeValue rtt;
        if (!f.nics.empty())
        {
            f.nics[0]->GetAttribute("BaseRtt", rtt);
        }
        f.baseRtt = rtt.Get();
    }
    else
    {
        TimeValue latency;
        f.switches[0]->GetAttribute("Latency", latency);
        UintegerValue mtu;
        f.nics[0]->GetAttribute("Mtu", mtu);
        f.baseRtt = IdleRtt(m_topology, latency.Get(), static_cast<uint32_t>(mtu.Get()));
        for (const auto& plane : f.planeNics)
        {
            for (const auto& nic : plane)
            {
                nic->SetAttribute("BaseRtt", TimeValue(f.baseRtt));
            }
        }
    }
    for (std::size_t i = 0; i < f.switches.size(); ++i)
    {
        f.switches[i]->AssignStreams(static_cast<int64_t>(i));
    }
    Distributed::Partition(f); // throws for a fabric that cannot be split over the ranks
    f.simulatorCore = Simulator::GetImplementation()->GetInstanceTypeId().GetName();
    NS_LOG_INFO("fabric for profile " << m_profile.name << ": base RTT " << f.baseRtt.As(Time::US)
                                      << ", core " << f.simulatorCore);
    return fabric;
}

} // namespace fabric
} // namespace ns3
