/*
 * fabric-plot: figures from fabric result files (gnuplot through gnuplot-iostream).
 *
 *   fabric-plot lines --out F --x COL --y COL [--by COL] [--where C=V,..] [--logx]
 *                     [--hline Y:LABEL]... results.csv
 *       Y against X, one line per variant (e.g. throughput or busbw vs message size per
 *       profile); repeated points (seeds) are averaged, with min-max error bars.
 *   fabric-plot bars --out F --column COL [--label COL] [--where C=V,..] [--hline Y:LABEL]...
 *                    summary.csv
 *       One bar per label (rows with the same label averaged), e.g. effective throughput of
 *       standard vs spectrum-x.
 *   fabric-plot fct-cdf --out F [--logx] LABEL=flows.csv ...
 *       CDF of flow completion times (column fct_us) of one or more runs.
 *   fabric-plot heatmap --out F [--value util_pct] LABEL=links.csv ...
 *       Per-port utilization, rows = switches grouped by tier, columns = port; one panel per
 *       input (LinkMonitor::UtilizationCsv files).
 *   fabric-plot queues --out F [--ports P,..] LABEL=queues.csv ...
 *       Queue depth over time of the chosen ports, one panel per input (same scales).
 *   fabric-plot sweep DIR [--by COL] [--x COL] [--y COL] [--at X]
 *       The standard set from a fabric-sweep directory into DIR/plots/ (PNG and SVG).
 *
 * Common options: --title T, --xlabel X, --ylabel Y. The output format follows the file name:
 * .png (pngcairo) or .svg. Bad input: one "fabric-plot: error:" line, exit status 2.
 */
#include "plot-data.h"

#include <gnuplot-iostream.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#ifndef FABRIC_PLOT_DIR
#    define FABRIC_PLOT_DIR "plots"
#endif

using namespace fabric_plot;

namespace
{

/**
 * @return the folder of the gnuplot templates: $FABRIC_PLOT_DIR if set; else share/fabric/plots
 * beside the installed program (PREFIX/bin/fabric-plot -> PREFIX/share/fabric/plots); else the
 * source tree's plots/ (a build tree).
 */
std::string
PlotDir()
{
    static const std::string dir = [] {
        if (const char* env = std::getenv("FABRIC_PLOT_DIR"); env && *env)
        {
            return std::string(env);
        }
        std::error_code ec;
        auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
        if (!ec)
        {
            auto installed = self.parent_path().parent_path() / "share" / "fabric" / "plots";
            if (std::filesystem::exists(installed / "fabric.gp", ec))
            {
                return installed.string();
            }
        }
        return std::string(FABRIC_PLOT_DIR);
    }();
    return dir;
}

/// Command-line options: repeated options keep every value.
struct Options
{
    std::multimap<std::string, std::string> values; //!< --name value
    std::set<std::string> flags;                    //!< --name (no value)
    std::vector<std::string> inputs;                //!< positional arguments

    /// @return the last value of @p name, or @p def
    std::string Get(const std::string& name, const std::string& def = "") const
    {
        auto range = values.equal_range(name);
        std::string v = def;
        for (auto it = range.first; it != range.second; ++it)
        {
            v = it->second;
        }
        return v;
    }

    /// @return every value of @p name
    std::vector<std::string> All(const std::string& name) const
    {
        std::vector<std::string> v;
        auto range = values.equal_range(name);
        for (auto it = range.first; it != range.second; ++it)
        {
            v.push_back(it->second);
        }
        return v;
    }

