/*
 * fabric-plot: every figure type renders to PNG and SVG from small result files written here;
 * bad input gives one error line and exit status 2; the data helpers parse units and average
 * repeated points.
 */
#include "plots/plot-data.h"
#include "yaml-test-util.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace fabric_test;
using namespace fabric_plot;

namespace
{

/// A PNG starts with \x89PNG, an SVG has an <svg element.
void
ExpectImage(const std::string& path)
{
    std::string data = ReadText(path);
    ASSERT_GT(data.size(), 1000u) << path;
    if (path.substr(path.size() - 4) == ".png")
    {
        EXPECT_EQ(data.substr(0, 4), "\x89PNG") << path;
    }
    else
    {
        EXPECT_NE(data.find("<svg"), std::string::npos) << path;
    }
}

class PlotFigures : public ::testing::Test
{
protected:
    void SetUp() override
    {
        WriteText(dir / "results.csv",
                  "point,point_id,profile,size,seed,effective_throughput_pct,busbw_GBps\n"
                  "0,a0,standard,256KiB,1,38,10\n"
                  "1,a1,standard,256KiB,2,40,11\n"
                  "2,a2,standard,1MiB,1,47,12\n"
                  "3,a3,spectrum-x,256KiB,1,55,20\n"
                  "4,a4,spectrum-x,1MiB,1,72,30\n"
                  "5,a5,spectrum-x,1MiB,2,\"72\",30\n");
        std::string flows = "src,dst,bytes,fct_us\n";
        for (int i = 0; i < 50; ++i)
        {
            flows += std::to_string(i) + "," + std::to_string(i + 1) + ",1048576,"
                   + std::to_string(40 + i * 2) + "\n";
        }
        WriteText(dir / "a2-flows.csv", flows);
        WriteText(dir / "a4-flows.csv", flows);
        std::string links = "tier,switch,port,name,peer,rate_Gbps,tx_bytes,util_pct,"
                            "queue_peak_B,queue_mean_B\n";
        for (int l = 0; l < 4; ++l)
        {
            for (int p = 0; p < 8; ++p)
            {
                links += "leaf,leaf" + std::to_string(l) + "," + std::to_string(p) + ",x,y,400,1,"
                       + std::to_string((l * 8 + p) * 3) + ",0,0\n";
            }
        }
        for (int s = 0; s < 4; ++s)
        {
            for (int p = 0; p < 4; ++p)
            {
                links += "spine,spine" + std::to_string(s) + "," + std::to_string(p) + ",x,y,400,1,"
                       + std::to_string(90 - p * 10) + ",0,0\n";
            }
        }
        WriteText(dir / "links.csv", links);
        std::string queues = "time_us,port,queue_B\n";
        for (int t = 0; t < 40; ++t)
        {
            queues += std::to_string(t * 2) + ",leaf0:4,"
                    + std::to_string(t < 20 ? t * 50000 : (40 - t) * 50000) + "\n";
            queues += std::to_string(t * 2) + ",spine1:2," + std::to_string(t * 1000) + "\n";
        }
        WriteText(dir / "queues.csv", queues);
    }

    RunResult Plot(const std::string& args) { return RunCommand(PlotProgram() + " " + args); }

