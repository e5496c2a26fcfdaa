/*
 * What the programs print from result rows.
 */
#include "report.h"

#include "config/units.h"
#include "helper/fabric.h"

#include <cmath>
#include <set>

namespace ns3
{
namespace fabric
{

namespace
{

unsigned long long
Count(const ResultRow& row, const char* key)
{
    return static_cast<unsigned long long>(row.GetNumber(key));
}

} // namespace

void
PrintPermutationReport(std::FILE* out, const ResultRow& r, const std::string& topology)
{
    auto gpus = static_cast<unsigned>(r.GetNumber("gpus"));
    std::fprintf(out,
                 "fabric permutation: %u GPUs, %s, %u switches, %llu links, routing %s, %s per "
                 "GPU\n",
                 gpus,
                 topology.c_str(),
                 static_cast<unsigned>(r.GetNumber("switches")),
                 Count(r, "links"),
                 r.GetText("routing").c_str(),
                 FormatBytes(static_cast<uint64_t>(r.GetNumber("bytes"))).c_str());
    std::fprintf(out,
                 "  flows completed        %u / %u\n",
                 static_cast<unsigned>(r.GetNumber("completed")),
                 static_cast<unsigned>(r.GetNumber("flows")));
    std::fprintf(out,
                 "  FCT mean / p50 / p99 / max (us)   %.2f / %.2f / %.2f / %.2f\n",
                 r.GetNumber("fct_mean_us"),
                 r.GetNumber("fct_p50_us"),
                 r.GetNumber("fct_p99_us"),
                 r.GetNumber("fct_max_us"));
    std::fprintf(out, "  completion time        %.2f us\n", r.GetNumber("completion_us"));
    std::fprintf(out,
                 "  aggregate throughput   %.1f %% of line rate (%.1f Gb/s per GPU)\n",
                 r.GetNumber("job_throughput_pct"),
                 r.GetNumber("throughput_Gbps") / gpus);
    std::fprintf(out,
                 "  mean flow goodput      %.1f %% of line rate\n",
                 r.GetNumber("effective_throughput_pct"));
    std::fprintf(out,
                 "  drops                  %llu (retransmitted packets %llu, NAKs %llu, "
                 "timeouts %llu)\n",
                 Count(r, "drops"),
                 Count(r, "retransmitted_packets"),
                 Count(r, "naks"),
                 Count(r, "timeouts"));
    unsigned long long inFlight = Count(r, "frames_in_flight");
    std::string verdict = FabricStats::VerdictOf(r.GetNumber("conserved") == 1, inFlight);
    std::fprintf(out,
                 "  packet conservation    %s (created %llu = consumed %llu + dropped %llu + "
                 "in flight %llu)\n",
                 verdict.c_str(),
                 Count(r, "frames_created"),
                 Count(r, "frames_consumed"),
                 Count(r, "drops"),
                 inFlight);
    std::fprintf(out,
                 "  simulator              %.2f s CPU, %.2f s wall, %llu events, %llu "
                 "packet-hops, %.0f packet-hops/CPU-s, peak RSS %llu kB, route setup %.3f ms\n",
                 r.GetNumber("cpu_s"),
                 r.GetNumber("wall_s"),
                 Count(r, "events"),
                 Count(r, "packet_hops"),
                 r.GetNumber("packet_hops_per_cpu_s"),
                 Count(r, "peak_rss_kB"),
                 r.GetNumber("route_setup_s") * 1e3);
}

std::string
PermutationJson(const ResultRow& r, const std::string& topology)
{
    auto gpus = static_cast<unsigned>(r.GetNumber("gpus"));
    char json[4096];
    std::snprintf(
        json,
        sizeof(json),
        "{\"permutation\":{\"gpus\":%u,\"topology\":\"%s\",\"switches\":%llu,\"links\":%llu,"
        "\"routing\":\"%s\",\"receive_mode\":\"%s\",\"flow_size_B\":%llu,\"seed\":%llu,"
        "\"flows\":%llu,\"completed\":%llu,\"fct_mean_us\":%.3f,\"fct_p50_us\":%.3f,"
        "\"fct_p99_us\":%.3f,\"fct_max_us\":%.3f,\"completion_us\":%.3f,"
        "\"throughput_pct\":%.2f,\"mean_flow_goodput_pct\":%.2f,\"drops\":%llu,"
        "\"retransmitted_packets\":%llu,\"naks\":%llu,\"timeouts\":%llu,"
        "\"conserved\":%s,\"cpu_s\":%.3f,\"wall_s\":%.3f,"
        "\"events\":%llu,\"packet_hops\":%llu,\"packet_hops_per_cpu_s\":%.0f,"
        "\"peak_rss_kB\":%llu,\"rss_per_gpu_kB\":%.1f,\"build_s\":%.4f,"
        "\"route_setup_s\":%.6f,\"fib_bytes\":%llu}}",
        gpus,
        topology.c_str(),
        Count(r, "switches"),
        Count(r, "links"),
        r.GetText("routing").c_str(),
        r.GetText("receive_mode").c_str(),
        Count(r, "bytes"),
        Count(r, "seed"),
        Count(r, "flows"),
        Count(r, "completed"),
        r.GetNumber("fct_mean_us"),
        r.GetNumber("fct_p50_us"),
        r.GetNumber("fct_p99_us"),
        r.GetNumber("fct_max_us"),
        r.GetNumber("completion_us"),
        r.GetNumber("job_throughput_pct"),
        r.GetNumber("effective_throughput_pct"),
        Count(r, "drops"),
        Count(r, "retransmitted_packets"),
        Count(r, "naks"),
        Count(r, "timeouts"),
        r.GetNumber("conserved") == 1 ? "true" : "false",
        r.GetNumber("cpu_s"),
        r.GetNumber("wall_s"),
        Count(r, "events"),
        Count(r, "packet_hops"),
        r.GetNumber("packet_hops_per_cpu_s"),
        Count(r, "peak_rss_kB"),
        r.GetNumber("peak_rss_kB") / gpus,
        r.GetNumber("build_s"),
        r.GetNumber("route_setup_s"),
        Count(r, "fib_bytes"));
    return json;
}

void
PrintSideBySide(std::FILE* out, const std::vector<ResultRow>& rows)
{
    struct Line
    {
        const char* label;
        const char* key;
        const char* fmt; //!< "%s" for a text
    };

    static const Line LINES[] = {
        {"routing", "routing", "%s"},
        {"congestion control", "cc", "%s"},
        {"NIC receive mode", "receive_mode", "%s"},
        {"job throughput (% ceiling)", "job_ceiling_pct", "%.1f"},
        {"job throughput (% line)", "job_throughput_pct", "%.1f"},
        {"job completion (us, last ACK)", "job_completion_us", "%.1f"},
        {"last byte arrived (us)", "completion_us", "%.1f"},
        {"mean flow goodput (% line)", "effective_throughput_pct", "%.1f"},
        {"FCT p50 (us)", "fct_p50_us", "%.1f"},
        {"FCT p99 (us)", "fct_p99_us", "%.1f"},
        {"sender FCT p99 (us, last ACK)", "fct_sender_p99_us", "%.1f"},
        {"flow collisions (links)", "flow_collisions", "%.0f"},
        {"uplink load max/mean", "uplink_load_max_over_mean", "%.2f"},
        {"uplink load max/min", "uplink_load_max_over_min", "%.2f"},
        {"ECN marks", "ecn_marks", "%.0f"},
        {"CNPs", "cnps", "%.0f"},
        {"PFC pauses", "pfc_pauses", "%.0f"},
        {"retransmitted packets", "retransmitted_packets", "%.0f"},
        {"NAKs", "naks", "%.0f"},
        {"timeouts", "timeouts", "%.0f"},
        {"drops", "drops", "%.0f"},
        {"flows completed", "completed", "%.0f"},
        {"packets conserved", "conserved", "%.0f"},
    };
    std::fprintf(out, "%-32s", "");
    for (const auto& r : rows)
    {
        std::fprintf(out, " %22s", r.GetText("profile").c_str());
    }
    std::fprintf(out, "\n");
    for (const auto& line : LINES)
    {
        std::fprintf(out, "%-32s", line.label);
        for (const auto& r : rows)
        {
            char cell[64];
            if (std::string(line.fmt) == "%s")
            {
                std::snprintf(cell, sizeof(cell), "%s", r.GetText(line.key).c_str());
            }
            else
            {
                double v = r.GetNumber(line.key);
                if (!std::isfinite(v))
                {
                    std::snprintf(cell, sizeof(cell), "inf");
                }
                else
                {
                    std::snprintf(cell, sizeof(cell), line.fmt, v);
                }
            }
            std::fprintf(out, " %22s", cell);
        }
        std::fprintf(out, "\n");
    }
}

std::string
ComparisonJson(const std::vector<ResultRow>& rows)
{
    std::string json = "{\"comparison\":[";
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        json += (i ? "," : "") + rows[i].ToJson();
    }
    return json + "]}";
}

std::string
RowsCsv(const std::vector<ResultRow>& rows)
{
    std::string csv = rows.empty() ? "" : rows.front().CsvHeader() + "\n";
    for (const auto& r : rows)
    {
        csv += r.CsvLine() + "\n";
    }
    return csv;
}

namespace
{

/// The replay's simulator line: CPU time, packet-hops, drops, conservation (finished or not).
void
PrintSimulatorLine(std::FILE* out, const ReplayResult& r)
{
    std::fprintf(
        out,
        "    simulator: %.2f s CPU, %llu packet-hops, drops %llu, packet conservation %s\n",
        r.cpuSeconds,
        static_cast<unsigned long long>(r.stats.packetHops),
        static_cast<unsigned long long>(r.stats.TotalDrops()),
        r.stats.Verdict().c_str());
}

} // namespace

std::string
PrintTrainingReport(std::FILE* out,
                    const TrainingWorkload& workload,
                    const std::string& shape,
                    const FabricProfile& profile,
                    const std::vector<ReplayResult>& replays,
                    bool* ok)
{
    uint32_t jobGpus = workload.layout.World();
    std::string layoutText = workload.layoutText;
    if (layoutText.empty())
    {
        layoutText = "tp=" + std::to_string(workload.layout.tp)
                   + " dp=" + std::to_string(workload.layout.dp)
                   + " pp=" + std::to_string(workload.layout.pp)
                   + " ep=" + std::to_string(workload.layout.ep);
    }
    std::fprintf(out,
                 "fabric training-step: %s (%u GPUs: %s; %u iterations; %s), "
                 "%s, profile %s (%s)\n",
                 workload.source.c_str(),
                 jobGpus,
                 layoutText.c_str(),
                 workload.iterations,
                 workload.Summary().c_str(),
                 shape.c_str(),
                 profile.name.c_str(),
                 profile.Describe().c_str());
    std::fprintf(out, "  %-34s", "GPU mix");
    for (const auto& r : replays)
    {
        std::fprintf(out, " %18s", r.mix.c_str());
    }
    std::fprintf(out, "\n");
    auto row = [&replays, out](const char* label, auto value) {
        std::fprintf(out, "  %-34s", label);
        for (const auto& r : replays)
        {
            if (!r.report.completed)
            {
                std::fprintf(out, " %18s", "stuck");
                continue;
            }
            std::fprintf(out, " %18.1f", value(r.report));
        }
        std::fprintf(out, "\n");
    };
    row("step time (us)", [](const TrainingReport& t) {
        return t.stepUs;
    });
    row("compute per GPU (us)", [](const TrainingReport& t) {
        return t.all.computeUs;
    });
    row("communication per GPU (us)", [](const TrainingReport& t) {
        return t.all.commUs;
    });
    row("exposed communication (us)", [](const TrainingReport& t) {
        return t.all.exposedUs;
    });
    row("GPU utilization (%)", [](const TrainingReport& t) {
        return 100 * t.all.utilization;
    });
    *ok = true;
    std::string json;
    for (const auto& r : replays)
    {
        std::fprintf(out, "  %s:", r.mix.c_str());
        if (!r.report.completed)
        {
            std::fprintf(out, " did not finish; waiting:\n");
            for (const auto& w : r.report.waiting)
            {
                std::fprintf(out, "    %s\n", w.c_str());
            }
            PrintSimulatorLine(out, r);
            *ok = false;
            continue;
        }
        std::fprintf(out, " steps (us)");
        for (double s : r.report.stepTimesUs)
        {
            std::fprintf(out, " %.1f", s);
        }
        std::fprintf(out, "\n");
        for (const auto& g : r.report.perType)
        {
            std::fprintf(out,
                         "    %-6s %5u GPUs: compute %.1f us, communication %.1f us, exposed "
                         "%.1f us, utilization %.1f %%\n",
                         g.type.c_str(),
                         g.gpus,
                         g.computeUs,
                         g.commUs,
                         g.exposedUs,
                         100 * g.utilization);
        }
        PrintSimulatorLine(out, r);
        *ok = *ok && r.stats.Balanced();
        char line[1024];
        std::snprintf(line,
                      sizeof(line),
                      "{\"training\":{\"trace\":\"%s\",\"profile\":\"%s\",\"gpu_mix\":\"%s\","
                      "\"gpus\":%u,\"iterations\":%u,\"step_us\":%.3f,\"compute_us\":%.3f,"
                      "\"comm_us\":%.3f,\"exposed_comm_us\":%.3f,\"gpu_utilization_pct\":%.3f,"
                      "\"cpu_s\":%.3f,\"packet_hops\":%llu,\"conserved\":%s}}",
                      workload.source.c_str(),
                      profile.name.c_str(),
                      r.mix.c_str(),
                      jobGpus,
                      workload.iterations,
                      r.report.stepUs,
                      r.report.all.computeUs,
                      r.report.all.commUs,
                      r.report.all.exposedUs,
                      100 * r.report.all.utilization,
                      r.cpuSeconds,
                      static_cast<unsigned long long>(r.stats.packetHops),
                      r.stats.Balanced() ? "true" : "false");
        std::fprintf(out, "%s\n", line);
        json += std::string(line) + "\n";
    }
    return json;
}

void
PrintJobsHeader(std::FILE* out, const JobsSetup& setup, const std::vector<CollectiveJob>& jobs)
{
    const TopologySpec& spec = setup.topology;
    std::fprintf(out,
                 "# fabric multi-job: %u GPUs (colossus, %u arrays, %u tiers), placement %s, "
                 "seed %u, %u warm-up + %u measured iterations per job\n",
                 spec.gpus,
                 spec.gpus / 512,
                 spec.tiers,
                 setup.placement.c_str(),
                 setup.seed,
                 setup.warmup,
                 setup.iters);
    for (const auto& j : jobs)
    {
        std::set<uint32_t> servers;
        std::set<uint32_t> racks;
        for (uint32_t g : j.comm.Gpus())
        {
            servers.insert(g / spec.gpusPerServer);
            racks.insert(g / spec.gpusPerServer / 8);
        }
        std::string what = j.training ? "training step of " + j.training->source
                                      : CollectiveOpName(j.algorithm->GetOp()) + " ("
                                            + j.algorithm->GetName() + ")  " + FormatBytes(j.bytes);
        std::fprintf(out,
                     "#   job %-8s %5u GPUs (%zu servers in %zu racks)  %s\n",
                     j.name.c_str(),
                     j.comm.Size(),
                     servers.size(),
                     racks.size(),
                     what.c_str());
    }
}

void
PrintJobsProfileHeader(std::FILE* out, const FabricProfile& profile)
{
    std::fprintf(out, "#\n# profile %s = %s\n", profile.name.c_str(), profile.Describe().c_str());
    std::fprintf(out,
                 "# %-8s %10s %8s %7s | %10s %8s %7s | %8s %5s\n",
                 "job",
                 "alone (us)",
                 "busbw",
                 "% ceil",
                 "shared(us)",
                 "busbw",
                 "% ceil",
                 "slowdown",
                 "extra");
    std::fflush(out);
}

std::string
PrintJobsProfile(std::FILE* out,
                 const JobsSetup& setup,
                 const FabricProfile& profile,
                 const std::vector<CollectiveJob>& jobs,
                 const SharedRun& run,
                 bool* ok)
{
    const FabricStats& shared = run.shared;
    double bgGbps = run.background.GbpsPerHostNic();
    *ok = run.aloneConserved && shared.Conserved();
    std::string json;
    for (std::size_t j = 0; j < jobs.size(); ++j)
    {
        const CollectiveResult& a = run.alone[j].result;
        const CollectiveResult& s = run.together[j].result;
        bool done = a.completed && s.completed;
        *ok = *ok && done;
        double slowdown = done ? s.timeUs / a.timeUs : 0;
        std::fprintf(out,
                     "  %-8s %10.1f %8.2f %7.1f | %10.1f %8.2f %7.1f | %8.3f %5u%s\n",
                     jobs[j].name.c_str(),
                     a.timeUs,
                     a.busbwGBps,
                     a.CeilingPct(),
                     s.timeUs,
                     s.busbwGBps,
                     s.CeilingPct(),
                     slowdown,
                     run.together[j].extra,
                     done ? "" : "  (did not finish within --timeLimit)");
        char line[4096];
        std::snprintf(line,
                      sizeof(line),
                      "{\"job\":{\"profile\":\"%s\",\"name\":\"%s\",\"gpus\":%u,\"op\":\"%s\","
                      "\"algo\":\"%s\",\"size_B\":%llu,\"placement\":\"%s\",\"seed\":%u,"
                      "\"warmup\":%u,\"iters\":%u,\"completed\":%s,\"alone_time_us\":%.3f,"
                      "\"alone_busbw_GBps\":%.4f,\"alone_ceiling_pct\":%.3f,"
                      "\"shared_time_us\":%.3f,\"shared_busbw_GBps\":%.4f,"
                      "\"shared_ceiling_pct\":%.3f,\"slowdown\":%.4f,\"extra_iterations\":%u,"
                      "\"shared_ecn_marks\":%llu,\"shared_cnps\":%llu,\"shared_drops\":%llu,"
                      "\"background_size_B\":%llu,\"background_Gbps_per_host_nic\":%.3f,"
                      "\"conserved\":%s}}\n",
                      profile.name.c_str(),
                      jobs[j].name.c_str(),
                      jobs[j].comm.Size(),
                      s.op.c_str(),
                      s.algorithm.c_str(),
                      static_cast<unsigned long long>(jobs[j].bytes),
                      setup.placement.c_str(),
                      setup.seed,
                      setup.warmup,
                      setup.iters,
                      done ? "true" : "false",
                      a.timeUs,
                      a.busbwGBps,
                      a.CeilingPct(),
                      s.timeUs,
                      s.busbwGBps,
                      s.CeilingPct(),
                      slowdown,
                      run.together[j].extra,
                      static_cast<unsigned long long>(shared.ecnMarked),
                      static_cast<unsigned long long>(shared.cnpsSent),
                      static_cast<unsigned long long>(shared.TotalDrops()),
                      static_cast<unsigned long long>(setup.backgroundBytes),
                      bgGbps,
                      shared.Conserved() ? "true" : "false");
        json += line;
        if (!s.completed)
        {
            for (const auto& w : s.waiting)
            {
                std::fprintf(out, "#   %s\n", w.c_str());
            }
        }
    }
    if (setup.backgroundBytes > 0)
    {
        std::fprintf(out,
                     "# background: %u host NICs, %s messages in a random cycle: %llu "
                     "acknowledged, %.1f Gb/s per host NIC until %.1f us\n",
                     setup.topology.NumServers(),
                     FormatBytes(setup.backgroundBytes).c_str(),
                     static_cast<unsigned long long>(run.background.messages),
                     bgGbps,
                     run.background.end.GetMicroSeconds() * 1.0);
    }
    std::fprintf(out,
                 "# shared run: %llu ECN marks, %llu CNPs, %llu drops, buffer peak %.1f MiB, "
                 "packet conservation %s\n",
                 static_cast<unsigned long long>(shared.ecnMarked),
                 static_cast<unsigned long long>(shared.cnpsSent),
                 static_cast<unsigned long long>(shared.TotalDrops()),
                 shared.bufferPeakBytes / 1048576.0,
                 shared.Verdict().c_str());
    std::fflush(out);
    return json;
}

} // namespace fabric
} // namespace ns3
