/*
 * One result record: ordered named values, written as a CSV row or a JSON object.
 */
#include "result-row.h"

#include <cmath>
#include <cstdio>

namespace ns3
{
namespace fabric
{

std::string
FormatNumber(double v)
{
    if (!std::isfinite(v))
    {
        return "null";
    }
    char buf[64];
    if (v == std::floor(v) && std::fabs(v) < 9e15)
    {
        std::snprintf(buf, sizeof(buf), "%.0f", v);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%.6g", v);
    }
    return buf;
}

void
ResultRow::Set(const std::string& key, double value)
{
    Value v;
    v.isNumber = true;
    v.number = value;
    for (auto& [k, old] : m_items)
    {
        if (k == key)
        {
            old = v;
            return;
        }
    }
    m_items.emplace_back(key, v);
}

void
ResultRow::Set(const std::string& key, const std::string& value)
{
    Value v;
    v.text = value;
    for (auto& [k, old] : m_items)
    {
        if (k == key)
        {
            old = v;
            return;
        }
    }
    m_items.emplace_back(key, v);
}

bool
ResultRow::Has(const std::string& key) const
{
    for (const auto& [k, v] : m_items)
    {
        if (k == key)
        {
            return true;
        }
    }
    return false;
}

double
ResultRow::GetNumber(const std::string& key) const
{
    for (const auto& [k, v] : m_items)
    {
        if (k == key && v.isNumber)
        {
            return v.number;
        }
    }
    return 0;
}

std::string
ResultRow::GetText(const std::string& key) const
{
    for (const auto& [k, v] : m_items)
    {
        if (k == key)
        {
            return v.isNumber ? FormatNumber(v.number) : v.text;
        }
    }
    return "";
}

std::string
ResultRow::CsvHeader() const
{
    std::string s;
    for (const auto& [k, v] : m_items)
    {
        s += (s.empty() ? "" : ",") + k;
    }
    return s;
}

std::string
ResultRow::CsvLine() const
{
    std::string s;
    bool first = true;
    for (const auto& [k, v] : m_items)
    {
        if (!first)
        {
            s += ",";
        }
        first = false;
        if (v.isNumber)
        {
            s += FormatNumber(v.number);
        }
        else if (v.text.find_first_of(",\"\n") != std::string::npos)
        {
            std::string q = "\"";
            for (char c : v.text)
            {
                q += c == '"' ? std::string("\"\"") : std::string(1, c);
            }
            s += q + "\"";
        }
        else
        {
            s += v.text;
        }
    }
    return s;
}

std::string
ResultRow::ToJson() const
{
    std::string s = "{";
    bool first = true;
    for (const auto& [k, v] : m_items)
    {
        s += (first ? "\"" : ",\"") + k + "\":";
        first = false;
        if (v.isNumber)
        {
            s += FormatNumber(v.number);
            continue;
        }
        s += "\"";
        for (char c : v.text)
        {
            switch (c)
            {
                case '"':
                    s += "\\\"";
                    break;
                case '\\':
                    s += "\\\\";
                    break;
                case '\n':
                    s += "\\n";
                    break;
                default:
                    s += c;
            }
        }
        s += "\"";
    }
    return s + "}";
}

void
AddProfileColumns(ResultRow& row, const FabricProfile& profile)
{
    row.Set("profile", profile.name);
    row.Set("routing", profile.routing);
    row.Set("cc", profile.congestionControl);
    row.Set("receive_mode", profile.receiveMode);
    row.Set("pfc", profile.pfc ? 1.0 : 0.0);
    row.Set("ecn", profile.ecn ? 1.0 : 0.0);
    row.Set("telemetry", profile.telemetry ? 1.0 : 0.0);
}

} // namespace fabric
} // namespace ns3
