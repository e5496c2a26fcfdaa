/*
 * Helpers of the YAML, sweep and plot tests: run a built program and capture its output and
 * exit status, make scratch directories, read and write files.
 */
#ifndef FABRIC_YAML_TEST_UTIL_H
#define FABRIC_YAML_TEST_UTIL_H

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fabric_test
{

/// What a program did.
struct RunResult
{
    int status {-1};       //!< exit status (-1 when it did not exit normally)
    bool signaled {false}; //!< killed by a signal (a crash)
    std::string output;    //!< stdout and stderr together
};

/// Run @p command through the shell, stdout and stderr captured together.
inline RunResult
RunCommand(const std::string& command)
{
    RunResult r;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (!p)
    {
        return r;
    }
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0)
    {
        r.output.append(buf, n);
    }
    int st = pclose(p);
    if (WIFEXITED(st))
    {
        r.status = WEXITSTATUS(st);
    }
    r.signaled = WIFSIGNALED(st);
    return r;
}

/// @return @p path quoted for the shell
inline std::string
Sh(const std::string& path)
{
    std::string q = "'";
    for (char c : path)
    {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

/// The fabric-sweep program of this build.
inline std::string
SweepProgram()
{
    return std::string(FABRIC_BINARY_DIR) + "/tools/fabric-sweep";
}

/// The fabric-plot program of this build.
inline std::string
PlotProgram()
{
    return std::string(FABRIC_BINARY_DIR) + "/fabric-plot";
}

/// A fresh scratch directory under the build directory, removed at the end of the test.
class ScratchDir
{
public:
    explicit ScratchDir(const std::string& name)
    {
        m_path = std::string(FABRIC_BINARY_DIR) + "/test-scratch/" + name + "-"
               + std::to_string(getpid());
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }

    ~ScratchDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }

    const std::string& Path() const { return m_path; }

    std::string operator/(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path; //!< the directory
};

inline void
WriteText(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

inline std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// @return the number of lines of @p text that contain @p needle
inline int
CountLines(const std::string& text, const std::string& needle)
{
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line))
    {
        n += line.find(needle) != std::string::npos;
    }
    return n;
}

} // namespace fabric_test

#endif
