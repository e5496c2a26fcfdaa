/*
 * Runners of the collective and trace workloads for experiments and sweeps.
 */
#ifndef FABRIC_WORKLOAD_RUNNERS_H
#define FABRIC_WORKLOAD_RUNNERS_H

namespace ns3
{
namespace fabric
{

/**
 * Register the `collective` (CollectiveRunner) and `trace` (TrainingRunner) workload runners
 * with RegisterWorkloadRunner, so that experiment and sweep files can use them. Idempotent.
 */
void RegisterCollectiveWorkloads();

} // namespace fabric
} // namespace ns3

#endif
