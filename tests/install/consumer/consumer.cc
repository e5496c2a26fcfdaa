/*
 * A user's program on an installed fabric: one 1 MiB message across a 32-GPU leaf-spine with the
 * standard profile; prints the flow completion time and whether every packet was accounted for.
 */
#include "helper/fabric-helper.h"
#include "helper/flow-runner.h"

#include "ns3/core-module.h"

#include <cstdio>

using namespace ns3;
using namespace ns3::fabric;

int
main()
{
    Time::SetResolution(Time::PS);
    auto fabric
        = FabricHelper(TopologySpec::LeafSpine(32, 16, 16), FabricProfile::Named("standard"))
              .Build();
    FlowRunner runner(*fabric);
    runner.AddFlow({0, 31, 1u << 20, Time(0), 0});
    Simulator::Run();
    FlowSummary s = runner.Summarize();
    FabricStats st = fabric->CollectStats();
    std::printf("completed %u/%u fct_us %.3f conservation %s\n",
                s.completed,
                s.flows,
                runner.GetRecords()[0].Fct().GetSeconds() * 1e6,
                st.Verdict().c_str());
    Simulator::Destroy();
    return s.completed == s.flows && st.Conserved() ? 0 : 1;
}
