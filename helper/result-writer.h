/*
 * Writing result files so that a reader never sees a half-written one.
 */
#ifndef FABRIC_RESULT_WRITER_H
#define FABRIC_RESULT_WRITER_H

#include <string>

namespace ns3
{
namespace fabric
{

/**
 * Write @p content to @p path atomically: to a temporary file in the same directory, flushed,
 * then renamed over @p path. A run killed midway leaves either the old file or the new one.
 * Missing parent directories are created.
 * @return false when the file cannot be written
 */
bool WriteFileAtomically(const std::string& path, const std::string& content);

/**
 * Check, before a run, that WriteFileAtomically(@p path, ...) will be able to write: the parent
 * directory exists or can be created, a file can be created in it, and @p path is not a
 * directory. Nothing is left behind but the directories. An empty @p path (no output asked for)
 * is fine.
 * @param flag the option that named the path, for the message (e.g. "--json")
 * @return "" when writable, else the message naming the flag, the path and the reason
 */
std::string CheckWritable(const std::string& flag, const std::string& path);

/// @return @p label with every character other than a letter, digit or '-' replaced by '_',
/// for a file name ("spectrum-x/cc=none" -> "spectrum-x_cc_none")
std::string FileSafeLabel(const std::string& label);

} // namespace fabric
} // namespace ns3

#endif
