/*
 * Data handling of fabric-plot (header-only, no gnuplot): CSV tables, quantities with units,
 * filters and per-variant aggregation. Included by plots/fabric-plot.cc and the plot tests.
 */
#ifndef FABRIC_PLOT_DATA_H
#define FABRIC_PLOT_DATA_H

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fabric_plot
{

/// A CSV file: header names and rows of cells.
struct Csv
{
    std::string path;                           //!< where it was read from
    std::vector<std::string> columns;           //!< header
    std::vector<std::vector<std::string>> rows; //!< cells

    /// @return index of column @p name, or -1
    int Column(const std::string& name) const
    {
        auto it = std::find(columns.begin(), columns.end(), name);
        return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
    }

    /**
     * Make the grouping column @p name: an existing column, or "a,b,..." joined from existing
     * columns (values "1/x" in the order of the names, so every combination of the axes is
     * its own group).
     * @return the missing column's name, or "" when the column is there
     */
    std::string Group(const std::string& name)
    {
        if (name.empty() || Column(name) >= 0)
        {
            return "";
        }
        std::vector<int> parts;
        std::size_t start = 0;
        while (start <= name.size())
        {
            std::size_t comma = name.find(',', start);
            std::string part = name.substr(
                start, comma == std::string::npos ? std::string::npos : comma - start);
            int c = Column(part);
            if (c < 0)
            {
                return part;
            }
            parts.push_back(c);
            if (comma == std::string::npos)
            {
                break;
            }
            start = comma + 1;
        }
        columns.push_back(name);
        for (auto& row : rows)
        {
            std::string v;
            for (std::size_t i = 0; i < parts.size(); ++i)
            {
                v += (i ? "/" : "") + row[parts[i]];
            }
            row.push_back(v);
        }
        return "";
    }
};

/// Split one CSV line (quotes and doubled quotes honoured).
inline std::vector<std::string>
SplitCsvLine(const std::string& line)
{
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        {
            cell += '"';
            ++i;
        }
        else if (c == '"')
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

/// Read @p path; false with @p error set ("FILE:LINE: ...") when it cannot be used.
inline bool
ReadCsv(const std::string& path, Csv* csv, std::string* error)
{
    std::ifstream in(path);
    if (!in)
    {
        *error = path + ": cannot open";
        return false;
    }
    csv->path = path;
    std::string line;
    if (!std::getline(in, line) || line.empty())
    {
        *error = path + ":1: empty file (expected a header line of column names)";
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
            *error = path + ":" + std::to_string(n) + ": expected "
                   + std::to_string(csv->columns.size()) + " cells, found "
                   + std::to_string(cells.size());
            return false;
        }
        csv->rows.push_back(cells);
    }
    return true;
}

/**
 * A cell as a number: plain numbers, and sizes with a unit ("2MiB" -> 2097152, "4KB" -> 4000),
 * times ("10us" -> 10, in microseconds), rates ("400Gbps" -> 400, in Gb/s).
 * @return false when the cell is none of these
 */
inline bool
ParseQuantity(const std::string& cell, double* value)
{
    const char* begin = cell.c_str();
    char* end = nullptr;
    double v = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(v))
    {
        return false;
    }
    std::string unit(end);
    static const std::pair<const char*, double> UNITS[] = {{"", 1},
                                                           {"B", 1},
                                                           {"KB", 1e3},
                                                           {"kB", 1e3},
                                                           {"MB", 1e6},
                                                           {"GB", 1e9},
                                                           {"TB", 1e12},
                                                           {"KiB", 1024.0},
                                                           {"MiB", 1048576.0},
                                                           {"GiB", 1073741824.0},
                                                           {"TiB", 1099511627776.0},
                                                           {"ps", 1e-6},
                                                           {"ns", 1e-3},
                                                           {"us", 1},
                                                           {"ms", 1e3},
                                                           {"s", 1e6},
                                                           {"Mbps", 1e-3},
                                                           {"Gbps", 1},
                                                           {"Tbps", 1e3}};
    for (const auto& [name, scale] : UNITS)
    {
        if (unit == name)
        {
            *value = v * scale;
            return true;
        }
    }
    return false;
}

