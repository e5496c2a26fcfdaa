/*
 * fabric-plot: figures from fabric result files (gnuplot through gnuplot-iostream).
 *
 *   fabric-plot fct-cdf --out results/fct-cdf.png [--title T] LABEL=flows.csv ...
 *       CDF of flow completion times (column fct_us) of one or more runs.
 *   fabric-plot bars --out results/throughput.png --column throughput_pct [--label variant]
 *                    [--title T] [--ylabel Y] summary.csv
 *       One bar per row of a summary CSV.
 *
 * The output format follows the file name: .png (pngcairo) or .svg.
 */
#include <gnuplot-iostream.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#ifndef FABRIC_PLOT_DIR
#define FABRIC_PLOT_DIR "plots"
#endif

namespace
{

/// A CSV file: header names and rows of cells.
struct Csv
{
    std::vector<std::string> columns; //!< header
    std::vector<std::vector<std::string>> rows; //!< cells

    /// @return index of column @p name, or -1
    int Column(const std::string& name) const
    {
        auto it = std::find(columns.begin(), columns.end(), name);
        return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
    }
};

std::vector<std::string>
SplitCsvLine(const std::string& line)
{
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line)
    {
        if (c == '"')
        {
            quoted = !quoted;
        }
        else if (c == ',' && !quoted)
        {
            cells.push_back(cell);
            cell.clear();
        }
        else if (c != '\r')
        {
            cell += c;
        }
    }
    cells.push_back(cell);
    return cells;
}

bool
ReadCsv(const std::string& path, Csv* csv, std::string* error)
{
    std::ifstream in(path);
    if (!in)
    {
        *error = path + ": cannot open";
        return false;
    }
    std::string line;
    if (!std::getline(in, line))
    {
        *error = path + ": empty file (expected a header line)";
        return false;
    }
    csv->columns = SplitCsvLine(line);
    for (int n = 2; std::getline(in, line); ++n)
    {
        if (line.empty())
        {
            continue;
        }
        auto cells = SplitCsvLine(line);
        if (cells.size() != csv->columns.size())
        {
            *error = path + ":" + std::to_string(n) + ": expected " +
                     std::to_string(csv->columns.size()) + " cells, found " +
                     std::to_string(cells.size());
            return false;
        }
        csv->rows.push_back(cells);
    }
    return true;
}

/// Terminal setup for the output file's extension.
std::string
Terminal(const std::string& out)
{
    if (out.size() > 4 && out.substr(out.size() - 4) == ".svg")
    {
        return "set terminal svg size 960,600 dynamic enhanced font 'Sans,14'\n";
    }
    return "set terminal pngcairo size 1200,750 enhanced font 'Sans,14'\n";
}

int
Usage()
{
    std::cerr << "usage:\n"
                 "  fabric-plot fct-cdf --out FILE.png|svg [--title T] LABEL=flows.csv ...\n"
                 "  fabric-plot bars --out FILE.png|svg --column COL [--label COL] [--title T] "
                 "[--ylabel Y] summary.csv\n";
    return 2;
}

int
Fail(const std::string& message)
{
    std::cerr << "fabric-plot: error: " << message << "\n";
    return 2;
}

void
Begin(Gnuplot& gp, const std::string& out, const std::string& title)
{
    gp << Terminal(out);
    gp << "set output '" << out << "'\n";
    gp << "load '" << FABRIC_PLOT_DIR << "/fabric.gp'\n";
    if (!title.empty())
    {
        gp << "set title \"" << title << "\"\n";
    }
}

int
FctCdf(const std::string& out, const std::string& title, const std::vector<std::string>& inputs)
{
    std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> series;
    for (const auto& arg : inputs)
    {
        auto eq = arg.find('=');
        std::string label = eq == std::string::npos ? arg : arg.substr(0, eq);
        std::string path = eq == std::string::npos ? arg : arg.substr(eq + 1);
        Csv csv;
        std::string error;
        if (!ReadCsv(path, &csv, &error))
        {
            return Fail(error);
        }
        int col = csv.Column("fct_us");
        if (col < 0)
        {
            return Fail(path + ": no column fct_us");
        }
        std::vector<double> v;
        for (const auto& row : csv.rows)
        {
            v.push_back(std::atof(row[col].c_str()));
        }
        std::sort(v.begin(), v.end());
        std::vector<std::pair<double, double>> cdf;
        for (std::size_t i = 0; i < v.size(); ++i)
        {
            cdf.emplace_back(v[i], double(i + 1) / v.size());
        }
        series.emplace_back(label, cdf);
    }
    Gnuplot gp;
    Begin(gp, out, title);
    gp << "set xlabel 'flow completion time (us)'\nset ylabel 'fraction of flows'\n";
    gp << "set yrange [0:1.02]\nset key bottom right\n";
    gp << "plot ";
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        gp << (i ? ", " : "") << "'-' with steps ls " << (i % 6 + 1) << " title \""
           << series[i].first << "\"";
    }
    gp << "\n";
    for (const auto& s : series)
    {
        gp.send1d(s.second);
    }
    return 0;
}

int
Bars(const std::string& out,
     const std::string& title,
     const std::string& column,
     const std::string& labelColumn,
     const std::string& ylabel,
     const std::string& input)
{
    Csv csv;
    std::string error;
    if (!ReadCsv(input, &csv, &error))
    {
        return Fail(error);
    }
    int col = csv.Column(column);
    int lab = csv.Column(labelColumn);
    if (col < 0 || lab < 0)
    {
        return Fail(input + ": needs columns " + column + " and " + labelColumn);
    }
    std::vector<std::tuple<int, double, std::string>> rows;
    for (std::size_t i = 0; i < csv.rows.size(); ++i)
    {
        rows.emplace_back(static_cast<int>(i), std::atof(csv.rows[i][col].c_str()), csv.rows[i][lab]);
    }
    Gnuplot gp;
    Begin(gp, out, title);
    gp << "set style fill solid 0.85 border -1\nset boxwidth 0.6\nunset key\n";
    gp << "set ylabel \"" << (ylabel.empty() ? column : ylabel) << "\"\n";
    gp << "set yrange [0:*]\nset xrange [-0.6:" << rows.size() - 0.4 << "]\n";
    gp << "plot '-' using 1:2:($1+1):xtic(3) with boxes lc variable, "
          "'-' using 1:2:(sprintf('%.1f',$2)) with labels offset 0,1 notitle\n";
    gp.send1d(rows);
    gp.send1d(rows);
    return 0;
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
    std::map<std::string, std::string> opts;
    std::vector<std::string> inputs;
    for (int i = 2; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.rfind("--", 0) == 0)
        {
            if (i + 1 >= argc)
            {
                return Fail("option " + a + " needs a value");
            }
            opts[a.substr(2)] = argv[++i];
        }
        else
        {
            inputs.push_back(a);
        }
    }
    if (opts["out"].empty() || inputs.empty())
    {
        return Usage();
    }
    if (cmd == "fct-cdf")
    {
        return FctCdf(opts["out"], opts["title"], inputs);
    }
    if (cmd == "bars" && inputs.size() == 1 && !opts["column"].empty())
    {
        return Bars(opts["out"],
                    opts["title"],
                    opts["column"],
                    opts.count("label") ? opts["label"] : "variant",
                    opts["ylabel"],
                    inputs[0]);
    }
    return Usage();
}
