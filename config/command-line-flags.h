/*
 * The example programs' command line: ns-3's CommandLine for --help and --PrintAttributes, with
 * every value checked before the program uses it.
 */
#ifndef FABRIC_COMMAND_LINE_FLAGS_H
#define FABRIC_COMMAND_LINE_FLAGS_H

#include "ns3/command-line.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief Flags of an example program.
 *
 * Registered flags are also registered on an ns3::CommandLine, so --help, --PrintHelp and the
 * --Print* introspection flags behave as in every ns-3 program. Everything else is checked here
 * before any value is assigned: an unknown flag, a flag given twice, a positional argument, a
 * number that is not a whole number in its type's range ("abc", "-1", "99999999999"), a bool
 * that is not true/false, an attribute default (--ns3::Type::Attribute=value) or global value
 * (--RngRun=3) that ns-3 does not know or would not accept, an output file that cannot be
 * written. Parse() reports the first problem
 * as one line, "PROGRAM: error: ...", and returns exit status 2; ns-3's CommandLine would print
 * its whole help and exit 1.
 */
class CommandLineFlags
{
public:
    /**
     * @param program the program's name, used in error lines
     * @param usage one paragraph for --help
     */
    CommandLineFlags(const std::string& program, const std::string& usage);

    /// Register a flag --name=value, whose current value is the default.
    void Add(const std::string& name, const std::string& help, std::string& value);
    void Add(const std::string& name, const std::string& help, uint32_t& value);
    void Add(const std::string& name, const std::string& help, uint64_t& value);
    void Add(const std::string& name, const std::string& help, double& value);
    /// A bool flag: --name, --name=true|false|1|0.
    void Add(const std::string& name, const std::string& help, bool& value);

    /**
     * A time with a unit (--timeLimit=1s): Parse rejects one without a unit, and one not above
     * zero ("--NAME must be a positive time with a unit; got 'TEXT'"), or below zero with
     * @p zeroAllowed.
     */
    void AddTime(const std::string& name,
                 const std::string& help,
                 Time& value,
                 bool zeroAllowed = false);

    /// A rate with a unit above zero (--rate=400Gbps).
    void AddRate(const std::string& name, const std::string& help, DataRate& value);

    /// A size with a unit above zero (--flowSize=2MiB).
    void AddSize(const std::string& name, const std::string& help, uint64_t& value);
    /**
     * A file the program will write (--json=PATH): Parse checks, before the program runs
     * anything, that the file can be written (CheckWritable).
     */
    void AddOutput(const std::string& name, const std::string& help, std::string& path);

    /**
     * Check and apply the arguments.
     * @return std::nullopt to go on; else the exit status to return (2 after printing one error
     * line). --help and the --Print* flags print and exit 0 inside, as in ns-3.
     */
    std::optional<int> Parse(int argc, char* argv[]);

    /**
     * Check the arguments without printing or exiting.
     * @return "" when they are good, else the message (without "PROGRAM: error: ")
     */
    std::string Check(const std::vector<std::string>& args);

    /// @return whether --name was given on the command line
    bool Given(const std::string& name) const;

    /**
     * Report bad input the way Parse does: one "PROGRAM: error: MESSAGE" line on stderr.
     * @return the exit status for it, 2
     */
    int Fail(const std::string& message) const;

    /**
     * @param names flags that do not apply in some configuration
     * @param configuration what that configuration is, e.g. "--topology=leaf-spine"
     * @return "" when none of @p names was given, else an error naming the first
     */
    std::string RejectGiven(const std::vector<std::string>& names,
                            const std::string& configuration) const;

    /// @return the program's name
    const std::string& Program() const;

private:
    /// The value type of a flag.
    enum class Kind
    {
        STRING,
        OUTPUT,
        U32,
        U64,
        DOUBLE,
        BOOL,
        TIME,         //!< Time above zero
        TIME_OR_ZERO, //!< Time at or above zero
        RATE,         //!< DataRate above zero
        SIZE,         //!< bytes above zero, with a unit
    };

    /// A registered flag.
    struct Item
    {
        Kind kind;   //!< value type
        void* value; //!< where the value goes
    };

    /**
     * Check one value and, if @p apply, store it.
     * @return "" or the message
     */
    std::string Assign(const std::string& name,
                       const Item& item,
                       const std::string& text,
                       bool apply);

    /// Check all arguments; apply them only if all are good.
    std::string Run(const std::vector<std::string>& args, bool apply, bool* help);

    std::string m_program;               //!< program name
    CommandLine m_cmd;                   //!< ns-3's, for help and introspection
    std::map<std::string, Item> m_items; //!< registered flags by name
    std::set<std::string> m_given;       //!< flags given on the command line
    std::deque<std::string> m_texts;     //!< typed flags as text, for ns-3's help
};

} // namespace fabric
} // namespace ns3

#endif
