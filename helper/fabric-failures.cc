/*
 * Link and switch failures, flaps and degradations on a built fabric, and the routes that
 * react to them.
 */
#include "fabric-failures.h"

#include "ns3/error-model.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("FabricFailures");

namespace
{

/// Selector names of the cable tiers (FabricLink::tier).
const char* const TIER_NAMES[3] = {"gpu-leaf", "leaf-spine", "spine-core"};

/// Stream numbers of the loss models start here (clear of the fabric's own streams).
constexpr int64_t LOSS_STREAM_BASE = 1LL << 40;

std::string
Trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string
Us(Time t)
{
    std::ostringstream out;
    out << t.GetSeconds() * 1e6 << " us";
    return out.str();
}

/// Parse a non-negative integer; false when @p s is not one.
bool
ParseIndex(const std::string& s, uint64_t* out)
{
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    *out = std::stoull(s);
    return true;
}

/// Split a comma-separated selector list into trimmed selectors; "" or what is wrong in
/// @p error.
std::vector<std::string>
SplitSelectors(const std::string& selectors, std::string* error)
{
    std::vector<std::string> out;
    std::stringstream list(selectors);
    std::string item;
    while (std::getline(list, item, ','))
    {
        out.push_back(Trim(item));
        if (out.back().empty())
        {
            *error = "empty cable selector in '" + selectors + "'";
            return {};
        }
    }
    *error = out.empty() ? "no cable selector given" : "";
    return out;
}

} // namespace

std::string
FailureSpec::Describe() const
{
    std::ostringstream out;
    if (IsDegradation())
    {
        out << "degrade " << links;
        if (rateBps > 0)
        {
            out << " to " << rateBps / 1e9 << " Gb/s";
        }
        if (loss > 0)
        {
            out << (rateBps > 0 ? "," : "") << " loss " << loss;
        }
    }
    else
    {
        out << "fail " << links;
    }
    out << (at ? " at " + Us(*at) : std::string(" before the run"));
    if (until)
    {
        out << " until " << Us(*until);
    }
    return out.str();
}

std::string
DescribeFailures(const std::vector<FailureSpec>& failures)
{
    std::string out;
    for (const auto& f : failures)
    {
        out += (out.empty() ? "" : "; ") + f.Describe();
    }
    return out.empty() ? "none" : out;
}

FabricFailures::FabricFailures(Fabric& fabric, uint64_t seed)
    : m_fabric(fabric)
    , m_seed(seed)
{
    uint32_t perTier[3] = {0, 0, 0};
    const char* tierPrefix[3] = {"leaf", "spine", "core"};
    uint32_t maxNode = 0;
    for (const auto& sw : fabric.switches)
    {
        uint8_t tier = std::min<uint8_t>(sw->GetTier(), 2);
        m_names.push_back(tierPrefix[tier] + std::to_string(perTier[tier]++));
        maxNode = std::max(maxNode, sw->GetId());
    }
    m_switchOfNode.assign(maxNode + 1, -1);
    for (std::size_t i = 0; i < fabric.switches.size(); ++i)
    {
        m_switchOfNode[fabric.switches[i]->GetId()] = static_cast<int>(i);
    }
    for (const auto& link : fabric.links)
    {
        m_builtRate.push_back(link.lower->GetRateBps());
    }
    if (!fabric.switches.empty() && fabric.switches.front()->GetRoutingPolicy())
    {
        m_convergence = fabric.switches.front()->GetRoutingPolicy()->GetConvergenceDelay();
    }
}

int
FabricFailures::SwitchIndex(uint32_t nodeId) const
{
    return nodeId < m_switchOfNode.size() ? m_switchOfNode[nodeId] : -1;
}

