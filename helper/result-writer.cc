/*
 * Writing result files so that a reader never sees a half-written one.
 */
#include "result-writer.h"

#include "helper/distributed.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace ns3
{
namespace fabric
{

bool
WriteFileAtomically(const std::string& path, const std::string& content)
{
    if (Distributed::Rank() != 0)
    {
        return true; // results are gathered on every rank; rank 0 writes them
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path target(path);
    if (target.has_parent_path())
    {
        fs::create_directories(target.parent_path(), ec);
    }
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
    {
        return false;
    }
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    ok = std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

std::string
CheckWritable(const std::string& flag, const std::string& path)
{
    namespace fs = std::filesystem;
    if (path.empty())
    {
        return "";
    }
    auto fail = [&](const std::string& why) {
        return "cannot write " + flag + "=" + path + ": " + why;
    };
    std::error_code ec;
    fs::path target(path);
    if (fs::is_directory(target, ec))
    {
        return fail("it is a directory");
    }
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    fs::create_directories(dir, ec);
    if (ec)
    {
        return fail(ec.message());
    }
    std::string probe
        = (dir / (target.filename().string() + ".probe." + std::to_string(getpid()))).string();
    FILE* f = std::fopen(probe.c_str(), "wb");
    if (!f)
    {
        return fail(std::strerror(errno));
    }
    std::fclose(f);
    std::remove(probe.c_str());
    return "";
}

std::string
FileSafeLabel(const std::string& label)
{
    std::string safe = label;
    for (char& c : safe)
    {
        c = std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
    }
    return safe;
}

} // namespace fabric
} // namespace ns3
