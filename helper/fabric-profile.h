/*
 * Fabric profiles: named bundles of routing, congestion control, NIC mode and PFC.
 */
#ifndef FABRIC_FABRIC_PROFILE_H
#define FABRIC_FABRIC_PROFILE_H

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

class FabricBuilder;

/**
 * @brief What a fabric runs, picked with one word and overridable part by part.
 *
 * - `standard`: ECMP + DCQCN (switch ECN marking) + in-order NIC (go-back-N) + PFC.
 * - `spectrum-x`: adaptive routing + telemetry congestion control (switches stamp per-hop
 *   telemetry) + out-of-order NIC (placement) + PFC.
 * Any field can be changed after FromName (e.g. spectrum-x with an in-order NIC) to see what
 * each part contributes.
 */
struct FabricProfile
{
    std::string name {"custom"};            //!< profile name, for reports
    std::string routing {"ecmp"};           //!< ecmp | adaptive | flowlet (or a TypeId name)
    std::string congestionControl {"none"}; //!< none | dcqcn | telemetry (or a TypeId name)
    std::string receiveMode {"InOrder"};    //!< InOrder | OutOfOrder
    bool pfc {false};                       //!< lossless priority 3 with PFC pause frames
    bool ecn {false};                       //!< switches mark ECN (RED ramp on egress bytes)
    bool telemetry {false};                 //!< switches append per-hop telemetry

    /// @return the profile called @p name, or nothing when there is none
    static std::optional<FabricProfile> FromName(const std::string& name);

    /**
     * @return the profile called @p name (standard, spectrum-x, ideal)
     * @throws std::invalid_argument naming the known profiles when there is none
     */
    static FabricProfile Named(const std::string& name);

    /**
     * A named profile with part-by-part overrides, "profile/key=value/...", keys routing, cc,
     * receiveMode, pfc, ecn, telemetry (e.g. "spectrum-x/cc=none"); the result is named by the
     * text and checked (Validate).
     * @param text the variant
     * @param out receives the profile
     * @return "" on success, else what is wrong
     */
    static std::string FromVariant(const std::string& text, FabricProfile* out);

    /// @return the names FromName knows
    static std::vector<std::string> Names();

    /// @return the TypeId name of a congestion-control short name (or "" if unknown)
    static std::string CongestionControlTypeId(const std::string& name);

    /**
     * Check that every part names something that exists.
     * @return one message per problem; empty when valid
     */
    std::vector<std::string> Validate() const;

    /// Configure @p builder's NIC, switch and routing factories for this profile.
    void ApplyTo(FabricBuilder& builder) const;

    /// @return e.g. "ecmp + dcqcn + InOrder + pfc"
    std::string Describe() const;
};

} // namespace fabric
} // namespace ns3

#endif