    bool Flag(const std::string& name) const { return flags.count(name) > 0; }
};

/// A user error: printed as one line, exit status 2.
struct PlotError
{
    std::string message; //!< what is wrong
};

std::string
Quote(const std::string& s)
{
    std::string q = "\"";
    for (char c : s)
    {
        if (c == '"' || c == '\\')
        {
            q += '\\';
        }
        q += c == '_' ? std::string("\\\\_") : std::string(1, c);
    }
    return q + "\"";
}

/// A file name for gnuplot: single quotes, no escapes.
std::string
QuotePath(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
    {
        q += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return q + "'";
}

bool
EndsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size()
        && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Terminal setup for the output file's extension; @p height scales the canvas.
std::string
Terminal(const std::string& out, double height = 1.0)
{
    int w = 1200;
    int h = static_cast<int>(750 * height);
    if (EndsWith(out, ".svg"))
    {
        return "set terminal svg size " + std::to_string(w) + "," + std::to_string(h)
             + " dynamic enhanced font 'Sans,14' background '#ffffff'\n";
    }
    if (!EndsWith(out, ".png"))
    {
        throw PlotError {"--out " + out + ": the name must end in .png or .svg"};
    }
    return "set terminal pngcairo size " + std::to_string(w) + "," + std::to_string(h)
         + " enhanced font 'Sans,14' background '#ffffff'\n";
}

/// Start a figure: terminal, output, the common style and the figure's template.
void
Begin(Gnuplot& gp,
      const std::string& out,
      const std::string& figure,
      const Options& o,
      double height = 1.0)
{
    gp << Terminal(out, height);
    gp << "set output " << QuotePath(out) << "\n";
    gp << "load " << QuotePath(PlotDir() + "/fabric.gp") << "\n";
    gp << "load " << QuotePath(PlotDir() + "/" + figure + ".gp") << "\n";
    if (!o.Get("title").empty())
    {
        gp << "set title " << Quote(o.Get("title")) << "\n";
    }
    if (!o.Get("xlabel").empty())
    {
        gp << "set xlabel " << Quote(o.Get("xlabel")) << "\n";
    }
    if (!o.Get("ylabel").empty())
    {
        gp << "set ylabel " << Quote(o.Get("ylabel")) << "\n";
    }
}

/// Horizontal reference lines "--hline 95:Spectrum-X claim".
void
HLines(Gnuplot& gp, const Options& o)
{
    int n = 0;
    for (const auto& h : o.All("hline"))
    {
        auto colon = h.find(':');
        double y = 0;
        if (!ParseQuantity(h.substr(0, colon), &y))
        {
            throw PlotError {"--hline " + h + ": expected Y or Y:LABEL, e.g. 95:claim"};
        }
        std::string label = colon == std::string::npos ? "" : h.substr(colon + 1);
        gp << "set arrow " << 100 + n << " from graph 0, first " << y << " to graph 1, first " << y
           << " nohead dt 2 lw 1.5 lc rgb '#555555' front\n";
        if (!label.empty())
        {
            gp << "set label " << 100 + n << " " << Quote(label) << " at graph 0.99, first " << y
               << " right offset 0,0.6 textcolor rgb '#444444' font ',12' front\n";
        }
        ++n;
    }
}

Csv
Load(const std::string& path)
{
    Csv csv;
    std::string error;
    if (!ReadCsv(path, &csv, &error))
    {
        throw PlotError {error};
    }
    return csv;
}

std::vector<std::pair<std::string, std::string>>
Where(const Options& o)
{
    std::vector<std::pair<std::string, std::string>> where;
    if (!o.Get("where").empty() && !ParseWhere(o.Get("where"), &where))
    {
        throw PlotError {"--where " + o.Get("where") + ": expected COL=VALUE[,COL=VALUE]"};
    }
    return where;
}

/// LABEL=path or path (label = file name).
std::pair<std::string, std::string>
LabelAndPath(const std::string& arg)
{
    auto eq = arg.find('=');
    if (eq == std::string::npos)
    {
        auto slash = arg.rfind('/');
        return {slash == std::string::npos ? arg : arg.substr(slash + 1), arg};
    }
    return {arg.substr(0, eq), arg.substr(eq + 1)};
}

/// Wait for gnuplot and check that it wrote @p out. (A plot that throws before this frees its
/// Gnuplot through the unique_ptr.)
void
Finish(std::unique_ptr<Gnuplot> gp, const std::string& out)
{
    *gp << "unset output\n";
    gp->flush();
    gp.reset(); // closes the pipe and waits for gnuplot
    struct stat st;
    if (stat(out.c_str(), &st) != 0 || st.st_size == 0)
    {
        throw PlotError {"gnuplot did not write " + out + " (see its message above)"};
    }
}

// ---------------------------------------------------------------------------------------------

void
Lines(const Options& o, const std::string& out)
{
    if (o.inputs.size() != 1 || o.Get("x").empty() || o.Get("y").empty())
    {
        throw PlotError {"lines needs --x COL --y COL and one CSV file"};
    }
    Csv csv = Load(o.inputs[0]);
    if (std::string missing = csv.Group(o.Get("by")); !missing.empty())
    {
        throw PlotError {o.inputs[0] + ": no column '" + missing + "' (--by)"};
    }
    std::string error;
    auto series
        = Aggregate(csv, Select(csv, Where(o)), o.Get("x"), o.Get("y"), o.Get("by"), &error);
    if (series.empty())
    {
        throw PlotError {error};
    }
    // Size-like x: log2 axis labelled 256KiB, 1MiB ...
    int xc = csv.Column(o.Get("x"));
    bool sizeX = o.Get("x") == "bytes" || o.Get("x") == "size" || EndsWith(o.Get("x"), "_B");
    for (const auto& row : csv.rows)
    {
        const std::string& c = row[xc];
        sizeX = sizeX || EndsWith(c, "B") || EndsWith(c, "iB");
    }
    std::set<double> xs;
    bool errorBars = false;
    for (const auto& [name, s] : series)
    {
        for (const auto& [x, st] : s)
        {
            xs.insert(x);
            errorBars = errorBars || st.n > 1;
        }
    }
    auto gp = std::make_unique<Gnuplot>();
    Begin(*gp, out, "lines", o);
    if (o.Get("xlabel").empty())
    {
        *gp << "set xlabel " << Quote(sizeX ? "message size" : o.Get("x")) << "\n";
    }
    if (o.Get("ylabel").empty())
    {
        *gp << "set ylabel " << Quote(o.Get("y")) << "\n";
    }
    if (sizeX || o.Flag("logx"))
    {
        *gp << "set logscale x 2\n";
    }
    if (sizeX)
    {
        *gp << "set xtics (";
        bool first = true;
        for (double x : xs)
        {
            *gp << (first ? "" : ", ") << Quote(SizeLabel(x)) << " " << x;
            first = false;
        }
        *gp << ")\n";
    }
    if (xs.size() > 1)
    {
        double lo = *xs.begin();
        double hi = *xs.rbegin();
        if (sizeX || o.Flag("logx"))
        {
            *gp << "set xrange [" << lo / 1.3 << ":" << hi * 1.3 << "]\n";
        }
        else
        {
            double pad = (hi - lo) * 0.05;
            *gp << "set xrange [" << lo - pad << ":" << hi + pad << "]\n";
        }
    }
    if (EndsWith(o.Get("y"), "_pct"))
    {
        *gp << "set yrange [0:105]\n";
    }
    HLines(*gp, o);
    *gp << "plot ";
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        *gp << (i ? ", " : "") << "'-' using 1:2"
            << (errorBars ? ":3:4 with yerrorlines" : " with linespoints") << " ls " << (i % 6 + 1)
            << " title " << Quote(series[i].first);
    }
    *gp << "\n";
    for (const auto& [name, s] : series)
    {
        std::vector<std::tuple<double, double, double, double>> pts;
        for (const auto& [x, st] : s)
        {
            pts.emplace_back(x, st.mean, st.min, st.max);
        }
        gp->send1d(pts);
    }
    Finish(std::move(gp), out);
}

void
Bars(const Options& o, const std::string& out)
{
    if (o.inputs.size() != 1 || o.Get("column").empty())
    {
        throw PlotError {"bars needs --column COL and one CSV file"};
    }
    Csv csv = Load(o.inputs[0]);
    std::string label = o.Get("label", "variant");
    if (std::string missing = csv.Group(label); !missing.empty())
    {
        throw PlotError {o.inputs[0] + ": no column '" + missing + "' (--label)"};
    }
    int col = csv.Column(o.Get("column"));
    int lab = csv.Column(label);
    if (col < 0 || lab < 0)
    {
        throw PlotError {o.inputs[0] + ": needs columns " + o.Get("column") + " and " + label};
    }
    std::vector<std::string> order;
    std::map<std::string, std::vector<double>> values;
    for (const auto* row : Select(csv, Where(o)))
    {
        double v = 0;
        if (!ParseQuantity((*row)[col], &v))
        {
            continue;
        }
        if (!values.count((*row)[lab]))
        {
            order.push_back((*row)[lab]);
        }
        values[(*row)[lab]].push_back(v);
    }
    if (order.empty())
    {
        throw PlotError {o.inputs[0] + ": no rows with a numeric " + o.Get("column")};
    }
    std::vector<std::tuple<int, double, double, double, std::string>> rows;
    double top = 0;
    for (std::size_t i = 0; i < order.size(); ++i)
    {
        const auto& v = values[order[i]];
        double sum = 0;
        for (double x : v)
        {
            sum += x;
        }
        double lo = *std::min_element(v.begin(), v.end());
        double hi = *std::max_element(v.begin(), v.end());
        rows.emplace_back(static_cast<int>(i), sum / v.size(), lo, hi, order[i]);
        top = std::max(top, hi);
    }
    for (const auto& h : o.All("hline"))
    {
        double y = 0;
        if (ParseQuantity(h.substr(0, h.find(':')), &y))
        {
            top = std::max(top, y);
        }
    }
    auto gp = std::make_unique<Gnuplot>();
    Begin(*gp, out, "bars", o);
    if (o.Get("ylabel").empty())
    {
        *gp << "set ylabel " << Quote(o.Get("column")) << "\n";
    }
    *gp << "set yrange [0:" << top * 1.15 << "]\n";
    *gp << "set xrange [-0.6:" << rows.size() - 0.4 << "]\n";
    HLines(*gp, o);
    // Combined axes ("routing,cc"): values "adaptive/dcqcn", the axes named on the x axis;
    // long labels are slanted so that neighbours do not overlap.
    if (label.find(',') != std::string::npos && o.Get("xlabel").empty())
    {
        std::string names = label;
        std::replace(names.begin(), names.end(), ',', '/');
        *gp << "set xlabel " << Quote(names) << "\n";
    }
    std::size_t longest = 0;
    for (const auto& k : order)
    {
        longest = std::max(longest, k.size());
    }
    if (longest * order.size() > 90)
    {
        *gp << "set xtics rotate by -25 font ',12'\n";
    }
    bool spread = std::any_of(order.begin(), order.end(), [&](const std::string& k) {
        return values[k].size() > 1;
    });
    *gp << "plot '-' using 1:2:($1+1):xtic(5) with boxes lc variable notitle, "
        << (spread ? "'-' using 1:2:3:4 with yerrorbars lc rgb '#333333' pt 0 lw 1.5 "
                     "notitle, "
                   : "")
        << "'-' using 1:4:(sprintf('%.1f',$2)) with labels offset 0,1.1 font ',15' notitle\n";
    gp->send1d(rows);
    if (spread)
    {
        gp->send1d(rows);
    }
    gp->send1d(rows);
    Finish(std::move(gp), out);
}

void
FctCdf(const Options& o, const std::string& out)
{
    if (o.inputs.empty())
    {
        throw PlotError {"fct-cdf needs LABEL=flows.csv arguments"};
    }
    std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> series;
    double lo = 1e300;
    double hi = 0;
    for (const auto& arg : o.inputs)
    {
        auto [label, path] = LabelAndPath(arg);
        Csv csv = Load(path);
        int col = csv.Column("fct_us");
        if (col < 0)
        {
            throw PlotError {path + ": no column fct_us"};
        }
        std::vector<double> v;
        for (const auto& row : csv.rows)
        {
            double x = std::atof(row[col].c_str());
            if (x >= 0) // -1: did not finish
            {
                v.push_back(x);
            }
        }
        if (v.empty())
        {
            throw PlotError {path + ": no finished flows"};
        }
        std::sort(v.begin(), v.end());
        lo = std::min(lo, v.front());
        hi = std::max(hi, v.back());
        std::vector<std::pair<double, double>> cdf;
        cdf.emplace_back(v.front(), 0.0);
        for (std::size_t i = 0; i < v.size(); ++i)
        {
            cdf.emplace_back(v[i], double(i + 1) / v.size());
        }
        series.emplace_back(label, cdf);
    }
    auto gp = std::make_unique<Gnuplot>();
    Begin(*gp, out, "fct-cdf", o);
    if (o.Flag("logx"))
    {
        *gp << "set logscale x\n";
    }
    else
    {
        *gp << "set xrange [0:" << hi * 1.05 << "]\n";
    }
    *gp << "plot ";
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        *gp << (i ? ", " : "") << "'-' with steps ls " << (i % 6 + 1) << " title "
            << Quote(series[i].first);
    }
    *gp << "\n";
    for (const auto& s : series)
    {
        gp->send1d(s.second);
    }
    Finish(std::move(gp), out);
}

