/*
 * One result record: ordered named values, written as a CSV row or a JSON object.
 */
#ifndef FABRIC_RESULT_ROW_H
#define FABRIC_RESULT_ROW_H

#include "helper/fabric-profile.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief An ordered set of named values (numbers or text), the unit of every result file.
 * Column names carry their unit (`fct_p99_us`, `busbw_GBps`, `throughput_pct`).
 */
class ResultRow
{
public:
    /// A value: a number or a text.
    struct Value
    {
        bool isNumber {false}; //!< true for numbers
        double number {0};     //!< the number
        std::string text;      //!< the text
    };

    /// Set (or replace) a number.
    void Set(const std::string& key, double value);

    /// Set (or replace) a text.
    void Set(const std::string& key, const std::string& value);

    /// Set (or replace) a text.
    void Set(const std::string& key, const char* value) { Set(key, std::string(value)); }

    /// @return true when @p key is present
    bool Has(const std::string& key) const;

    /// @return the number under @p key (0 when absent or text)
    double GetNumber(const std::string& key) const;

    /// @return the value under @p key as text ("" when absent)
    std::string GetText(const std::string& key) const;

    /// @return the items in insertion order
    const std::vector<std::pair<std::string, Value>>& Items() const { return m_items; }

    /// @return the column names joined by commas
    std::string CsvHeader() const;

    /// @return the values joined by commas (texts quoted when needed)
    std::string CsvLine() const;

    /// @return a one-line JSON object
    std::string ToJson() const;

private:
    std::vector<std::pair<std::string, Value>> m_items; //!< values in insertion order
};

/// @return @p v formatted for CSV/JSON: integers without a decimal point, others with up to
/// 6 significant decimals
std::string FormatNumber(double v);

/// Write the result columns that say what ran: profile, routing, cc, receive_mode, pfc, ecn,
/// telemetry.
void AddProfileColumns(ResultRow& row, const FabricProfile& profile);

} // namespace fabric
} // namespace ns3

#endif
