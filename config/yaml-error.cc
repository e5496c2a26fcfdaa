/*
 * Errors of the YAML readers: one message with file:line:column and the expected form.
 */
#include "yaml-error.h"

#include <algorithm>
#include <cctype>

namespace ns3
{
namespace fabric
{

namespace
{

std::string
Format(const std::string& file,
       int line,
       int column,
       const std::string& message,
       const std::vector<std::string>& notes)
{
    std::string s = file.empty() ? "<input>" : file;
    if (line > 0)
    {
        s += ":" + std::to_string(line);
        if (column > 0)
        {
            s += ":" + std::to_string(column);
        }
    }
    s += ": error: " + message;
    for (const auto& n : notes)
    {
        s += "\n  note: " + n;
    }
    return s;
}

} // namespace

SpecError::SpecError(const std::string& file,
                     int line,
                     int column,
                     const std::string& message,
                     const std::vector<std::string>& notes)
    : std::runtime_error(Format(file, line, column, message, notes))
    , m_file(file)
    , m_line(line)
    , m_column(column)
    , m_message(message)
{
}

std::size_t
EditDistance(const std::string& a, const std::string& b)
{
    auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    // Optimal string alignment: insertions, deletions, substitutions, adjacent transpositions.
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
    {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= m; ++j)
    {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= n; ++i)
    {
        for (std::size_t j = 1; j <= m; ++j)
        {
            std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2])
                && lower(a[i - 2]) == lower(b[j - 1]))
            {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[n][m];
}

std::string
ClosestMatch(const std::string& word, const std::vector<std::string>& known)
{
    if (word.size() > 200)
    {
        return "";
    }
    std::string best;
    std::size_t bestDistance = SIZE_MAX;
    for (const auto& k : known)
    {
        std::size_t d = EditDistance(word, k);
        if (d < bestDistance)
        {
            bestDistance = d;
            best = k;
        }
    }
    // A typo: at most a third of the longer word changed (and at least 1 edit allowed).
    std::size_t longer = std::max(word.size(), best.size());
    std::size_t limit = std::max<std::size_t>(1, longer / 3);
    return bestDistance <= limit ? best : "";
}

std::string
JoinWords(const std::vector<std::string>& words)
{
    std::string s;
    for (const auto& w : words)
    {
        s += (s.empty() ? "" : ", ") + w;
    }
    return s;
}

std::string
SuggestionFor(const std::string& word, const std::vector<std::string>& known)
{
    std::string match = ClosestMatch(word, known);
    if (!match.empty())
    {
        return "; did you mean '" + match + "'?";
    }
    return " (expected one of: " + JoinWords(known) + ")";
}

} // namespace fabric
} // namespace ns3