/// One switch row of a heatmap.
struct HeatRow
{
    std::string name;                           //!< switch
    std::string tier;                           //!< leaf | spine | core
    std::vector<std::pair<int, double>> values; //!< port -> value
};

void
Heatmap(const Options& o, const std::string& out)
{
    if (o.inputs.empty() || o.inputs.size() > 4)
    {
        throw PlotError {"heatmap needs 1 to 4 LABEL=links.csv arguments"};
    }
    std::string value = o.Get("value", "util_pct");
    std::vector<std::pair<std::string, std::vector<HeatRow>>> panels;
    int maxPort = 0;
    double maxValue = 0;
    for (const auto& arg : o.inputs)
    {
        auto [label, path] = LabelAndPath(arg);
        Csv csv = Load(path);
        int sw = csv.Column("switch");
        int tier = csv.Column("tier");
        int port = csv.Column("port");
        int val = csv.Column(value);
        if (sw < 0 || tier < 0 || port < 0 || val < 0)
        {
            throw PlotError {path + ": needs columns tier, switch, port and " + value};
        }
        std::vector<HeatRow> rows;
        std::map<std::string, std::size_t> index;
        for (const auto& r : csv.rows)
        {
            if (!index.count(r[sw]))
            {
                index[r[sw]] = rows.size();
                rows.push_back(HeatRow {r[sw], r[tier], {}});
            }
            int p = std::atoi(r[port].c_str());
            double v = std::atof(r[val].c_str());
            rows[index[r[sw]]].values.emplace_back(p, v);
            maxPort = std::max(maxPort, p);
            maxValue = std::max(maxValue, v);
        }
        if (rows.empty())
        {
            throw PlotError {path + ": no ports"};
        }
        panels.emplace_back(label, rows);
    }
    bool percent = EndsWith(value, "_pct");
    double cbMax
        = o.Get("max").empty() ? (percent ? 100.0 : maxValue) : std::atof(o.Get("max").c_str());
    // Layout: one column per input, one band per tier (cores on top, leaves at the bottom),
    // each band as wide as the column, so a tier of few ports still gets wide cells.
    std::vector<std::string> tiers;
    std::map<std::string, std::size_t> tierRows;
    for (const auto& [label, rows] : panels)
    {
        std::map<std::string, std::size_t> count;
        for (const auto& r : rows)
        {
            if (std::find(tiers.begin(), tiers.end(), r.tier) == tiers.end())
            {
                tiers.push_back(r.tier);
            }
            count[r.tier]++;
        }
        for (const auto& [t, n] : count)
        {
            tierRows[t] = std::max(tierRows[t], n);
        }
    }
    std::reverse(tiers.begin(), tiers.end()); // the file lists leaves first: draw them last
    double weightSum = 0;
    for (const auto& t : tiers)
    {
        weightSum += std::max<double>(10, std::min<double>(tierRows[t], 30));
    }
    const double left = 0.08;
    const double right = 0.88;
    const double top = panels.size() > 1 || !o.Get("title").empty() ? 0.88 : 0.95;
    const double bottom = 0.1;
    const double gapX = 0.09;
    const double gapY = 0.05;
    double colWidth = (right - left - gapX * (panels.size() - 1)) / panels.size();
    double bandSpace = top - bottom - gapY * (tiers.size() - 1);
    auto gp = std::make_unique<Gnuplot>();
    Begin(*gp, out, "heatmap", o, 1.0);
    *gp << "set cbrange [0:" << (cbMax > 0 ? cbMax : 1) << "]\n";
    *gp << "set cblabel " << Quote(percent ? "egress utilization (%)" : value) << "\n";
    *gp << "set multiplot";
    if (!o.Get("title").empty())
    {
        *gp << " title " << Quote(o.Get("title"));
    }
    *gp << "\nunset title\n";
    for (std::size_t k = 0; k < panels.size(); ++k)
    {
        double x0 = left + k * (colWidth + gapX);
        double y1 = top;
        for (std::size_t ti = 0; ti < tiers.size(); ++ti)
        {
            const std::string& tier = tiers[ti];
            std::vector<const HeatRow*> rows;
            int ports = 0;
            for (const auto& r : panels[k].second)
            {
                if (r.tier == tier)
                {
                    rows.push_back(&r);
                    for (const auto& [p, v] : r.values)
                    {
                        ports = std::max(ports, p + 1);
                    }
                }
            }
            double h = bandSpace * std::max<double>(10, std::min<double>(tierRows[tier], 30))
                     / weightSum;
            double y0 = y1 - h;
            *gp << "set lmargin at screen " << x0 << "\nset rmargin at screen " << x0 + colWidth
                << "\nset tmargin at screen " << y1 << "\nset bmargin at screen " << y0 << "\n";
            bool last = k + 1 == panels.size() && ti + 1 == tiers.size();
            *gp << (last ? "set colorbox vertical user origin screen 0.915, "
                               + std::to_string(bottom) + " size screen 0.018, "
                               + std::to_string(top - bottom) + "\n"
                         : std::string("unset colorbox\n"));
            if (ti == 0 && panels.size() > 1)
            {
                *gp << "set title " << Quote(panels[k].first) << " font ',16'\n";
            }
            else
            {
                *gp << "unset title\n";
            }
            std::string plural = tier == "leaf" ? "leaves" : tier + "s";
            *gp << "set ylabel " << Quote(plural + " (" + std::to_string(rows.size()) + ")")
                << " offset 0.5,0\n";
            *gp << (ti + 1 == tiers.size() ? "set xlabel 'port'\n" : "unset xlabel\n");
            *gp << "set xrange [-0.5:" << ports - 0.5 << "]\n";
            *gp << "set yrange [-0.5:" << rows.size() - 0.5 << "]\n";
            std::size_t step = rows.size() <= 8 ? 1 : (rows.size() + 7) / 8;
            *gp << "set ytics (";
            for (std::size_t i = 0; i < rows.size(); i += step)
            {
                std::string name = rows[i]->name.substr(tier.size());
                *gp << (i ? ", " : "") << Quote(name) << " " << i;
            }
            *gp << ")\n";
            int xstep = ports <= 16 ? 1 : ports <= 32 ? 4 : ports <= 64 ? 8 : 16;
            *gp << "set xtics 0," << xstep << "\n";
            *gp << "plot '-' using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 noborder "
                   "lc palette notitle\n";
            std::vector<std::tuple<int, std::size_t, double>> cells;
            for (std::size_t i = 0; i < rows.size(); ++i)
            {
                for (const auto& [p, v] : rows[i]->values)
                {
                    cells.emplace_back(p, i, v);
                }
            }
            if (cells.empty())
            {
                cells.emplace_back(0, 0, 0.0);
            }
            gp->send1d(cells);
            y1 = y0 - gapY;
        }
    }
    *gp << "unset multiplot\n";
    Finish(std::move(gp), out);
}

