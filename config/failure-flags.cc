/*
 * The examples' failure flags and the failure specs they give.
 */
#include "failure-flags.h"

#include "config/command-line-flags.h"
#include "config/units.h"

namespace ns3
{
namespace fabric
{

void
AddFailureFlags(CommandLineFlags& cmd, FailureFlags& flags)
{
    cmd.Add("failLinks",
            "cables to fail, comma-separated: leaf3-spine1, leaf3:64, spine1 (a switch), gpu17, "
            "or a share of a tier drawn with --seed: leaf-spine:10%, spine-core:1%, gpu-leaf:4",
            flags.failLinks);
    cmd.Add("failAt",
            "when --failLinks fail, with unit (empty: before the run, routes converged)",
            flags.failAt);
    cmd.Add("recoverAt", "when --failLinks come back, with unit (empty: never)", flags.recoverAt);
    cmd.Add(
        "degradeLinks", "cables to degrade for the whole run (same selectors)", flags.degradeLinks);
    cmd.Add("degradeRate",
            "line rate of --degradeLinks, with unit (empty: unchanged)",
            flags.degradeRate);
    cmd.Add("degradeLoss", "frame-loss probability on --degradeLinks", flags.degradeLoss);
}

std::string
FailureSpecsFromFlags(const FailureFlags& flags, std::vector<FailureSpec>* specs)
{
    specs->clear();
    if (!flags.failLinks.empty())
    {
        FailureSpec f;
        f.links = flags.failLinks;
        f.where = "--failLinks";
        if (!flags.failAt.empty())
        {
            f.at = ParseTime(flags.failAt);
            if (!f.at || f.at->IsStrictlyNegative())
            {
                return "--failAt must be a time >= 0 with a unit; got '" + flags.failAt + "'";
            }
        }
        if (!flags.recoverAt.empty())
        {
            f.until = ParseTime(flags.recoverAt);
            if (!f.until || *f.until <= f.at.value_or(Time(0)))
            {
                return "--recoverAt must be a time with a unit after --failAt; got '"
                     + flags.recoverAt + "'";
            }
        }
        specs->push_back(f);
    }
    else if (!flags.failAt.empty() || !flags.recoverAt.empty())
    {
        return "--failAt and --recoverAt need --failLinks";
    }
    if (!flags.degradeLinks.empty())
    {
        FailureSpec d;
        d.links = flags.degradeLinks;
        d.where = "--degradeLinks";
        if (!flags.degradeRate.empty())
        {
            auto r = ParseDataRate(flags.degradeRate);
            if (!r || r->GetBitRate() == 0)
            {
                return "--degradeRate must be a positive rate with a unit, e.g. 200Gbps; got '"
                     + flags.degradeRate + "'";
            }
            d.rateBps = r->GetBitRate();
        }
        if (!(flags.degradeLoss >= 0 && flags.degradeLoss <= 1))
        {
            return "--degradeLoss must be a probability from 0 to 1";
        }
        d.loss = flags.degradeLoss;
        if (!d.IsDegradation())
        {
            return "--degradeLinks needs --degradeRate or --degradeLoss";
        }
        specs->push_back(d);
    }
    else if (!flags.degradeRate.empty() || flags.degradeLoss != 0)
    {
        return "--degradeRate and --degradeLoss need --degradeLinks";
    }
    return "";
}

} // namespace fabric
} // namespace ns3
