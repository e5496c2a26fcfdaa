/*
 * The examples' failure flags (--failLinks, --failAt, ...) and the failure specs they give.
 */
#ifndef FABRIC_FAILURE_FLAGS_H
#define FABRIC_FAILURE_FLAGS_H

#include "helper/failure-spec.h"

#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/// The examples' failure flags, as given.
struct FailureFlags
{
    std::string failLinks;    //!< --failLinks: cables to fail
    std::string failAt;       //!< --failAt: when ("" before the run)
    std::string recoverAt;    //!< --recoverAt: when they come back ("" never)
    std::string degradeLinks; //!< --degradeLinks: cables degraded for the whole run
    std::string degradeRate;  //!< --degradeRate: their rate ("" unchanged)
    double degradeLoss {0};   //!< --degradeLoss: their frame-loss probability
};

class CommandLineFlags;

/// Declare the failure flags (--failLinks, --failAt, --recoverAt, --degradeLinks,
/// --degradeRate, --degradeLoss) on an example's command line, bound to @p flags.
void AddFailureFlags(CommandLineFlags& cmd, FailureFlags& flags);

/**
 * Turn the examples' failure flags into FailureSpecs (cable names are checked when they are
 * applied, against the built fabric).
 * @param flags the flags
 * @param specs receives the conditions (none when no flag is given)
 * @return "" on success, else what is wrong, naming the flag
 */
std::string FailureSpecsFromFlags(const FailureFlags& flags, std::vector<FailureSpec>* specs);

} // namespace fabric
} // namespace ns3

#endif
