/*
 * Selecting the fabric simulator core and event scheduler.
 */
#ifndef FABRIC_HEAP_SCHEDULER_H
#define FABRIC_HEAP_SCHEDULER_H

#include "model/sim/fabric-heap-scheduler.h"
#include "model/sim/fabric-simulator-impl.h"

namespace ns3
{
namespace fabric
{

/**
 * Make FabricSimulatorImpl, with FabricHeapScheduler, the simulator of every simulation
 * created from now on (sets the SimulatorImplementationType and SchedulerType global values;
 * call first thing in main, before CommandLine::Parse, so that --SchedulerType and
 * --SimulatorImplementationType can still override them).
 */
void UseFabricScheduler();

} // namespace fabric
} // namespace ns3

#endif