/// What a time-series figure draws: queues per port, or congestion-control state per QP.
struct Timeline
{
    std::string figure;    //!< "queues" or "cc"
    std::string seriesCol; //!< one line per value of this column
    std::string valueCol;  //!< y
    std::string filter;    //!< option naming the series to keep ("ports", "qps")
    bool deepestFirst;     //!< keep the 8 with the highest peak (else the first 8 seen)
    std::string noun;      //!< "queues", "queue pairs"
    std::string ylabel;    //!< y label ("": bytes in a unit that fits, named bytesName)
    std::string empty;     //!< text of a panel without data
    std::string bytesName; //!< what the bytes are ("queue", "window")
};

/// Time series from long-format CSVs (time_us, a series column, a value column), one panel per
/// LABEL=file; identical trajectories merged into one line, at most 8 lines per panel.
void
TimeSeries(const Options& o, const std::string& out, const Timeline& k)
{
    if (o.inputs.empty() || o.inputs.size() > 4)
    {
        throw PlotError {k.figure + " needs 1 to 4 LABEL=" + k.figure + ".csv arguments"};
    }
    std::set<std::string> wanted;
    std::string ports = o.Get(k.filter);
    for (std::size_t s = 0; !ports.empty() && s <= ports.size();)
    {
        std::size_t c = ports.find(',', s);
        wanted.insert(ports.substr(s, c == std::string::npos ? std::string::npos : c - s));
        if (c == std::string::npos)
        {
            break;
        }
        s = c + 1;
    }
    using Points = std::vector<std::pair<double, double>>;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, Points>>>> panels;
    double maxQ = 0;
    double maxT = 0;
    for (const auto& arg : o.inputs)
    {
        auto [label, path] = LabelAndPath(arg);
        Csv csv = Load(path);
        int t = csv.Column("time_us");
        int p = csv.Column(k.seriesCol);
        int q = csv.Column(k.valueCol);
        if (t < 0 || p < 0 || q < 0)
        {
            throw PlotError {path + ": needs columns time_us, " + k.seriesCol + " and "
                             + k.valueCol};
        }
        std::vector<std::pair<std::string, Points>> series;
        std::map<std::string, std::size_t> index;
        for (const auto& r : csv.rows)
        {
            if (!wanted.empty() && !wanted.count(r[p]))
            {
                continue;
            }
            if (!index.count(r[p]))
            {
                index[r[p]] = series.size();
                series.push_back({r[p], {}});
            }
            double tv = std::atof(r[t].c_str());
            double qv = std::atof(r[q].c_str());
            series[index[r[p]]].second.emplace_back(tv, qv);
            maxQ = std::max(maxQ, qv);
            maxT = std::max(maxT, tv);
        }
        // Ports whose queues follow the same trajectory (a symmetric incast's senders) are one
        // line, named by the first and a count; then the 8 deepest, one colour each.
        std::vector<std::pair<std::string, Points>> merged;
        std::map<Points, std::size_t> same;
        std::vector<uint32_t> copies;
        for (auto& [port, points] : series)
        {
            auto it = same.find(points);
            if (it != same.end())
            {
                copies[it->second]++;
                continue;
            }
            same.emplace(points, merged.size());
            merged.emplace_back(port, std::move(points));
            copies.push_back(0);
        }
        for (std::size_t i = 0; i < merged.size(); ++i)
        {
            if (copies[i] > 0)
            {
                merged[i].first += " (+" + std::to_string(copies[i]) + " identical)";
            }
        }
        auto peak = [](const Points& pts) {
            double m = 0;
            for (const auto& pt : pts)
            {
                m = std::max(m, pt.second);
            }
            return m;
        };
        if (k.deepestFirst)
        {
            std::stable_sort(merged.begin(), merged.end(), [&](const auto& a, const auto& b) {
                return peak(a.second) > peak(b.second);
            });
        }
        std::string name = label;
        if (merged.size() > 8)
        {
            name += std::string(k.deepestFirst ? " (the 8 deepest of " : " (the first 8 of ")
                  + std::to_string(merged.size()) + " " + k.noun + ")";
            merged.resize(8);
        }
        panels.emplace_back(name, merged);
    }
    // Bytes in the unit that suits the largest value.
    double scale = 1;
    std::string unit = "B";
    if (!k.ylabel.empty())
    {
        // not bytes: as they are
    }
    else if (maxQ >= 4 * 1048576.0)
    {
        scale = 1048576.0;
        unit = "MiB";
    }
    else if (maxQ >= 4 * 1024.0)
    {
        scale = 1024.0;
        unit = "KiB";
    }
    auto gp = std::make_unique<Gnuplot>();
    double height = panels.size() > 1 ? 0.45 * panels.size() + 0.2 : 1.0;
    Begin(*gp, out, k.figure, o, std::max(1.0, height));
    if (o.Get("ylabel").empty())
    {
        *gp << "set ylabel " << Quote(k.ylabel.empty() ? k.bytesName + " (" + unit + ")" : k.ylabel)
            << "\n";
    }
    *gp << "set xrange [0:" << (maxT > 0 ? maxT : 1) << "]\n";
    *gp << "set yrange [0:" << (maxQ > 0 ? maxQ / scale * 1.08 : 1) << "]\n";
    if (panels.size() > 1)
    {
        *gp << "set multiplot layout " << panels.size() << ",1 title " << Quote(o.Get("title"))
            << "\nunset title\n";
    }
    for (const auto& [label, series] : panels)
    {
        if (panels.size() > 1)
        {
            *gp << "set title " << Quote(label) << "\n";
        }
        if (series.empty())
        {
            *gp << "set label 1 " << Quote(k.empty) << " at graph 0.5, graph 0.5 center\n"
                << "plot 1/0 notitle\nunset label 1\n";
            continue;
        }
        *gp << "plot ";
        for (std::size_t i = 0; i < series.size(); ++i)
        {
            *gp << (i ? ", " : "") << "'-' using 1:($2/" << scale << ") with lines ls "
                << (i % 8 + 1) << " title " << Quote(series[i].first);
        }
        *gp << "\n";
        for (const auto& s : series)
        {
            gp->send1d(s.second);
        }
    }
    if (panels.size() > 1)
    {
        *gp << "unset multiplot\n";
    }
    Finish(std::move(gp), out);
}