    ScratchDir dir {"plots"};
};

TEST_F(PlotFigures, EveryFigureRendersToPngAndSvg)
{
    for (const std::string ext : {".png", ".svg"})
    {
        SCOPED_TRACE(ext);
        RunResult lines
            = Plot("lines --out " + Sh(dir / ("lines" + ext))
                   + " --x size --y busbw_GBps --by profile " + Sh(dir / "results.csv"));
        EXPECT_EQ(lines.status, 0) << lines.output;
        ExpectImage(dir / ("lines" + ext));
        RunResult bars
            = Plot("bars --out " + Sh(dir / ("bars" + ext))
                   + " --column effective_throughput_pct --label profile --where size=1MiB"
                     " --hline '95:claim' "
                   + Sh(dir / "results.csv"));
        EXPECT_EQ(bars.status, 0) << bars.output;
        ExpectImage(dir / ("bars" + ext));
        RunResult cdf = Plot("fct-cdf --out " + Sh(dir / ("cdf" + ext))
                             + " A=" + Sh(dir / "a2-flows.csv") + " B=" + Sh(dir / "a4-flows.csv"));
        EXPECT_EQ(cdf.status, 0) << cdf.output;
        ExpectImage(dir / ("cdf" + ext));
        RunResult heat = Plot("heatmap --out " + Sh(dir / ("heat" + ext)) + " --title T A="
                              + Sh(dir / "links.csv") + " B=" + Sh(dir / "links.csv"));
        EXPECT_EQ(heat.status, 0) << heat.output;
        ExpectImage(dir / ("heat" + ext));
        RunResult q = Plot("queues --out " + Sh(dir / ("queues" + ext))
                           + " --ports leaf0:4 A=" + Sh(dir / "queues.csv"));
        EXPECT_EQ(q.status, 0) << q.output;
        ExpectImage(dir / ("queues" + ext));
    }
}

TEST_F(PlotFigures, SweepDirectoryGivesTheStandardSet)
{
    std::filesystem::create_directories(dir / "sweep/points");
    std::filesystem::copy_file(dir / "results.csv", dir / "sweep/results.csv");
    for (const char* id : {"a2", "a4"})
    {
        std::filesystem::copy_file(dir / "a2-flows.csv",
                                   dir / ("sweep/points/" + std::string(id) + "-flows.csv"));
        std::filesystem::copy_file(dir / "links.csv",
                                   dir / ("sweep/points/" + std::string(id) + "-links.csv"));
        std::filesystem::copy_file(dir / "queues.csv",
                                   dir / ("sweep/points/" + std::string(id) + "-queues.csv"));
    }
    RunResult r = Plot("sweep " + Sh(dir / "sweep"));
    EXPECT_EQ(r.status, 0) << r.output;
    for (const char* f :
         {"throughput-vs-size", "effective-throughput", "fct-cdf", "link-util", "queues"})
    {
        ExpectImage(dir / ("sweep/plots/" + std::string(f) + ".png"));
        ExpectImage(dir / ("sweep/plots/" + std::string(f) + ".svg"));
    }
}

TEST_F(PlotFigures, SweepGroupsByEveryAxisThatVaries)
{
    // An ablation: two axes, two seeds each; profile fixed. Every (routing, cc) is its own bar;
    // the seeds are averaged.
    std::filesystem::create_directories(dir / "ablation/points");
    WriteText(dir / "ablation/results.csv",
              "point,point_id,routing,cc,seed,profile,job_ceiling_pct\n"
              "0,b0,ecmp,dcqcn,1,spectrum-x,8\n"
              "1,b1,ecmp,dcqcn,2,spectrum-x,9\n"
              "2,b2,ecmp,telemetry,1,spectrum-x,15\n"
              "3,b3,ecmp,telemetry,2,spectrum-x,16\n"
              "4,b4,adaptive,dcqcn,1,spectrum-x,80\n"
              "5,b5,adaptive,dcqcn,2,spectrum-x,82\n"
              "6,b6,adaptive,telemetry,1,spectrum-x,78\n"
              "7,b7,adaptive,telemetry,2,spectrum-x,79\n");
    RunResult r = Plot("sweep " + Sh(dir / "ablation"));
    EXPECT_EQ(r.status, 0) << r.output;
    std::string svg = ReadText(dir / "ablation/plots/effective-throughput.svg");
    for (const char* bar : {"ecmp/dcqcn", "ecmp/telemetry", "adaptive/dcqcn", "adaptive/telemetry"})
    {
        EXPECT_NE(svg.find(std::string(">") + bar + "<"), std::string::npos) << bar;
    }
    EXPECT_NE(svg.find("routing/cc"), std::string::npos);
    EXPECT_NE(svg.find("physical ceiling"), std::string::npos);
    // The mean of the two seeds of adaptive/dcqcn, as the bar's label.
    EXPECT_NE(svg.find(">81.0<"), std::string::npos);
    // One axis chosen by hand: two bars.
    RunResult one = Plot("sweep " + Sh(dir / "ablation") + " --by routing");
    EXPECT_EQ(one.status, 0) << one.output;
    svg = ReadText(dir / "ablation/plots/effective-throughput.svg");
    EXPECT_EQ(svg.find(">ecmp/dcqcn<"), std::string::npos);
    EXPECT_NE(svg.find(">adaptive<"), std::string::npos);
    RunResult bad = Plot("sweep " + Sh(dir / "ablation") + " --by routing,colour");
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find("no column 'colour'"), std::string::npos) << bad.output;
}

