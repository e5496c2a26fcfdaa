/*
 * Internal to the YAML readers: located nodes, a strict map reader, scalar readers with units.
 */
#include "yaml-node.h"

#include "config/units.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <sstream>

namespace ns3
{
namespace fabric
{
namespace yaml
{

namespace
{

/// A mark that points somewhere (yaml-cpp gives -1 for nodes that are not in a document).
bool
Valid(const YAML::Mark& m)
{
    return m.line >= 0 && m.column >= 0;
}

/// @return the node's own mark when it has one, else @p fallback
YAML::Mark
MarkOf(const YAML::Node& node, const YAML::Mark& fallback)
{
    if (node.IsDefined())
    {
        YAML::Mark m = node.Mark();
        if (Valid(m))
        {
            return m;
        }
    }
    return fallback;
}

/// Outcome of splitting "12.5Gbps".
enum class Split
{
    OK,        //!< number and unit
    NO_NUMBER, //!< does not start with a number
    NO_UNIT,   //!< a bare number
};

Split
SplitQuantity(const std::string& text, double* value, std::string* unit)
{
    const char* begin = text.c_str();
    while (std::isspace(static_cast<unsigned char>(*begin)))
    {
        ++begin;
    }
    // Reject what strtod would read as hex, infinity or NaN: quantities are decimal.
    const char* p = begin;
    if (*p == '+' || *p == '-')
    {
        ++p;
    }
    if (!std::isdigit(static_cast<unsigned char>(*p)) && *p != '.')
    {
        return Split::NO_NUMBER;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
        return Split::NO_NUMBER;
    }
    char* end = nullptr;
    *value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(*value))
    {
        return Split::NO_NUMBER;
    }
    std::string rest(end);
    auto notSpace = [](char c) {
        return !std::isspace(static_cast<unsigned char>(c));
    };
    rest.erase(rest.begin(), std::find_if(rest.begin(), rest.end(), notSpace));
    rest.erase(std::find_if(rest.rbegin(), rest.rend(), notSpace).base(), rest.end());
    *unit = rest;
    return rest.empty() ? Split::NO_UNIT : Split::OK;
}

/// The shared checks of a quantity: a scalar, a number, a unit from @p units, a sign.
double
CheckQuantity(const Located& v,
              const std::string& path,
              const std::string& kind,
              const std::string& example,
              const std::vector<std::string>& units,
              bool allowZero)
{
    std::string expected = kind + " with a unit, e.g. " + example;
    std::string text = ScalarText(v, path, expected);
    double value = 0;
    std::string unit;
    switch (SplitQuantity(text, &value, &unit))
    {
        case Split::NO_NUMBER:
            Fail(v, path + ": expected " + expected + "; got '" + text + "'");
        case Split::NO_UNIT:
            Fail(v,
                 path + ": missing unit: expected " + expected + "; got the bare number '" + text
                     + "'");
        case Split::OK:
            break;
    }
    if (std::find(units.begin(), units.end(), unit) == units.end())
    {
        Fail(v,
             path + ": unknown unit '" + unit + "' in '" + text + "'" + SuggestionFor(unit, units));
    }
    if (value < 0)
    {
        Fail(v, path + ": must not be negative; got '" + text + "' (expected " + expected + ")");
    }
    if (value == 0 && !allowZero)
    {
        Fail(v,
             path + ": must be greater than zero; got '" + text + "' (expected " + expected + ")");
    }
    return value;
}

std::string
Trim(std::string s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    {
        s.pop_back();
    }
    std::size_t b = 0;
    while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b])))
    {
        ++b;
    }
    return s.substr(b);
}

/// Counts parser events and stops a parse that emits more than a text of its size can hold.
class ProgressGuard : public YAML::EventHandler
{
public:
    /// Thrown when the limit is passed.
    struct Stuck
    {
    };

    explicit ProgressGuard(std::size_t limit)
        : m_limit(limit)
    {
    }

    void OnDocumentStart(const YAML::Mark& m) override { Tick(m); }

    void OnDocumentEnd() override { Tick(last); }