void
Queues(const Options& o, const std::string& out)
{
    std::string y = o.Get("y", "queue_B");
    TimeSeries(o,
               out,
               {"queues",
                "port",
                y,
                "ports",
                true,
                "queues",
                y == "util_pct" ? "egress utilization (% of the line rate)" : "",
                "no queue built up",
                "queue"});
}

void
CcTimeline(const Options& o, const std::string& out)
{
    std::string y = o.Get("y", "rate_Gbps");
    std::string ylabel = y == "rate_Gbps" ? "sending rate (Gb/s)"
                       : y == "alpha"     ? "DCQCN alpha"
                       : y == "util"      ? "telemetry CC: path utilization U"
                                          : "";
    std::string bytes = y == "window_B" ? "window" : "in flight";
    TimeSeries(o, out, {"cc", "qp", y, "qps", false, "queue pairs", ylabel, "no data sent", bytes});
}

/// Run @p figure once per output format.
template<typename F>
void
Both(F figure, const Options& o, const std::string& base, std::vector<std::string>* written)
{
    for (const char* ext : {".png", ".svg"})
    {
        figure(o, base + ext);
        written->push_back(base + ext);
    }
}

/// The standard figures of a fabric-sweep directory.
void
Sweep(const Options& o)
{
    if (o.inputs.size() != 1)
    {
        throw PlotError {"sweep needs one fabric-sweep output directory"};
    }
    std::string dir = o.inputs[0];
    Csv csv = Load(dir + "/results.csv");
    // A collective sweep has one row per size and nccl-tests' busbw as its figure.
    const bool collective = csv.Column("busbw_GBps") >= 0 && csv.Column("bytes") >= 0
                         && csv.Column("job_ceiling_pct") < 0;
    std::string x = o.Get("x", collective ? "bytes" : "size");
    // Group by every axis that varies (the columns between point_id and the run's own columns,
    // which start at "profile"), but x and seed; without one, by profile.
    std::string by = o.Get("by");
    if (by.empty())
    {
        int first = csv.Column("point_id") + 1;
        for (int c = first; c > 0 && c < static_cast<int>(csv.columns.size()); ++c)
        {
            const std::string& name = csv.columns[c];
            if (c > first && name == "profile")
            {
                break; // the run's columns
            }
            std::set<std::string> values;
            for (const auto& r : csv.rows)
            {
                values.insert(r[c]);
            }
            if (name != x && name != "seed" && values.size() > 1)
            {
                by += (by.empty() ? "" : ",") + name;
            }
            if (name == "profile")
            {
                break;
            }
        }
        if (by.empty())
        {
            by = "profile";
        }
    }
    if (std::string missing = csv.Group(by); !missing.empty())
    {
        throw PlotError {dir + "/results.csv: no column '" + missing + "' (--by)"};
    }
    // The headline: job throughput as a share of the ceiling (older results: mean flow goodput).
    std::string y = o.Get("y",
                          collective                           ? "busbw_GBps"
                          : csv.Column("job_ceiling_pct") >= 0 ? "job_ceiling_pct"
                                                               : "effective_throughput_pct");
    int bc = csv.Column(by);
    int xc = csv.Column(x);
    int yc = csv.Column(y);
    int idc = csv.Column("point_id");
    if (bc < 0 || yc < 0 || idc < 0)
    {
        throw PlotError {dir + "/results.csv: needs columns point_id, " + by + " and " + y
                         + " (--by, --y)"};
    }
    std::string plots = dir + "/plots";
    mkdir(plots.c_str(), 0755);
    std::vector<std::string> written;
    // Which x to show in the per-run figures: --at, else the largest.
    std::string at = o.Get("at");
    double atValue = -1;
    if (xc >= 0)
    {
        for (const auto& r : csv.rows)
        {
            double v = 0;
            if (ParseQuantity(r[xc], &v) && (at.empty() ? v > atValue : r[xc] == at))
            {
                atValue = v;
                at = at.empty() ? std::string() : at;
            }
        }
        for (const auto& r : csv.rows)
        {
            double v = 0;
            if (ParseQuantity(r[xc], &v) && v == atValue)
            {
                at = r[xc];
            }
        }
    }
    std::string what;
    int pc = csv.Column(collective ? "op" : "pattern");
    int gc = csv.Column("gpus");
    if (pc >= 0 && gc >= 0 && !csv.rows.empty())
    {
        what = csv.rows[0][pc] + ", " + csv.rows[0][gc] + " GPUs";
    }
    const bool headline = y == "job_ceiling_pct" || y == "effective_throughput_pct";
    std::string ylabel = y == "job_ceiling_pct"          ? "job throughput (% of the ceiling)"
                       : y == "effective_throughput_pct" ? "mean flow goodput (% of line rate)"
                       : y == "busbw_GBps"               ? "busbw (GB/s, as nccl-tests)"
                                                         : y;
    std::set<std::string> xs;
    for (const auto& r : csv.rows)
    {
        xs.insert(xc >= 0 ? r[xc] : "");
    }
    if (xc >= 0 && xs.size() > 1)
    {
        Options l = o;
        l.inputs = {dir + "/results.csv"};
        l.values = {{"x", x}, {"y", y}, {"by", by}, {"ylabel", ylabel}};
        if (x == "bytes")
        {
            l.values.insert({"xlabel", "message size per rank (bytes)"});
            l.flags.insert("logx");
        }
        std::string title
            = (y == "job_ceiling_pct"            ? std::string("Job throughput vs message size")
               : y == "effective_throughput_pct" ? std::string("Mean flow goodput vs message size")
               : y == "busbw_GBps"               ? std::string("Bus bandwidth vs message size")
                                                 : y + " vs " + x)
            + (what.empty() ? "" : ", " + what);
        l.values.insert({"title", o.Get("title", title)});
        if (headline)
        {
            l.values.insert({"hline", "95:Spectrum-X claim (95%)"});
            l.values.insert({"hline", "60:standard Ethernet claim (60%)"});
            if (y == "job_ceiling_pct")
            {
                l.values.insert({"hline", "100:physical ceiling (payload share of the wire)"});
            }
        }
        Both(Lines,
             l,
             plots + (y == "busbw_GBps" ? "/busbw-vs-size" : "/throughput-vs-size"),
             &written);
    }
    // One run per variant at x = at (first seed) for the per-run figures.
    std::vector<std::pair<std::string, std::string>> runs; // variant, point id
    std::set<std::string> seen;
    for (const auto& r : csv.rows)
    {
        if ((xc < 0 || r[xc] == at) && !seen.count(r[bc]))
        {
            seen.insert(r[bc]);
            runs.emplace_back(r[bc], r[idc]);
        }
    }
    std::string suffix = at.empty() ? what : what + ", " + at + " per GPU";
    {
        Options b = o;
        b.inputs = {dir + "/results.csv"};
        b.values = {{"column", y}, {"label", by}, {"ylabel", ylabel}};
        if (xc >= 0)
        {
            b.values.insert({"where", x + "=" + at});
        }
        b.values.insert({"title",
                         (y == "job_ceiling_pct"            ? std::string("Job throughput")
                          : y == "effective_throughput_pct" ? std::string("Mean flow goodput")
                          : y == "busbw_GBps"               ? std::string("Bus bandwidth")
                                                            : y)
                             + (suffix.empty() ? "" : ", " + suffix)});
        if (headline)
        {
            b.values.insert({"hline", "95:Spectrum-X claim (95%)"});
            b.values.insert({"hline", "60:standard Ethernet claim (60%)"});
            if (y == "job_ceiling_pct")
            {
                b.values.insert({"hline", "100:physical ceiling (payload share of the wire)"});
            }
        }
        Both(Bars, b, plots + "/effective-throughput", &written);
    }
    auto perRun = [&](const std::string& kind, std::vector<std::string>* args) {
        for (const auto& [variant, id] : runs)
        {
            std::string f = dir + "/points/" + id + "-" + kind + ".csv";
            struct stat st;
            if (stat(f.c_str(), &st) == 0)
            {
                args->push_back(variant + "=" + f);
            }
        }
        return !args->empty();
    };
    Options c = o;
    c.inputs.clear();
    c.values = {{"title", "Flow completion times" + (suffix.empty() ? "" : ", " + suffix)}};
    if (perRun("flows", &c.inputs))
    {
        Both(FctCdf, c, plots + "/fct-cdf", &written);
    }
    Options h = o;
    h.inputs.clear();
    h.values = {{"title", "Per-port egress utilization" + (suffix.empty() ? "" : ", " + suffix)}};
    if (perRun("links", &h.inputs))
    {
        Both(Heatmap, h, plots + "/link-util", &written);
    }
    Options q = o;
    q.inputs.clear();
    q.values = {{"title", "Deepest egress queues" + (suffix.empty() ? "" : ", " + suffix)}};
    if (perRun("queues", &q.inputs))
    {
        Both(Queues, q, plots + "/queues", &written);
    }
    Options cc = o;
    cc.inputs.clear();
    cc.values = {{"title", "Sending rate" + (suffix.empty() ? "" : ", " + suffix)}};
    if (perRun("cc", &cc.inputs))
    {
        if (cc.inputs.size() > 4)
        {
            cc.inputs.resize(4); // one panel per variant: the first four
        }
        Both(CcTimeline, cc, plots + "/cc-timeline", &written);
    }
    for (const auto& w : written)
    {
        std::cout << "fabric-plot: wrote " << w << "\n";
    }
}