std::vector<std::size_t>
FabricFailures::Draw(const std::string& selector, uint8_t tier, const std::string& amount) const
{
    std::vector<std::size_t> pool;
    for (std::size_t i = 0; i < m_fabric.links.size(); ++i)
    {
        if (m_fabric.links[i].tier == tier)
        {
            pool.push_back(i);
        }
    }
    uint64_t n = 0;
    if (!amount.empty() && amount.back() == '%')
    {
        std::size_t used = 0;
        double pct = -1;
        try
        {
            pct = std::stod(amount.substr(0, amount.size() - 1), &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used != amount.size() - 1 || !(pct >= 0 && pct <= 100))
        {
            throw std::invalid_argument("'" + selector
                                        + "': expected a share from 0% to 100% after the tier");
        }
        n = static_cast<uint64_t>(std::llround(pct / 100.0 * static_cast<double>(pool.size())));
    }
    else if (!ParseIndex(amount, &n) || n > pool.size())
    {
        throw std::invalid_argument("'" + selector
                                    + "': expected a share (10%) or a number of "
                                      "cables up to "
                                    + std::to_string(pool.size()) + " after the tier");
    }
    // Fisher-Yates with mt19937_64, whose output the standard fixes: the same cables on
    // every platform for a seed.
    std::mt19937_64 rng(m_seed * 0x9e3779b97f4a7c15ULL + tier + 1);
    for (std::size_t i = pool.size(); i > 1; --i)
    {
        std::swap(pool[i - 1], pool[rng() % i]);
    }
    pool.resize(n);
    return pool;
}

std::string
FabricFailures::CheckSelectors(const std::string& selectors, const TopologySpec& topo)
{
    // Switches of each tier: leaves, spines (all pods), cores (3 tiers only).
    // With NIC planes the names go on counting through the planes' copies.
    const uint32_t planes = std::max(1u, topo.planes);
    const uint32_t counts[3] = {planes * topo.NumLeaves(),
                                planes * (topo.tiers == 3 ? topo.NumSpinesTotal() : topo.Spines()),
                                planes * (topo.tiers == 3 ? topo.Cores() : 0)};
    const char* prefixes[3] = {"leaf", "spine", "core"};
    auto nameOk = [&](const std::string& name) -> std::string {
        for (int t = 0; t < 3; ++t)
        {
            std::string prefix = prefixes[t];
            uint64_t n = 0;
            if (name.rfind(prefix, 0) == 0 && ParseIndex(name.substr(prefix.size()), &n))
            {
                const char* plural[3] = {"leaves", "spines", "cores"};
                return n < counts[t]
                         ? ""
                         : "'" + name + "': the topology has " + std::to_string(counts[t]) + " "
                               + (counts[t] == 1 ? prefix : plural[t]);
            }
        }
        return "'" + name + "': unknown switch (switches are leafN, spineN, coreN)";
    };
    std::string error;
    std::vector<std::string> items = SplitSelectors(selectors, &error);
    if (!error.empty())
    {
        return error;
    }
    for (const std::string& sel : items)
    {
        auto colon = sel.find(':');
        auto dash = sel.find('-');
        std::string why;
        if (colon != std::string::npos)
        {
            std::string left = sel.substr(0, colon);
            std::string right = sel.substr(colon + 1);
            const char* const* tier = std::find(TIER_NAMES, TIER_NAMES + 3, left);
            uint64_t n = 0;
            if (tier != TIER_NAMES + 3)
            {
                if (tier - TIER_NAMES == 2 && topo.tiers < 3)
                {
                    return "'" + sel + "': a 2-tier topology has no spine-core cables";
                }
                char* end = nullptr;
                double pct = right.empty() ? -1 : std::strtod(right.c_str(), &end);
                bool share = !right.empty() && right.back() == '%' && end == &right.back()
                          && pct >= 0 && pct <= 100;
                if (!share && !ParseIndex(right, &n))
                {
                    return "'" + sel
                         + "': expected a share from 0% to 100% or a number of "
                           "cables after the tier";
                }
                continue;
            }
            why = nameOk(left);
            if (why.empty() && !ParseIndex(right, &n))
            {
                why = "'" + sel + "': expected SWITCH:PORT with a port number (leaf3:64)";
            }
        }
        else if (dash != std::string::npos)
        {
            why = nameOk(sel.substr(0, dash));
            if (why.empty())
            {
                why = nameOk(sel.substr(dash + 1));
            }
        }
        else if (sel.rfind("gpu", 0) == 0)
        {
            uint64_t g = 0;
            if (!ParseIndex(sel.substr(3), &g) || g >= topo.gpus)
            {
                why = "'" + sel + "': GPUs are gpu0 to gpu" + std::to_string(topo.gpus - 1);
            }
        }
        else
        {
            why = nameOk(sel);
            if (!why.empty())
            {
                why += "; a cable selector is a switch (leaf3), a GPU (gpu17), two switches "
                       "(leaf3-spine1), a port (leaf3:64) or a share of a tier (leaf-spine:10%)";
            }
        }
        if (!why.empty())
        {
            return why;
        }
    }
    return "";
}

std::vector<std::size_t>
FabricFailures::Select(const std::string& selectors) const
{
    auto nameIndex = [this](const std::string& name) -> int {
        auto it = std::find(m_names.begin(), m_names.end(), name);
        return it == m_names.end() ? -1 : static_cast<int>(it - m_names.begin());
    };
    auto onSwitch = [this](const FabricLink& l, int sw) {
        return SwitchIndex(l.lower->GetNodeId()) == sw || SwitchIndex(l.upper->GetNodeId()) == sw;
    };
    std::vector<std::size_t> out;
    std::string error;
    std::vector<std::string> items = SplitSelectors(selectors, &error);
    if (!error.empty())
    {
        throw std::invalid_argument(error);
    }
    for (const std::string& sel : items)
    {
        std::size_t before = out.size();
        auto colon = sel.find(':');
        auto dash = sel.find('-');
        if (colon != std::string::npos)
        {
            std::string left = sel.substr(0, colon);
            std::string right = sel.substr(colon + 1);
            const char* const* tier = std::find(TIER_NAMES, TIER_NAMES + 3, left);
            if (tier != TIER_NAMES + 3)
            {
                auto drawn = Draw(sel, static_cast<uint8_t>(tier - TIER_NAMES), right);
                out.insert(out.end(), drawn.begin(), drawn.end());
                continue; // a share of 0 selects nothing, and that is not an error
            }
            int sw = nameIndex(left);
            uint64_t port = 0;
            if (sw < 0 || !ParseIndex(right, &port))
            {
                throw std::invalid_argument(
                    "'" + sel
                    + "': expected SWITCH:PORT (leaf3:64) or TIER:SHARE with TIER "
                      "gpu-leaf, leaf-spine or spine-core (leaf-spine:10%)");
            }
            uint16_t nPorts = m_fabric.switches[sw]->GetNPorts();
            if (port >= nPorts)
            {
                throw std::invalid_argument("'" + sel + "': " + left + " has ports 0 to "
                                            + std::to_string(nPorts - 1));
            }
            const FabricNetDevice* dev = PeekPointer(m_fabric.switches[sw]->GetPort(port));
            for (std::size_t i = 0; i < m_fabric.links.size(); ++i)
            {
                const FabricLink& l = m_fabric.links[i];
                if (PeekPointer(l.lower) == dev || PeekPointer(l.upper) == dev)
                {
                    out.push_back(i);
                }
            }
        }
        else if (dash != std::string::npos)
        {
            std::string a = sel.substr(0, dash);
            std::string b = sel.substr(dash + 1);
            int sa = nameIndex(a);
            int sb = nameIndex(b);
            if (sa < 0 || sb < 0)
            {
                throw std::invalid_argument("'" + sel + "': unknown switch '" + (sa < 0 ? a : b)
                                            + "' (switches are leafN, spineN, coreN)");
            }
            for (std::size_t i = 0; i < m_fabric.links.size(); ++i)
            {
                const FabricLink& l = m_fabric.links[i];
                if (onSwitch(l, sa) && onSwitch(l, sb))
                {
                    out.push_back(i);
                }
            }
            if (out.size() == before)
            {
                throw std::invalid_argument("'" + sel + "': no cable joins " + a + " and " + b);
            }
        }
        else if (sel.rfind("gpu", 0) == 0)
        {
            uint64_t gpu = 0;
            if (!ParseIndex(sel.substr(3), &gpu) || gpu >= m_fabric.NumGpus())
            {
                throw std::invalid_argument("'" + sel + "': GPUs are gpu0 to gpu"
                                            + std::to_string(m_fabric.NumGpus() - 1));
            }
            for (const auto& plane : m_fabric.planeNics)
            {
                const FabricNetDevice* nic = PeekPointer(plane[gpu]);
                for (std::size_t i = 0; i < m_fabric.links.size(); ++i)
                {
                    if (PeekPointer(m_fabric.links[i].lower) == nic)
                    {
                        out.push_back(i);
                    }
                }
            }
        }
        else
        {
            int sw = nameIndex(sel);
            if (sw < 0)
            {
                throw std::invalid_argument(
                    "'" + sel
                    + "': expected a switch (leaf3), a GPU (gpu17), two switches "
                      "(leaf3-spine1), a port (leaf3:64) or a share of a tier "
                      "(leaf-spine:10%)");
            }
            for (std::size_t i = 0; i < m_fabric.links.size(); ++i)
            {
                if (onSwitch(m_fabric.links[i], sw))
                {
                    out.push_back(i);
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void
FabricFailures::Add(const FailureSpec& spec)
{
    auto fail = [&spec](const std::string& what) {
        throw std::invalid_argument((spec.where.empty() ? "" : spec.where + ": ") + what);
    };
    if (spec.loss < 0 || spec.loss > 1)
    {
        fail("loss must be a probability from 0 to 1");
    }
    Time now = Simulator::Now();
    if (spec.at && *spec.at < now)
    {
        fail("time " + Us(*spec.at) + " is before the simulation's present (" + Us(now) + ")");
    }
    if (spec.until && *spec.until <= (spec.at ? *spec.at : now))
    {
        fail("'until' (" + Us(*spec.until) + ") must come after the start");
    }
    std::vector<std::size_t> links;
    try
    {
        links = Select(spec.links);
    }
    catch (const std::invalid_argument& e)
    {
        fail(e.what());
    }
    m_descriptions.push_back(spec.Describe() + " (" + std::to_string(links.size()) + " of "
                             + std::to_string(m_fabric.links.size()) + " cables)");
    if (spec.IsDegradation())
    {
        if (!spec.at)
        {
            Degrade(links, spec.rateBps, spec.loss);
        }
        else
        {
            Simulator::Schedule(
                *spec.at - now, &FabricFailures::Degrade, this, links, spec.rateBps, spec.loss);
        }
        if (spec.until)
        {
            Simulator::Schedule(*spec.until - now, &FabricFailures::Degrade, this, links, 0, 0.0);
        }
        return;
    }
    if (!spec.at)
    {
        SetDown(links, true, true);
        RecomputeRoutes();
    }
    else
    {
        Simulator::Schedule(*spec.at - now, &FabricFailures::SetDown, this, links, true, false);
        Simulator::Schedule(*spec.at - now + m_convergence, &FabricFailures::RecomputeRoutes, this);
    }
    if (spec.until)
    {
        Simulator::Schedule(*spec.until - now, &FabricFailures::SetDown, this, links, false, false);
        Simulator::Schedule(
            *spec.until - now + m_convergence, &FabricFailures::RecomputeRoutes, this);
    }
}

void
FabricFailures::SetDown(const std::vector<std::size_t>& links, bool down, bool converged)
{
    for (std::size_t i : links)
    {
        const FabricLink& l = m_fabric.links[i];
        l.lower->SetCableUp(!down);
        if (down && converged)
        {
            // Down since long before the run: every switch already knows it.
            l.lower->SetDownSince(Seconds(-1e6));
            l.upper->SetDownSince(Seconds(-1e6));
        }
    }
    NS_LOG_INFO(links.size() << " cables " << (down ? "down" : "up") << " at "
                             << Simulator::Now().As(Time::US));
}

void
FabricFailures::Degrade(const std::vector<std::size_t>& links, uint64_t rateBps, double loss)
{
    for (std::size_t i : links)
    {
        const FabricLink& l = m_fabric.links[i];
        for (const auto& dev : {l.lower, l.upper})
        {
            dev->SetDataRate(DataRate(rateBps > 0 ? rateBps : m_builtRate[i]));
            Ptr<RateErrorModel> model;
            if (loss > 0)
            {
                model = CreateObject<RateErrorModel>();
                model->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                model->SetRate(loss);
                model->AssignStreams(LOSS_STREAM_BASE + m_streams++);
            }
            dev->SetReceiveErrorModel(model);
        }
    }
}

bool
FabricFailures::KnownDown(const FabricNetDevice& port) const
{
    return !port.IsLinkUp() && Simulator::Now() >= port.GetDownSince() + m_convergence;
}

namespace
{

/// Reachability of one leaf's block from every switch, over the configured groups, with
/// the ports a predicate calls down taken out.
template<class Down>
class LeafReach
{
public:
    LeafReach(const Fabric& fabric,
              const std::vector<int>& switchOfNode,
              uint32_t leaf,
              uint32_t firstAddress,
              Down down)
        : m_fabric(fabric)
        , m_switchOfNode(switchOfNode)
        , m_first(firstAddress)
        , m_down(down)
        , m_state(fabric.switches.size(), UNKNOWN)
        , m_live(fabric.switches.size())
        , m_groupSize(fabric.switches.size(), 0)
    {
        m_state[leaf] = YES;
    }

    /// @return the ports of switch @p x's configured group toward the leaf that have a live
    /// path (after Reaches(x))
    const std::vector<uint16_t>& Live(std::size_t x) const { return m_live[x]; }

    /// @return the size of switch @p x's configured group toward the leaf (after Reaches(x))
    uint32_t GroupSize(std::size_t x) const { return m_groupSize[x]; }

    /// @return true when switch @p x has a live path to the leaf
    bool Reaches(std::size_t x)
    {
        if (m_state[x] == YES || m_state[x] == NO)
        {
            return m_state[x] == YES;
        }
        if (m_state[x] == VISITING)
        {
            return false; // a loop in the tables: no path through it
        }
        m_state[x] = VISITING;
        const FabricSwitch& sw = *m_fabric.switches[x];
        // The group toward the block's first address stands for the whole block: every
        // switch but the leaf itself routes a leaf's block as one prefix.
        EcmpGroup g = sw.GetForwardingTable().LookupConfigured(m_first);
        std::vector<uint16_t> ports;
        for (uint32_t i = 0; i < g.size; ++i)
        {
            Ptr<SwitchPort> port = sw.GetPort(g.ports[i]);
            if (m_down(*port))
            {
                continue;
            }
            Ptr<FabricNetDevice> peer = port->GetPeer();
            if (!peer)
            {
                continue;
            }
            uint32_t node = peer->GetNodeId();
            int y = node < m_switchOfNode.size() ? m_switchOfNode[node] : -1;
            if (y < 0 || Reaches(static_cast<std::size_t>(y)))
            {
                ports.push_back(g.ports[i]);
            }
        }
        m_state[x] = ports.empty() ? NO : YES;
        m_groupSize[x] = g.size;
        m_live[x] = std::move(ports);
        return m_state[x] == YES;
    }

private:
    enum State : uint8_t
    {
        UNKNOWN,
        VISITING,
        YES,
        NO
    };

    const Fabric& m_fabric;
    const std::vector<int>& m_switchOfNode;
    uint32_t m_first;
    Down m_down;
    std::vector<uint8_t> m_state;
    std::vector<std::vector<uint16_t>> m_live;
    std::vector<uint32_t> m_groupSize;
};

/// A leaf's block of GPU addresses: the leaf's switch index, its first and last address.
struct LeafBlock
{
    std::size_t leaf {0};        //!< index into Fabric::switches
    uint32_t first {UINT32_MAX}; //!< first GPU address
    uint32_t last {0};           //!< last GPU address
};

/// The GPU-address block of every leaf of every NIC plane (leaves without GPUs left out).
std::vector<LeafBlock>
LeafBlocks(const Fabric& fabric)
{
    std::vector<LeafBlock> out;
    for (uint32_t p = 0; p < fabric.NumPlanes(); ++p)
    {
        std::vector<LeafBlock> blocks(fabric.numLeaves);
        for (uint32_t l = 0; l < fabric.numLeaves; ++l)
        {
            blocks[l].leaf = std::size_t(p) * fabric.switchesPerPlane + l;
        }
        for (uint32_t g = 0; g < fabric.NumGpus(); ++g)
        {
            uint32_t a = fabric.planeNics[p][g]->GetIpv4Address().Get();
            LeafBlock& b = blocks[fabric.gpuLeaf[g]];
            b.first = std::min(b.first, a);
            b.last = std::max(b.last, a);
        }
        for (const auto& b : blocks)
        {
            if (b.first <= b.last)
            {
                out.push_back(b);
            }
        }
    }
    return out;
}

} // namespace

void
FabricFailures::RecomputeRoutes()
{
    std::vector<std::vector<ForwardingTable::Override>> overrides(m_fabric.switches.size());
    auto blocks = LeafBlocks(m_fabric);
    auto known = [this](const FabricNetDevice& port) {
        return KnownDown(port);
    };
    bool anyDown = GetNLinksDown() > 0;
    for (std::size_t b = 0; anyDown && b < blocks.size(); ++b)
    {
        const LeafBlock& block = blocks[b];
        LeafReach<decltype(known)> reach(m_fabric, m_switchOfNode, block.leaf, block.first, known);
        for (std::size_t x = 0; x < m_fabric.switches.size(); ++x)
        {
            // The leaf's own plane only: no route leads from one plane to another.
            if (x == block.leaf
                || x / m_fabric.switchesPerPlane != block.leaf / m_fabric.switchesPerPlane)
            {
                continue;
            }
            reach.Reaches(x);
            if (reach.Live(x).size() < reach.GroupSize(x))
            {
                overrides[x].push_back({block.first, block.last, reach.Live(x)});
            }
        }
    }
    std::size_t total = 0;
    for (std::size_t x = 0; x < m_fabric.switches.size(); ++x)
    {
        ForwardingTable& table = m_fabric.switches[x]->GetForwardingTable();
        if (!overrides[x].empty() || table.GetNOverrides() > 0)
        {
            total += overrides[x].size();
            table.SetOverrides(std::move(overrides[x]));
        }
    }
    NS_LOG_INFO("routes recomputed at " << Simulator::Now().As(Time::US) << ": " << total
                                        << " live-route overrides");
}

uint32_t
FabricFailures::GetNLinksDown() const
{
    uint32_t n = 0;
    for (const auto& l : m_fabric.links)
    {
        n += l.lower->IsLinkUp() ? 0 : 1;
    }
    return n;
}

std::size_t
FabricFailures::GetNOverrides() const
{
    std::size_t n = 0;
    for (const auto& sw : m_fabric.switches)
    {
        n += sw->GetForwardingTable().GetNOverrides();
    }
    return n;
}

std::vector<std::string>
FabricFailures::Unreachable(std::size_t max) const
{
    std::vector<std::string> out;
    std::size_t count = 0;
    auto add = [&](const std::string& line) {
        if (count++ < max)
        {
            out.push_back(line);
        }
    };
    for (uint32_t g = 0; g < m_fabric.NumGpus(); ++g)
    {
        for (uint32_t p = 0; p < m_fabric.NumPlanes(); ++p)
        {
            if (!m_fabric.planeNics[p][g]->IsLinkUp())
            {
                add("gpu" + std::to_string(g) + " (its cable is down"
                    + (m_fabric.NumPlanes() > 1 ? " on plane " + std::to_string(p) : "") + ")");
            }
        }
    }
    auto blocks = LeafBlocks(m_fabric);
    auto down = [](const FabricNetDevice& port) {
        return !port.IsLinkUp();
    };
    const bool anyDown = GetNLinksDown() > 0;
    for (std::size_t b = 0; anyDown && b < blocks.size(); ++b)
    {
        const LeafBlock& dst = blocks[b];
        LeafReach<decltype(down)> reach(m_fabric, m_switchOfNode, dst.leaf, dst.first, down);
        for (const LeafBlock& src : blocks)
        {
            bool samePlane
                = src.leaf / m_fabric.switchesPerPlane == dst.leaf / m_fabric.switchesPerPlane;
            if (src.leaf != dst.leaf && samePlane && !reach.Reaches(src.leaf))
            {
                add(m_names[src.leaf] + " -> " + m_names[dst.leaf] + " (no live path)");
            }
        }
    }
    if (count > max)
    {
        out.push_back("... and " + std::to_string(count - max) + " more");
    }
    return out;
}

} // namespace fabric
} // namespace ns3