/// @return @p bytes as a short label ("256KiB", "2MiB", "1.5GiB", "1000B")
inline std::string
SizeLabel(double bytes)
{
    static const std::pair<double, const char*> UNITS[]
        = {{1099511627776.0, "TiB"}, {1073741824.0, "GiB"}, {1048576.0, "MiB"}, {1024.0, "KiB"}};
    for (const auto& [scale, name] : UNITS)
    {
        if (bytes >= scale)
        {
            double v = bytes / scale;
            char buf[32];
            std::snprintf(buf, sizeof(buf), v == std::floor(v) ? "%.0f%s" : "%.3g%s", v, name);
            return buf;
        }
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.0fB", bytes);
    return buf;
}

/// A filter COL=VALUE (several separated by commas); @return false on a bad filter
inline bool
ParseWhere(const std::string& text, std::vector<std::pair<std::string, std::string>>* where)
{
    std::size_t start = 0;
    while (start < text.size())
    {
        std::size_t comma = text.find(',', start);
        std::string item
            = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        std::size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
        {
            return false;
        }
        where->emplace_back(item.substr(0, eq), item.substr(eq + 1));
        if (comma == std::string::npos)
        {
            break;
        }
        start = comma + 1;
    }
    return true;
}

/// @return the rows of @p csv that match every filter (an unknown column matches nothing)
inline std::vector<const std::vector<std::string>*>
Select(const Csv& csv, const std::vector<std::pair<std::string, std::string>>& where)
{
    std::vector<const std::vector<std::string>*> rows;
    for (const auto& row : csv.rows)
    {
        bool ok = true;
        for (const auto& [col, value] : where)
        {
            int c = csv.Column(col);
            ok = ok && c >= 0 && row[c] == value;
        }
        if (ok)
        {
            rows.push_back(&row);
        }
    }
    return rows;
}

/// Mean, minimum and maximum of the values of one (variant, x) cell.
struct Stat
{
    double mean {0}; //!< mean
    double min {0};  //!< smallest
    double max {0};  //!< largest
    int n {0};       //!< samples
};

/// One variant's curve: x -> statistics of y, x ascending.
using Series = std::vector<std::pair<double, Stat>>;

/**
 * Group rows by @p by (the variant; "" = one series), then by x, and average y (repeated
 * points, e.g. seeds, become mean with min/max).
 * @return variants in order of first appearance, or an empty vector with @p error set
 */
inline std::vector<std::pair<std::string, Series>>
Aggregate(const Csv& csv,
          const std::vector<const std::vector<std::string>*>& rows,
          const std::string& x,
          const std::string& y,
          const std::string& by,
          std::string* error)
{
    int xc = csv.Column(x);
    int yc = csv.Column(y);
    int bc = by.empty() ? -1 : csv.Column(by);
    std::vector<std::pair<std::string, Series>> out;
    if (xc < 0 || yc < 0 || (!by.empty() && bc < 0))
    {
        *error = csv.path + ": no column '" + (xc < 0 ? x : yc < 0 ? y : by) + "'";
        return out;
    }
    std::vector<std::string> order;
    std::map<std::string, std::map<double, std::vector<double>>> groups;
    for (const auto* row : rows)
    {
        double xv = 0;
        double yv = 0;
        if (!ParseQuantity((*row)[xc], &xv) || !ParseQuantity((*row)[yc], &yv))
        {
            continue; // e.g. "null"
        }
        std::string variant = bc >= 0 ? (*row)[bc] : y;
        if (!groups.count(variant))
        {
            order.push_back(variant);
        }
        groups[variant][xv].push_back(yv);
    }
    for (const auto& variant : order)
    {
        Series s;
        for (const auto& [xv, ys] : groups[variant])
        {
            Stat st;
            st.n = static_cast<int>(ys.size());
            st.min = *std::min_element(ys.begin(), ys.end());
            st.max = *std::max_element(ys.begin(), ys.end());
            double sum = 0;
            for (double v : ys)
            {
                sum += v;
            }
            st.mean = sum / ys.size();
            s.emplace_back(xv, st);
        }
        out.emplace_back(variant, s);
    }
    if (out.empty())
    {
        *error = csv.path + ": no rows with numeric '" + x + "' and '" + y + "'";
    }
    return out;
}

} // namespace fabric_plot

#endif
