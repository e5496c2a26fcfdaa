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

} // namespace fabric
} // namespace ns3

#endif
