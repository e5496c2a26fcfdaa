/*
 * fabric-sweep's command line: a sweep file and what to do with it.
 */
#ifndef FABRIC_SWEEP_ARGS_H
#define FABRIC_SWEEP_ARGS_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief What fabric-sweep was asked: run (the default), list, count, one point, merge, or
 * check a file.
 */
struct SweepArgs
{
    std::string file;       //!< the sweep file
    std::string outDir;     //!< --out
    std::string check;      //!< --check FILE
    uint32_t jobs {1};      //!< --jobs / -j (default: the machine's cores)
    bool list {false};      //!< --list
    bool count {false};     //!< --count
    bool merge {false};     //!< --merge
    bool force {false};     //!< --force
    bool quiet {false};     //!< --quiet
    bool help {false};      //!< --help / -h
    bool havePoint {false}; //!< --point given
    uint32_t point {0};     //!< --point K

    SweepArgs();

    /**
     * @param args the arguments after the program name
     * @return "" on success, else what is wrong (for the usage text)
     */
    std::string Parse(const std::vector<std::string>& args);
};

/// @return true when @p text is a whole number that fits 32 bits (then in @p value)
bool ParseIndex(const std::string& text, uint32_t* value);

} // namespace fabric
} // namespace ns3

#endif