TEST_F(PlotFigures, CollectiveSweepGivesBusbwVsSize)
{
    // A collective sweep: one row per (point, size), nccl-tests' busbw as the figure.
    std::filesystem::create_directories(dir / "coll/points");
    std::string csv = "point,point_id,profile,op,gpus,bytes,busbw_GBps\n";
    const char* ids[] = {"c0", "c1"};
    for (int p = 0; p < 2; ++p)
    {
        for (int k = 0; k < 4; ++k)
        {
            csv += std::to_string(p) + "," + ids[p] + "," + (p ? "spectrum-x" : "standard")
                 + ",all-reduce,16," + std::to_string(65536 << (2 * k)) + ","
                 + std::to_string(p ? 10 * (k + 1) : 7 * (k + 1)) + "\n";
        }
    }
    WriteText(dir / "coll/results.csv", csv);
    RunResult r = Plot("sweep " + Sh(dir / "coll"));
    EXPECT_EQ(r.status, 0) << r.output;
    ExpectImage(dir / "coll/plots/busbw-vs-size.png");
    std::string svg = ReadText(dir / "coll/plots/busbw-vs-size.svg");
    EXPECT_NE(svg.find("Bus bandwidth vs message size, all-reduce, 16 GPUs"), std::string::npos);
    EXPECT_NE(svg.find(">standard<"), std::string::npos);
    EXPECT_NE(svg.find(">spectrum-x<"), std::string::npos);
    EXPECT_NE(svg.find("4MiB"), std::string::npos) << "sizes as axis labels";
    // The bars: each profile at the largest size.
    svg = ReadText(dir / "coll/plots/effective-throughput.svg");
    EXPECT_NE(svg.find(">40.0<"), std::string::npos);
    EXPECT_NE(svg.find(">28.0<"), std::string::npos);
}

TEST_F(PlotFigures, CcTimelineDrawsRateOrAlphaPerQueuePair)
{
    // Two QPs cut at 20 us (one identical to a third), one panel per run.
    std::string csv = "time_us,qp,gpu,qpn,cc,rate_Gbps,window_B,inflight_B,alpha,util\n";
    for (int t = 0; t < 50; ++t)
    {
        for (const char* qp : {"1:2", "2:2", "3:2"})
        {
            double rate = t < 20 ? 400 : (qp[0] == '3' ? 100 : 200);
            csv += std::to_string(t) + "," + qp + ",0,2,dcqcn," + std::to_string(rate) + ",0,4096,"
                 + (t < 20 ? "1.0" : "0.9") + ",\n";
        }
    }
    WriteText(dir / "cc.csv", csv);
    RunResult r = Plot("cc --out " + Sh(dir / "cc.svg") + " A=" + Sh(dir / "cc.csv")
                       + " B=" + Sh(dir / "cc.csv"));
    EXPECT_EQ(r.status, 0) << r.output;
    std::string svg = ReadText(dir / "cc.svg");
    EXPECT_NE(svg.find("sending rate (Gb/s)"), std::string::npos);
    EXPECT_NE(svg.find("1:2 (+1 identical)"), std::string::npos);
    EXPECT_NE(svg.find(">3:2<"), std::string::npos);
    RunResult a = Plot("cc --y alpha --qps 3:2 --out " + Sh(dir / "alpha.png")
                       + " A=" + Sh(dir / "cc.csv"));
    EXPECT_EQ(a.status, 0) << a.output;
    ExpectImage(dir / "alpha.png");
    RunResult bad = Plot("cc --y colour --out " + Sh(dir / "x.png") + " A=" + Sh(dir / "cc.csv"));
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.output.find("needs columns time_us, qp and colour"), std::string::npos)
        << bad.output;
}

TEST_F(PlotFigures, QueuesMergeIdenticalPortsAndKeepEightColours)
{
    // 8 ports with one trajectory (an incast's senders), 12 distinct ramps.
    std::string q = "time_us,port,queue_B\n";
    for (int t = 0; t < 20; ++t)
    {
        for (int p = 0; p < 8; ++p)
        {
            q += std::to_string(t) + ",leaf0:" + std::to_string(p) + "," + std::to_string(t * 100)
               + "\n";
        }
        for (int p = 0; p < 12; ++p)
        {
            q += std::to_string(t) + ",spine" + std::to_string(p) + ":1,"
               + std::to_string(t * 1000 * (p + 1)) + "\n";
        }
    }
    WriteText(dir / "many-queues.csv", q);
    RunResult r = Plot("queues --out " + Sh(dir / "many.svg") + " A=" + Sh(dir / "many-queues.csv")
                       + " B=" + Sh(dir / "many-queues.csv"));
    EXPECT_EQ(r.status, 0) << r.output;
    std::string svg = ReadText(dir / "many.svg");
    // 13 distinct trajectories: the 8 deepest are spine11..spine4; the merged leaf line is the
    // shallowest and is left out, and the title says so.
    EXPECT_NE(svg.find("the 8 deepest of 13 queues"), std::string::npos);
    EXPECT_NE(svg.find(">spine11:1<"), std::string::npos);
    EXPECT_EQ(svg.find(">spine3:1<"), std::string::npos);
    // Fewer distinct lines than colours: the identical ports are one line.
    RunResult few
        = Plot("queues --out " + Sh(dir / "few.svg") + " --ports "
               + "leaf0:0,leaf0:1,leaf0:2,leaf0:3,leaf0:4,leaf0:5,leaf0:6,leaf0:7,spine0:1 A="
               + Sh(dir / "many-queues.csv"));
    EXPECT_EQ(few.status, 0) << few.output;
    svg = ReadText(dir / "few.svg");
    EXPECT_NE(svg.find("leaf0:0 (+7 identical)"), std::string::npos);
    EXPECT_EQ(svg.find(">leaf0:1<"), std::string::npos);
}

