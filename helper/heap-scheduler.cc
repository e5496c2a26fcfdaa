/*
 * Selecting the fabric simulator core and event scheduler.
 */
#include "heap-scheduler.h"

#include "ns3/global-value.h"
#include "ns3/string.h"

namespace ns3
{
namespace fabric
{

void
UseFabricScheduler()
{
    // The global value outlives Simulator::Destroy(); a later --SchedulerType=... overrides it.
    GlobalValue::Bind("SimulatorImplementationType",
                      StringValue("ns3::fabric::FabricSimulatorImpl"));
    GlobalValue::Bind("SchedulerType", StringValue("ns3::fabric::FabricHeapScheduler"));
}

} // namespace fabric
} // namespace ns3
