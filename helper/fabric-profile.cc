/*
 * Fabric profiles: named bundles of routing, congestion control, NIC mode and PFC.
 */
#include "fabric-profile.h"

#include "helper/fabric-builder.h"
#include "helper/strategy-names.h"
#include "model/cc/congestion-control.h"
#include "model/routing/routing-policy.h"

#include "ns3/boolean.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace fabric
{

FabricProfile
FabricProfile::Named(const std::string& name)
{
    auto p = FromName(name);
    if (!p)
    {
        throw std::invalid_argument("unknown profile '" + name
                                    + "' (known: standard, spectrum-x, ideal)");
    }
    return *p;
}

std::optional<FabricProfile>
FabricProfile::FromName(const std::string& name)
{
    FabricProfile p;
    p.name = name;
    if (name == "standard")
    {
        p.routing = "ecmp";
        p.congestionControl = "dcqcn";
        p.receiveMode = "InOrder";
        p.pfc = true;
        p.ecn = true;
        p.telemetry = false;
        return p;
    }
    if (name == "spectrum-x")
    {
        p.routing = "adaptive";
        p.congestionControl = "telemetry";
        p.receiveMode = "OutOfOrder";
        p.pfc = true;
        p.ecn = false;
        p.telemetry = true;
        return p;
    }
    if (name == "ideal")
    {
        // No congestion control, no PFC, ECMP, in-order NIC: the bare core.
        return p;
    }
    return std::nullopt;
}

std::string
FabricProfile::FromVariant(const std::string& text, FabricProfile* out)
{
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, '/');)
    {
        part.erase(0, part.find_first_not_of(" \t"));
        part.erase(part.find_last_not_of(" \t") + 1);
        if (!part.empty())
        {
            parts.push_back(part);
        }
    }
    if (parts.empty())
    {
        return "empty variant";
    }
    auto base = FabricProfile::FromName(parts[0]);
    if (!base)
    {
        return "unknown profile '" + parts[0] + "' (known: standard, spectrum-x, ideal)";
    }
    FabricProfile p = *base;
    std::string label = parts[0];
    for (std::size_t i = 1; i < parts.size(); ++i)
    {
        auto eq = parts[i].find('=');
        if (eq == std::string::npos)
        {
            return "override '" + parts[i] + "' is not key=value";
        }
        std::string key = parts[i].substr(0, eq);
        std::string value = parts[i].substr(eq + 1);
        auto boolean = [&value](bool* b) {
            if (value == "true" || value == "1" || value == "on")
            {
                *b = true;
                return true;
            }
            if (value == "false" || value == "0" || value == "off")
            {
                *b = false;
                return true;
            }
            return false;
        };
        if (key == "routing")
        {
            p.routing = value;
        }
        else if (key == "cc")
        {
            p.congestionControl = value;
        }
        else if (key == "receiveMode")
        {
            p.receiveMode = value;
        }
        else if (key == "pfc" || key == "ecn" || key == "telemetry")
        {
            bool* target = key == "pfc" ? &p.pfc : key == "ecn" ? &p.ecn : &p.telemetry;
            if (!boolean(target))
            {
                return "override " + key + " needs true or false, got '" + value + "'";
            }
        }
        else
        {
            return "unknown override '" + key
                 + "' (known: routing, cc, receiveMode, pfc, ecn, telemetry)";
        }
        label += "/" + parts[i];
    }
    auto errors = p.Validate();
    if (!errors.empty())
    {
        return errors.front();
    }
    p.name = label;
    *out = p;
    return "";
}

std::vector<std::string>
FabricProfile::Names()
{
    return {"standard", "spectrum-x", "ideal"};
}

std::string
FabricProfile::CongestionControlTypeId(const std::string& name)
{
    return StrategyTypeId<CongestionControl>(name);
}

std::vector<std::string>
FabricProfile::Validate() const
{
    std::vector<std::string> errors;
    if (FabricBuilder::RoutingTypeIdFromName(routing).empty())
    {
        errors.push_back("unknown routing '" + routing
                         + "' (known: " + StrategyNameList<RoutingPolicy>() + ")");
    }
    else
    {
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(FabricBuilder::RoutingTypeIdFromName(routing), &tid))
        {
            errors.push_back("routing '" + routing + "' is not available in this build");
        }
    }
    std::string cc = CongestionControlTypeId(congestionControl);
    TypeId tid;
    if (cc.empty() || !TypeId::LookupByNameFailSafe(cc, &tid))
    {
        errors.push_back("unknown congestion control '" + congestionControl
                         + "' (known: " + StrategyNameList<CongestionControl>() + ")");
    }
    else
    {
        // What the algorithm needs from the switches: without it, it never reacts, and a run
        // reported as using it would have no congestion control at all.
        ObjectFactory factory(cc);
        Ptr<CongestionControl> probe = factory.Create<CongestionControl>();
        if (probe->NeedsEcnMarking() && !ecn)
        {
            errors.push_back("congestion control '" + congestionControl
                             + "' reacts to ECN marks, but the switches do not mark (ecn is "
                               "off): set ecn on, or choose another congestion control");
        }
        if (probe->WantsTelemetry() && !telemetry)
        {
            errors.push_back("congestion control '" + congestionControl
                             + "' reads per-hop telemetry, but the switches do not stamp it "
                               "(telemetry is off): set telemetry on, or choose another "
                               "congestion control");
        }
    }
    if (receiveMode != "InOrder" && receiveMode != "OutOfOrder")
    {
        errors.push_back("receive mode must be InOrder or OutOfOrder, got '" + receiveMode + "'");
    }
    return errors;
}

void
FabricProfile::ApplyTo(FabricBuilder& builder) const
{
    builder.SetRoutingPolicy(FabricBuilder::RoutingTypeIdFromName(routing));
    builder.SetNicAttribute("CongestionControl",
                            StringValue(CongestionControlTypeId(congestionControl)));
    builder.SetNicAttribute("ReceiveMode", StringValue(receiveMode));
    builder.SetSwitchAttribute("EcnEnabled", BooleanValue(ecn));
    builder.SetSwitchAttribute("PfcEnabled", BooleanValue(pfc));
    builder.SetSwitchAttribute("TelemetryEnabled", BooleanValue(telemetry));
}

std::string
FabricProfile::Describe() const
{
    std::string d = routing + " + " + congestionControl + " + " + receiveMode;
    if (pfc)
    {
        d += " + pfc";
    }
    if (ecn)
    {
        d += " + ecn";
    }
    if (telemetry)
    {
        d += " + telemetry";
    }
    return d;
}

} // namespace fabric
} // namespace ns3
