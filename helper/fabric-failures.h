/*
 * Link and switch failures, flaps and degradations on a built fabric, and the routes that
 * react to them.
 */
#ifndef FABRIC_FABRIC_FAILURES_H
#define FABRIC_FABRIC_FAILURES_H

#include "helper/fabric.h"
#include "helper/failure-spec.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// @return "none", or the conditions' descriptions joined by "; " (a result column)
std::string DescribeFailures(const std::vector<FailureSpec>& failures);

/**
 * @brief Applies FailureSpecs to a fabric and recomputes the routes when cables fail or
 * come back, as a routing protocol would.
 *
 * Each switch stops choosing its own dead port FailoverDelay after the failure (the routing
 * policy's attribute; FabricSwitch applies it per frame). Paths through a dead cable
 * elsewhere are withdrawn ConvergenceDelay after it: then, for every leaf's block of GPU
 * addresses and every switch, the ports of the configured group that still lead to that
 * leaf over live cables become a live-route override in the switch's forwarding table (empty
 * when none does: such frames are dropped with the reason no-live-path).
 */
class FabricFailures
{
public:
    /**
     * @param fabric the fabric (outlives this object)
     * @param seed draws the cables of `TIER:P%` selectors
     */
    FabricFailures(Fabric& fabric, uint64_t seed);

    /**
     * Resolve a selector list into cable indices (into Fabric::links), sorted, no repeats.
     * @throws std::invalid_argument naming the selector and what was expected
     */
    std::vector<std::size_t> Select(const std::string& selectors) const;

    /**
     * Check a selector list against a topology before anything is built: the forms, the
     * switch and GPU names (leafN with N below the leaves, and so on), the shares.
     * @return "" when it is valid, else what is wrong (port numbers are checked by Select)
     */
    static std::string CheckSelectors(const std::string& selectors, const TopologySpec& topo);

    /**
     * Apply a condition: now when it holds from before the run, else at its times.
     * @throws std::invalid_argument for a bad selector, until <= at, a loss outside [0, 1]
     */
    void Add(const FailureSpec& spec);

    /// @return cables down now
    uint32_t GetNLinksDown() const;

    /// @return live-route overrides installed by the last route computation, all switches
    std::size_t GetNOverrides() const;

    /**
     * @return what no longer has a live path now: "gpu17 (its cable is down)", "leaf3 ->
     * leaf9 (no live path)" (at most @p max lines, then a count); empty when everything
     * reaches everything
     */
    std::vector<std::string> Unreachable(std::size_t max = 20) const;

    /// @return one line per condition applied, for reports
    const std::vector<std::string>& Descriptions() const { return m_descriptions; }

    /// Recompute the live routes from the cables every switch knows to be down now.
    void RecomputeRoutes();

private:
    /// Set cables down or up; @p converged: down since long before now.
    void SetDown(const std::vector<std::size_t>& links, bool down, bool converged);
    /// Set the line rate and loss of cables (0 rate: restore the built rate).
    void Degrade(const std::vector<std::size_t>& links, uint64_t rateBps, double loss);
    /// @return cable indices of a `TIER:P%` / `TIER:N` selector, drawn with the seed
    std::vector<std::size_t> Draw(const std::string& selector,
                                  uint8_t tier,
                                  const std::string& amount) const;
    /// @return the switch index (into Fabric::switches) of node @p nodeId, or -1
    int SwitchIndex(uint32_t nodeId) const;
    /// @return true when every switch knows port @p port (of a switch) to be down now
    bool KnownDown(const FabricNetDevice& port) const;

    Fabric& m_fabric;                        //!< the fabric
    uint64_t m_seed;                         //!< draws
    std::vector<std::string> m_names;        //!< switch names, by switch index
    std::vector<int> m_switchOfNode;         //!< node id -> switch index (-1: not a switch)
    std::vector<uint64_t> m_builtRate;       //!< built line rate of each cable
    std::vector<std::string> m_descriptions; //!< what was applied
    Time m_convergence {0};                  //!< ConvergenceDelay of the switches' policy
    uint32_t m_streams {0};                  //!< error-model streams assigned so far
};

} // namespace fabric
} // namespace ns3

#endif