int
Usage()
{
    std::cerr << "usage:\n"
                 "  fabric-plot lines --out F.png|svg --x COL --y COL [--by COL] [--where C=V,..] "
                 "[--logx] [--hline Y:LABEL] results.csv\n"
                 "  fabric-plot bars --out F --column COL [--label COL] [--where C=V,..] "
                 "[--hline Y:LABEL] summary.csv\n"
                 "  fabric-plot fct-cdf --out F [--logx] LABEL=flows.csv ...\n"
                 "  fabric-plot heatmap --out F [--value util_pct] [--max V] LABEL=links.csv ...\n"
                 "  fabric-plot queues --out F [--ports P,..] [--y queue_B|util_pct] "
                 "LABEL=queues.csv ...\n"
                 "  fabric-plot cc --out F [--qps GPU:QPN,..] [--y rate_Gbps|alpha|util|window_B|"
                 "inflight_B] LABEL=cc.csv ...\n"
                 "  fabric-plot sweep DIR [--by profile] [--x size] [--y job_ceiling_pct] "
                 "[--at X]\n"
                 "common: --title T --xlabel X --ylabel Y\n";
    return 2;
}

} // namespace

int
main(int argc, char* argv[])
{
    if (argc < 2)
    {
        return Usage();
    }
    std::string cmd = argv[1];
    Options o;
    static const std::set<std::string> FLAGS = {"logx"};
    for (int i = 2; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.rfind("--", 0) == 0)
        {
            std::string name = a.substr(2);
            if (FLAGS.count(name))
            {
                o.flags.insert(name);
                continue;
            }
            if (i + 1 >= argc)
            {
                std::cerr << "fabric-plot: error: option " << a << " needs a value\n";
                return 2;
            }
            o.values.emplace(name, argv[++i]);
        }
        else
        {
            o.inputs.push_back(a);
        }
    }
    static const std::set<std::string> KNOWN = {"out",
                                                "title",
                                                "xlabel",
                                                "ylabel",
                                                "x",
                                                "y",
                                                "by",
                                                "where",
                                                "hline",
                                                "column",
                                                "label",
                                                "value",
                                                "max",
                                                "ports",
                                                "qps",
                                                "at"};
    for (const auto& [name, value] : o.values)
    {
        if (!KNOWN.count(name))
        {
            std::cerr << "fabric-plot: error: unknown option --" << name << "\n";
            return Usage();
        }
    }
    try
    {
        if (cmd == "sweep")
        {
            Sweep(o);
            return 0;
        }
        std::string out = o.Get("out");
        if (out.empty())
        {
            std::cerr << "fabric-plot: error: --out FILE.png|svg is required\n";
            return Usage();
        }
        if (cmd == "lines")
        {
            Lines(o, out);
        }
        else if (cmd == "bars")
        {
            Bars(o, out);
        }
        else if (cmd == "fct-cdf")
        {
            FctCdf(o, out);
        }
        else if (cmd == "heatmap")
        {
            Heatmap(o, out);
        }
        else if (cmd == "queues")
        {
            Queues(o, out);
        }
        else if (cmd == "cc")
        {
            CcTimeline(o, out);
        }
        else
        {
            std::cerr << "fabric-plot: error: unknown figure '" << cmd << "'\n";
            return Usage();
        }
    }
    catch (const PlotError& e)
    {
        std::cerr << "fabric-plot: error: " << e.message << "\n";
        return 2;
    }
    return 0;
}
