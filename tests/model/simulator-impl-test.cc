/*
 * FabricSimulatorImpl against ns-3's own DefaultSimulatorImpl: the same random mix of
 * schedules (with and without context, now, at equal times), cancellations, removals, stops
 * and destroy events runs in the same order at the same times under both, and EventId queries
 * answer the same; and fabric scenarios, which take shortcuts to the clock and the event list
 * under FabricSimulatorImpl, give the same results under either.
 */
#include "experiment/scenario.h"
#include "helper/fabric-profile.h"
#include "helper/heap-scheduler.h"
#include "model/sim/fabric-simulator-impl.h"

#include "ns3/global-value.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::fabric;

namespace
{

/// What one run saw: every event as (time step, id, context), and the answers to queries.
struct Trace
{
    std::vector<uint64_t> log;
    uint64_t events {0};
};

/// A workload driven by a seeded generator; every event may schedule, cancel or remove others.
class Workload
{
public:
    explicit Workload(Trace& trace)
        : m_trace(trace)
        , m_rng(2024)
    {
    }

    void Start()
    {
        for (int i = 0; i < 50; ++i)
        {
            Spawn();
        }
        Simulator::ScheduleDestroy(&Workload::Record, this, 999999u);
        EventId gone = Simulator::ScheduleDestroy(&Workload::Record, this, 888888u);
        Simulator::Cancel(gone);
    }

    void Fire(uint32_t id)
    {
        m_trace.log.push_back(Simulator::Now().GetTimeStep());
        m_trace.log.push_back(id);
        m_trace.log.push_back(Simulator::GetContext());
        if (m_fired++ > 20000)
        {
            return;
        }
        uint32_t children = m_rng() % 4; // 1.5 on average: grows until the cap
        for (uint32_t c = 0; c < children; ++c)
        {
            Spawn();
        }
        if (!m_pending.empty() && m_rng() % 4 == 0)
        {
            EventId& e = m_pending[m_rng() % m_pending.size()];
            m_trace.log.push_back(Simulator::IsExpired(e));
            m_trace.log.push_back(Simulator::GetDelayLeft(e).GetTimeStep());
            if (m_rng() % 2)
            {
                Simulator::Cancel(e);
            }
            else
            {
                Simulator::Remove(e);
            }
        }
    }

    void Record(uint32_t id) { m_trace.log.push_back(id); }

private:
    void Spawn()
    {
        uint32_t id = m_next++;
        // Small delays so that many events share a time step and the uid decides.
        Time delay = PicoSeconds(m_rng() % 8 == 0 ? 0 : m_rng() % 50);
        switch (m_rng() % 3)
        {
            case 0:
                m_pending.push_back(Simulator::Schedule(delay, &Workload::Fire, this, id));
                break;
            case 1:
                Simulator::ScheduleWithContext(m_rng() % 7, delay, &Workload::Fire, this, id);
                break;
            default:
                m_pending.push_back(Simulator::ScheduleNow(&Workload::Fire, this, id));
                break;
        }
        if (m_pending.size() > 64)
        {
            m_pending.erase(m_pending.begin());
        }
    }

    Trace& m_trace;
    std::mt19937 m_rng;
    uint32_t m_next {0};
    uint64_t m_fired {0};
    std::vector<EventId> m_pending;
};

Trace
RunWith(const std::string& impl, const std::string& scheduler)
{
    GlobalValue::Bind("SimulatorImplementationType", StringValue(impl));
    GlobalValue::Bind("SchedulerType", StringValue(scheduler));
    Trace trace;
    Workload w(trace);
    w.Start();
    Simulator::Stop(NanoSeconds(50));
    Simulator::Run();
    trace.log.push_back(Simulator::Now().GetTimeStep()); // where Stop left it
    Simulator::Run();                                    // and the rest
    trace.events = Simulator::GetEventCount();
    Simulator::Destroy(); // runs the destroy event that was not cancelled
    UseFabricScheduler();
    return trace;
}

} // namespace

TEST(FabricSimulatorImpl, RunsEventsInTheOrderOfNs3DefaultSimulatorImpl)
{
    Trace reference = RunWith("ns3::DefaultSimulatorImpl", "ns3::MapScheduler");
    Trace fabric = RunWith("ns3::fabric::FabricSimulatorImpl", "ns3::fabric::FabricHeapScheduler");
    ASSERT_GT(reference.events, 10000u);
    EXPECT_EQ(fabric.events, reference.events);
    ASSERT_EQ(fabric.log.size(), reference.log.size());
    for (std::size_t i = 0; i < reference.log.size(); ++i)
    {
        ASSERT_EQ(fabric.log[i], reference.log[i]) << "entry " << i;
    }
    EXPECT_EQ(reference.log.back(), 999999u); // the destroy event ran, the cancelled one did not
}

TEST(FabricSimulatorImpl, UsesAnotherSchedulerWhenOneIsChosen)
{
    Trace reference = RunWith("ns3::DefaultSimulatorImpl", "ns3::MapScheduler");
    Trace fabric = RunWith("ns3::fabric::FabricSimulatorImpl", "ns3::CalendarScheduler");
    EXPECT_EQ(fabric.events, reference.events);
    EXPECT_EQ(fabric.log, reference.log);
}

TEST(FabricSimulatorImpl, AScenarioGivesTheSameResultsUnderNs3DefaultSimulatorImpl)
{
    TopologySpec spec = TopologySpec::LeafSpine(64, 16, 16);
    TrafficSpec traffic;
    traffic.bytes = 256 * 1024;
    for (const char* profile : {"standard", "spectrum-x"})
    {
        // ns-3's own core with a scheduler other than its default MapScheduler: a choice the
        // FabricHelper respects (ns-3's untouched defaults it replaces by fabric's core).
        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DefaultSimulatorImpl"));
        GlobalValue::Bind("SchedulerType", StringValue("ns3::HeapScheduler"));
        ResultRow reference = RunScenario(spec, *FabricProfile::FromName(profile), traffic);
        EXPECT_EQ(reference.GetText("simulator_core"), "ns3::DefaultSimulatorImpl");
        Simulator::Destroy();
        UseFabricScheduler();
        ResultRow fabric = RunScenario(spec, *FabricProfile::FromName(profile), traffic);
        Simulator::Destroy();
        EXPECT_EQ(fabric.GetText("simulator_core"), "ns3::fabric::FabricSimulatorImpl");
        ASSERT_GT(reference.GetNumber("events"), 10000) << profile;
        for (const char* key : {"events",
                                "packet_hops",
                                "effective_throughput_pct",
                                "fct_p99_us",
                                "completion_us",
                                "ecn_marks",
                                "cnps",
                                "pfc_pauses",
                                "telemetry_records",
                                "buffer_peak_MiB"})
        {
            EXPECT_EQ(fabric.GetNumber(key), reference.GetNumber(key)) << profile << " " << key;
        }
    }
}