    void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Tick(m); }

    void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Tick(m); }

    void OnScalar(const YAML::Mark& m,
                  const std::string&,
                  YAML::anchor_t,
                  const std::string&) override
    {
        Tick(m);
    }

    void OnSequenceStart(const YAML::Mark& m,
                         const std::string&,
                         YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
        Tick(m);
    }

    void OnSequenceEnd() override { Tick(last); }

    void OnMapStart(const YAML::Mark& m,
                    const std::string&,
                    YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
        Tick(m);
    }

    void OnMapEnd() override { Tick(last); }

    YAML::Mark last; //!< where the latest event was

private:
    void Tick(const YAML::Mark& m)
    {
        if (Valid(m))
        {
            last = m;
        }
        if (++m_events > m_limit)
        {
            throw Stuck {};
        }
    }

    std::size_t m_limit;      //!< most events accepted
    std::size_t m_events {0}; //!< events so far
};

/// The message for a file of @p size bytes (written out) over MAX_YAML_BYTES.
std::string
TooLarge(const std::string& size)
{
    return "file too large (" + size + " bytes); expected a YAML document under "
         + std::to_string(MAX_YAML_BYTES) + " bytes";
}

} // namespace

std::size_t
FirstInvalidUtf8(const std::string& text)
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n)
    {
        unsigned char c = p[i];
        if (c == 0)
        {
            return i;
        }
        if (c < 0x80)
        {
            ++i;
            continue;
        }
        std::size_t len = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0)
        {
            len = 2;
            cp = c & 0x1F;
        }
        else if ((c & 0xF0) == 0xE0)
        {
            len = 3;
            cp = c & 0x0F;
        }
        else if ((c & 0xF8) == 0xF0)
        {
            len = 4;
            cp = c & 0x07;
        }
        else
        {
            return i;
        }
        if (i + len > n)
        {
            return i;
        }
        for (std::size_t k = 1; k < len; ++k)
        {
            if ((p[i + k] & 0xC0) != 0x80)
            {
                return i;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // No overlong forms, no surrogates, nothing past U+10FFFF.
        static const uint32_t MIN[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < MIN[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        {
            return i;
        }
        i += len;
    }
    return std::string::npos;
}

void
Fail(const Located& at, const std::string& message, const std::vector<std::string>& notes)
{
    YAML::Mark m = MarkOf(at.node, at.mark);
    if (Valid(m))
    {
        throw SpecError(at.file, m.line + 1, m.column + 1, message, notes);
    }
    throw SpecError(at.file, 0, 0, message, notes);
}

Located
ParseDocument(const std::string& text, const std::string& file)
{
    if (text.size() > MAX_YAML_BYTES)
    {
        throw SpecError(file, 0, 0, TooLarge(std::to_string(text.size())));
    }
    // YAML is Unicode text: a NUL byte or a byte sequence that is not UTF-8 is reported at its
    // line and column (byte-based).
    auto where = [&text](std::size_t at, int* line, int* column) {
        *line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
        std::size_t lineStart = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
        *column = static_cast<int>(at - (lineStart == std::string::npos ? 0 : lineStart + 1)) + 1;
    };
    std::size_t bad = FirstInvalidUtf8(text);
    if (bad != std::string::npos)
    {
        int line = 0;
        int column = 0;
        where(bad, &line, &column);
        throw SpecError(file,
                        line,
                        column,
                        text[bad] == '\0' ? "binary data (NUL byte); expected a YAML text file"
                                          : "invalid UTF-8; expected a YAML text file in UTF-8");
    }
    // First pass: yaml-cpp 0.7 never returns from some malformed input (e.g. a ',' where a
    // block token starts); it keeps emitting events without advancing, so a parse that emits
    // far more events than the text has characters is stopped and reported.
    {
        std::istringstream in(text);
        YAML::Parser parser(in);
        ProgressGuard guard(4 * text.size() + 64);
        try
        {
            while (parser.HandleNextDocument(guard))
            {
            }
        }
        catch (const ProgressGuard::Stuck&)
        {
            throw SpecError(file,
                            guard.last.line + 1,
                            guard.last.column + 1,
                            "malformed YAML: the parser does not advance here (a ',' outside "
                            "[ ] or { } does this; quote text that contains it)");
        }
        catch (const YAML::DeepRecursion& e)
        {
            int line = Valid(e.mark) ? e.mark.line + 1 : 0;
            int column = Valid(e.mark) ? e.mark.column + 1 : 0;
            throw SpecError(file,
                            line,
                            column,
                            "YAML nested " + std::to_string(e.depth())
                                + " levels deep, the parser's limit; expected a shallow map of "
                                  "'key: value' lines");
        }
        catch (const YAML::Exception& e)
        {
            int line = Valid(e.mark) ? e.mark.line + 1 : 0;
            int column = Valid(e.mark) ? e.mark.column + 1 : 0;
            throw SpecError(file,
                            line,
                            column,
                            "malformed YAML: " + e.msg
                                + " (expected 'key: value' lines, lists as '- item' or [a, b])");
        }
    }
    std::vector<YAML::Node> docs;
    try
    {
        docs = YAML::LoadAll(text);
    }
    catch (const YAML::Exception& e)
    {
        int line = Valid(e.mark) ? e.mark.line + 1 : 0;
        int column = Valid(e.mark) ? e.mark.column + 1 : 0;
        throw SpecError(file,
                        line,
                        column,
                        "malformed YAML: " + e.msg
                            + " (expected 'key: value' lines, lists as '- item' or [a, b])");
    }
    if (docs.size() > 1)
    {
        Located second {docs[1], file, docs[1].Mark()};
        Fail(second,
             "expected one YAML document, found " + std::to_string(docs.size())
                 + " (remove the extra '---')");
    }
    if (docs.empty() || docs[0].IsNull() || !docs[0].IsDefined())
    {
        throw SpecError(file, 1, 1, "empty document; expected a map of 'key: value' lines");
    }
    Located doc {docs[0], file, docs[0].Mark()};
    if (!doc.node.IsMap())
    {
        // A scalar document is a file's whole text (a README, /etc/passwd): say what it is
        // rather than quoting it.
        Fail(doc,
             "expected a map of 'key: value' lines at the top level, found "
                 + (doc.node.IsScalar() ? std::string("plain text (not YAML 'key: value' lines)")
                                        : Describe(doc.node)));
    }
    return doc;
}

Located
LoadDocument(const std::string& path, const Located* from)
{
    namespace fs = std::filesystem;
    auto cannot = [&](const std::string& why) -> Located {
        if (from)
        {
            Fail(*from, "cannot read '" + path + "': " + why);
        }
        throw SpecError(path, 0, 0, "cannot read file: " + why);
    };
    std::error_code ec;
    if (fs::is_directory(path, ec))
    {
        return cannot("is a directory (expected a YAML file)");
    }
    if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    {
        return cannot("not a regular file (expected a YAML file)");
    }
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
    {
        return cannot(std::strerror(errno));
    }
    std::string text;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0)
    {
        text.append(buf, n);
        if (text.size() > MAX_YAML_BYTES)
        {
            break;
        }
    }
    bool readError = std::ferror(f) != 0;
    int err = errno;
    std::fclose(f);
    if (readError)
    {
        return cannot(std::strerror(err));
    }
    if (text.size() > MAX_YAML_BYTES)
    {
        // Reading stopped at the limit: report the file's size, not what was read of it.
        uintmax_t size = fs::file_size(path, ec);
        std::string what
            = TooLarge(ec ? "over " + std::to_string(MAX_YAML_BYTES) : std::to_string(size));
        if (from)
        {
            Fail(*from, "cannot read '" + path + "': " + what);
        }
        throw SpecError(path, 0, 0, what);
    }
    return ParseDocument(text, path);
}

std::string
ResolvePath(const std::string& path, const std::string& baseFile)
{
    namespace fs = std::filesystem;
    fs::path p(path);
    if (p.is_absolute() || baseFile.empty())
    {
        return p.lexically_normal().string();
    }
    fs::path dir = fs::path(baseFile).parent_path();
    return (dir / p).lexically_normal().string();
}

std::string
Describe(const YAML::Node& node)
{
    if (!node.IsDefined() || node.IsNull())
    {
        return "nothing";
    }
    if (node.IsMap())
    {
        return "a map";
    }
    if (node.IsSequence())
    {
        return "a list";
    }
    std::string s = node.Scalar();
    if (s.size() > 40)
    {
        s = s.substr(0, 37) + "...";
    }
    return "'" + s + "'";
}

MapReader::MapReader(const Located& at,
                     const std::string& path,
                     const std::string& what,
                     ReadContext* ctx)
    : m_at(at)
    , m_path(path)
    , m_what(what)
    , m_ctx(ctx)
{
    m_at.mark = MarkOf(at.node, at.mark);
    if (!at.node.IsMap())
    {
        Fail(m_at,
             (path.empty() ? what : path) + ": expected a map of 'key: value' entries, found "
                 + Describe(at.node));
    }
    for (auto it = at.node.begin(); it != at.node.end(); ++it)
    {
        Located key {it->first, at.file, MarkOf(it->first, m_at.mark)};
        if (!it->first.IsScalar())
        {
            Fail(key,
                 (path.empty() ? what : path) + ": keys must be plain words, found "
                     + Describe(it->first));
        }
        std::string name = it->first.Scalar();
        auto seen = m_keys.find(name);
        if (seen != m_keys.end())
        {
            Fail(key,
                 "duplicate key '" + name + "' in " + what + " (first given on line "
                     + std::to_string(seen->second.mark.line + 1) + ")");
        }
        m_keys[name] = key;
        m_values[name] = Located {it->second, at.file, MarkOf(it->second, key.mark)};
        m_order.push_back(name);
    }
}

std::string
MapReader::PathOf(const std::string& key) const
{
    return m_path.empty() ? key : m_path + "." + key;
}

std::optional<Located>
MapReader::Get(const std::string& key)
{
    if (std::find(m_declared.begin(), m_declared.end(), key) == m_declared.end())
    {
        m_declared.push_back(key);
    }
    std::string path = PathOf(key);
    if (m_ctx)
    {
        m_ctx->knownPaths.insert(path);
        auto o = m_ctx->overrides.find(path);
        if (o != m_ctx->overrides.end())
        {
            m_ctx->usedOverrides.insert(path);
            return o->second;
        }
    }
    auto it = m_values.find(key);
    if (it == m_values.end())
    {
        return std::nullopt;
    }
    return it->second;
}

bool
MapReader::Has(const std::string& key) const
{
    if (m_ctx && m_ctx->overrides.count(PathOf(key)))
    {
        return true;
    }
    return m_values.count(key) > 0;
}

Located
MapReader::Where(const std::string& key) const
{
    if (m_ctx)
    {
        auto o = m_ctx->overrides.find(PathOf(key));
        if (o != m_ctx->overrides.end())
        {
            return o->second;
        }
    }
    auto it = m_keys.find(key);
    return it == m_keys.end() ? m_at : it->second;
}

void
MapReader::Finish() const
{
    for (const auto& name : m_order)
    {
        if (std::find(m_declared.begin(), m_declared.end(), name) == m_declared.end())
        {
            Fail(m_keys.at(name),
                 "unknown key '" + name + "' in " + m_what + SuggestionFor(name, m_declared));
        }
    }
}

std::string
ScalarText(const Located& v, const std::string& path, const std::string& expected)
{
    if (!v.node.IsScalar())
    {
        Fail(v, path + ": expected " + expected + ", found " + Describe(v.node));
    }
    return v.node.Scalar();
}

std::string
ReadString(const Located& v, const std::string& path, const std::string& expected)
{
    std::string s = ScalarText(v, path, expected);
    if (Trim(s).empty())
    {
        Fail(v, path + ": expected " + expected + ", found an empty string");
    }
    return s;
}

std::string
ReadChoice(const Located& v, const std::string& path, const std::vector<std::string>& known)
{
    std::string s = ScalarText(v, path, "one of: " + JoinWords(known));
    if (std::find(known.begin(), known.end(), s) == known.end())
    {
        Fail(v, path + ": unknown value '" + s + "'" + SuggestionFor(s, known));
    }
    return s;
}

uint32_t
ReadCount(const Located& v, const std::string& path, uint32_t minimum)
{
    std::string expected
        = minimum > 0 ? "a whole number >= " + std::to_string(minimum) : "a whole number >= 0";
    std::string text = Trim(ScalarText(v, path, expected));
    std::string digits = text;
    if (!digits.empty() && digits[0] == '+')
    {
        digits.erase(0, 1);
    }
    bool allDigits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
    if (!allDigits)
    {
        double value = 0;
        std::string unit;
        Split s = SplitQuantity(text, &value, &unit);
        if (s != Split::NO_NUMBER && value < 0)
        {
            Fail(v,
                 path + ": must not be negative; got '" + text + "' (expected " + expected + ")");
        }
        if (s == Split::OK)
        {
            Fail(v,
                 path + ": expected a plain count without a unit (" + expected + "); got '" + text
                     + "'");
        }
        Fail(v, path + ": expected " + expected + "; got '" + text + "'");
    }
    if (digits.size() > 10 || std::stoull(digits) > std::numeric_limits<uint32_t>::max())
    {
        Fail(v, path + ": " + text + " is too large (at most 4294967295)");
    }
    auto value = static_cast<uint32_t>(std::stoull(digits));
    if (value < minimum)
    {
        Fail(v, path + ": must be at least " + std::to_string(minimum) + "; got " + text);
    }
    return value;
}

bool
ReadBool(const Located& v, const std::string& path)
{
    std::string text = ScalarText(v, path, "true or false");
    std::string lower;
    for (char c : text)
    {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower == "true" || lower == "yes" || lower == "on")
    {
        return true;
    }
    if (lower == "false" || lower == "no" || lower == "off")
    {
        return false;
    }
    Fail(v, path + ": expected true or false; got '" + text + "'");
}

DataRate
ReadRate(const Located& v, const std::string& path)
{
    CheckQuantity(v, path, "a rate", "400Gbps", RateUnitNames(), false);
    auto rate = ParseDataRate(v.node.Scalar());
    if (!rate || rate->GetBitRate() == 0)
    {
        Fail(v,
             path + ": '" + v.node.Scalar()
                 + "' is out of range (expected a rate with a unit between 1bps and 1000Pbps, "
                   "e.g. 400Gbps)");
    }
    return *rate;
}

Time
ReadTime(const Located& v, const std::string& path, bool allowZero)
{
    CheckQuantity(v, path, "a time", "600ns", TimeUnitNames(), allowZero);
    auto t = ParseTime(v.node.Scalar());
    if (!t || t->IsStrictlyNegative() || (!allowZero && t->IsZero()))
    {
        Fail(v,
             path + ": '" + v.node.Scalar()
                 + "' is out of range (expected a time with a unit between 1ps and about 100 "
                   "days, e.g. 600ns)");
    }
    return *t;
}

uint64_t
ReadBytes(const Located& v, const std::string& path)
{
    CheckQuantity(v, path, "a size", "2MiB", SizeUnitNames(), false);
    auto b = ParseBytes(v.node.Scalar());
    if (!b || *b == 0)
    {
        Fail(v,
             path + ": '" + v.node.Scalar()
                 + "' is not a whole number of bytes in range (expected a size with a unit, "
                   "e.g. 2MiB)");
    }
    return *b;
}

std::vector<Located>
ReadList(const Located& v, const std::string& path, const std::string& what)
{
    if (!v.node.IsSequence())
    {
        Fail(v, path + ": expected a list of " + what + ", found " + Describe(v.node));
    }
    std::vector<Located> items;
    for (std::size_t i = 0; i < v.node.size(); ++i)
    {
        YAML::Node item = v.node[i];
        items.push_back(Located {item, v.file, MarkOf(item, v.mark)});
    }
    return items;
}

void
EmitText(YAML::Emitter& out, const std::string& text)
{
    bool control = std::any_of(text.begin(), text.end(), [](unsigned char c) {
        return c < 0x20 || c == 0x7f;
    });
    if (control)
    {
        out << YAML::DoubleQuoted;
    }
    out << text;
}

} // namespace yaml
} // namespace fabric
} // namespace ns3
