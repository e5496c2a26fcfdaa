/*
 * Runs one ExperimentSpec: picks the workload's runner from a registry, applies the topology's
 * switch attributes, and returns the result row.
 */
#include "experiment-runner.h"

#include "config/attribute-defaults.h"
#include "config/yaml-error.h"
#include "experiment/scenario.h"
#include "helper/cc-monitor.h"
#include "helper/fabric-failures.h"
#include "helper/fabric.h"
#include "helper/link-monitor.h"
#include "helper/pcap.h"
#include "helper/result-writer.h"

#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/queue-size.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <map>
#include <memory>
#include <mutex>

namespace ns3
{
namespace fabric
{

NS_LOG_COMPONENT_DEFINE("ExperimentRunner");

namespace
{

/// The registry of workload runners.
std::map<std::string, WorkloadRunner>&
Registry()
{
    static std::map<std::string, WorkloadRunner> registry;
    return registry;
}

std::mutex&
RegistryMutex()
{
    static std::mutex m;
    return m;
}

/// permutation and all-to-all: helper/scenario.h's RunScenario, plus the link monitor.
ResultRows
RunSynthetic(const ExperimentSpec& e, const RunOutputs& o)
{
    auto profile = e.Profile();
    if (!profile)
    {
        throw std::invalid_argument("unknown profile '" + e.profile + "'");
    }
    TrafficSpec traffic;
    traffic.pattern = e.workload.type;
    traffic.bytes = e.workload.bytes;
    traffic.qpsPerPair = e.workload.qpsPerPair;
    traffic.seed = e.seed;
    ScenarioOptions options;
    options.stopTime = e.stopTime;
    options.fctCsv = o.flowsCsv;
    options.linkStats = o.linkStats;
    std::unique_ptr<LinkMonitor> monitor;
    if (!o.linksCsv.empty() || !o.queuesCsv.empty())
    {
        monitor = std::make_unique<LinkMonitor>();
        monitor->SetInterval(e.outputs.sampleInterval);
        monitor->WatchPorts(e.outputs.queuePorts, e.outputs.topQueues);
    }
    std::unique_ptr<CcMonitor> cc;
    if (!o.ccCsv.empty())
    {
        cc = std::make_unique<CcMonitor>();
        cc->SetInterval(e.outputs.sampleInterval);
        if (!e.outputs.ccQps.empty())
        {
            cc->Watch(e.outputs.ccQps);
        }
    }
    std::unique_ptr<FabricFailures> failures;
    if (monitor || cc || !e.failures.empty() || !o.pcap.empty())
    {
        options.onBuilt = [m = monitor.get(), c = cc.get(), &failures, &e, &o](Fabric& fabric) {
            if (!o.pcap.empty())
            {
                EnablePcap(o.pcap, fabric.nics[0]);
            }
            if (!e.failures.empty())
            {
                failures = std::make_unique<FabricFailures>(fabric, e.seed);
                for (const auto& f : e.failures)
                {
                    failures->Add(f);
                }
            }
            if (m)
            {
                m->Attach(fabric);
                m->Start();
            }
            if (c)
            {
                c->Attach(fabric);
                c->Start();
            }
        };
    }
    ResultRow row = RunScenario(e.topology.spec, *profile, traffic, options);
    row.Set("failures", DescribeFailures(e.failures));
    if (cc)
    {
        cc->Stop();
        if (!WriteFileAtomically(o.ccCsv, cc->Csv()))
        {
            throw std::runtime_error("cannot write " + o.ccCsv);
        }
    }
    if (monitor)
    {
        monitor->Stop();
        if (monitor->Samples() == 0)
        {
            throw std::runtime_error("the link monitor took no samples");
        }
        if (!o.linksCsv.empty() && !WriteFileAtomically(o.linksCsv, monitor->UtilizationCsv()))
        {
            throw std::runtime_error("cannot write " + o.linksCsv);
        }
        if (!o.queuesCsv.empty() && !WriteFileAtomically(o.queuesCsv, monitor->QueueCsv()))
        {
            throw std::runtime_error("cannot write " + o.queuesCsv);
        }
    }
    return {row};
}

/// Register the built-in runners once.
void
RegisterBuiltins()
{
    static std::once_flag once;
    std::call_once(once, [] {
        std::lock_guard<std::mutex> lock(RegistryMutex());
        Registry().emplace("permutation", &RunSynthetic);
        Registry().emplace("all-to-all", &RunSynthetic);
    });
}

} // namespace

void
RegisterWorkloadRunner(const std::string& type, WorkloadRunner runner)
{
    RegisterBuiltins();
    std::lock_guard<std::mutex> lock(RegistryMutex());
    Registry()[type] = std::move(runner);
}

bool
HasWorkloadRunner(const std::string& type)
{
    RegisterBuiltins();
    std::lock_guard<std::mutex> lock(RegistryMutex());
    return Registry().count(type) > 0;
}

std::vector<std::string>
RegisteredWorkloads()
{
    RegisterBuiltins();
    std::lock_guard<std::mutex> lock(RegistryMutex());
    std::vector<std::string> names;
    for (const auto& [name, runner] : Registry())
    {
        names.push_back(name);
    }
    return names;
}

void
ApplySwitchDefaults(const SwitchSpec& switches)
{
    Config::SetDefault("ns3::fabric::FabricSwitch::Latency", TimeValue(switches.latency));
    Config::SetDefault("ns3::fabric::FabricSwitch::BufferSize",
                       QueueSizeValue(QueueSize(QueueSizeUnit::BYTES,
                                                static_cast<uint32_t>(switches.bufferBytes))));
}

ResultRows
RunExperiment(const ExperimentSpec& spec, const RunOutputs& outputs)
{
    RegisterBuiltins();
    WorkloadRunner runner;
    {
        std::lock_guard<std::mutex> lock(RegistryMutex());
        auto it = Registry().find(spec.workload.type);
        if (it != Registry().end())
        {
            runner = it->second;
        }
    }
    if (!runner)
    {
        throw WorkloadNotAvailable("workload type '" + spec.workload.type
                                   + "' is read and checked, but this build has no runner for it "
                                     "yet (runnable: "
                                   + JoinWords(RegisteredWorkloads()) + ")");
    }
    RngSeedManager::SetSeed(spec.seed);
    ApplySwitchDefaults(spec.topology.switches);
    ResultRows rows;
    {
        // The experiment's own attribute defaults win over the topology's switch settings
        // and are undone when the run ends.
        AttributeDefaults attributes(spec.attributes);
        rows = runner(spec, outputs);
    }
    if (rows.empty())
    {
        throw std::runtime_error("the '" + spec.workload.type + "' runner returned no result");
    }
    for (ResultRow& row : rows)
    {
        auto setIfAbsent = [&row](const std::string& key, const std::string& value) {
            if (!row.Has(key))
            {
                row.Set(key, value);
            }
        };
        setIfAbsent("experiment", spec.name);
        setIfAbsent("topology_name", spec.topology.name);
        setIfAbsent("gpu_type", spec.topology.gpuTypes.empty() ? spec.topology.gpuType : "mixed");
        setIfAbsent("workload", spec.workload.type);
    }
    return rows;
}

} // namespace fabric
} // namespace ns3