TEST_F(PlotFigures, BadInputIsOneErrorAndStatus2)
{
    struct Case
    {
        std::string args;
        std::string message;
    };

    WriteText(dir / "ragged.csv", "a,b\n1,2\n3\n");
    for (const Case& c :
         {Case {"lines --out " + Sh(dir / "x.png") + " --x size --y nope "
                    + Sh(dir / "results.csv"),
                "no column 'nope'"},
          Case {"bars --out " + Sh(dir / "x.png") + " --column a " + Sh(dir / "missing.csv"),
                "cannot open"},
          Case {"lines --out " + Sh(dir / "x.png") + " --x a --y b " + Sh(dir / "ragged.csv"),
                "ragged.csv:3: expected 2 cells, found 1"},
          Case {"heatmap --out " + Sh(dir / "x.gif") + " " + Sh(dir / "links.csv"),
                "must end in .png or .svg"},
          Case {"queues --out " + Sh(dir / "x.png") + " " + Sh(dir / "results.csv"),
                "needs columns time_us, port and queue_B"},
          Case {"lines --out " + Sh(dir / "x.png") + " --where nonsense --x size --y seed "
                    + Sh(dir / "results.csv"),
                "expected COL=VALUE"},
          Case {"fct-cdf --out " + Sh(dir / "x.png") + " --colour red " + Sh(dir / "a2-flows.csv"),
                "unknown option --colour"},
          Case {"pie --out " + Sh(dir / "x.png") + " " + Sh(dir / "results.csv"),
                "unknown figure 'pie'"}})
    {
        RunResult r = Plot(c.args);
        EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
        EXPECT_EQ(CountLines(r.output, "error:"), 1) << r.output;
    }
}

TEST(PlotData, QuantitiesWithUnits)
{
    double v = 0;
    ASSERT_TRUE(ParseQuantity("2MiB", &v));
    EXPECT_EQ(v, 2097152);
    ASSERT_TRUE(ParseQuantity("4KB", &v));
    EXPECT_EQ(v, 4000);
    ASSERT_TRUE(ParseQuantity("12.5", &v));
    EXPECT_EQ(v, 12.5);
    ASSERT_TRUE(ParseQuantity("3ms", &v));
    EXPECT_EQ(v, 3000) << "times in microseconds";
    EXPECT_FALSE(ParseQuantity("null", &v));
    EXPECT_FALSE(ParseQuantity("2 apples", &v));
    EXPECT_EQ(SizeLabel(262144), "256KiB");
    EXPECT_EQ(SizeLabel(1572864), "1.5MiB");
    EXPECT_EQ(SizeLabel(1000), "1000B");
}

TEST(PlotData, RepeatedPointsAreAveraged)
{
    Csv csv;
    csv.path = "t.csv";
    csv.columns = {"profile", "size", "tput"};
    csv.rows = {{"a", "1MiB", "10"}, {"a", "1MiB", "20"}, {"a", "2MiB", "30"}, {"b", "1MiB", "5"}};
    std::string error;
    auto series = Aggregate(csv, Select(csv, {}), "size", "tput", "profile", &error);
    ASSERT_EQ(series.size(), 2u);
    EXPECT_EQ(series[0].first, "a");
    ASSERT_EQ(series[0].second.size(), 2u);
    EXPECT_EQ(series[0].second[0].first, 1048576);
    EXPECT_DOUBLE_EQ(series[0].second[0].second.mean, 15);
    EXPECT_DOUBLE_EQ(series[0].second[0].second.min, 10);
    EXPECT_DOUBLE_EQ(series[0].second[0].second.max, 20);
    EXPECT_EQ(series[0].second[0].second.n, 2);
    auto only = Select(csv, {{"profile", "b"}});
    ASSERT_EQ(only.size(), 1u);
    EXPECT_EQ((*only[0])[2], "5");
    std::vector<std::pair<std::string, std::string>> where;
    EXPECT_TRUE(ParseWhere("size=1MiB,profile=a", &where));
    EXPECT_EQ(where.size(), 2u);
    EXPECT_FALSE(ParseWhere("size", &where));
}

} // namespace
