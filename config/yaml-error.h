/*
 * Errors of the YAML readers: one message with file:line:column and the expected form.
 */
#ifndef FABRIC_YAML_ERROR_H
#define FABRIC_YAML_ERROR_H

#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace fabric
{

/**
 * @brief A bad input file: where (file, 1-based line and column; 0 when unknown) and what.
 * what() is "FILE:LINE:COLUMN: error: MESSAGE" (or "FILE: error: MESSAGE" without a line),
 * followed by "note:" lines when there is more to say.
 */
class SpecError : public std::runtime_error
{
public:
    /**
     * @param file the file name as the user gave it
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     * @param message what is wrong and what was expected
     * @param notes further lines (e.g. other problems of the same spec)
     */
    SpecError(const std::string& file,
              int line,
              int column,
              const std::string& message,
              const std::vector<std::string>& notes = {});

    const std::string& File() const { return m_file; } //!< @return the file

    int Line() const { return m_line; } //!< @return 1-based line (0: unknown)

    int Column() const { return m_column; } //!< @return 1-based column (0: unknown)

    const std::string& Message() const { return m_message; } //!< @return the message alone

private:
    std::string m_file;    //!< file
    int m_line;            //!< line
    int m_column;          //!< column
    std::string m_message; //!< message
};

/// @return the optimal-string-alignment edit distance of @p a and @p b, ignoring case
std::size_t EditDistance(const std::string& a, const std::string& b);

/**
 * @param word what the user wrote
 * @param known the accepted words
 * @return the closest accepted word when it is close enough to be a typo, else ""
 */
std::string ClosestMatch(const std::string& word, const std::vector<std::string>& known);

/**
 * @return "; did you mean 'X'?" when @p word is close to one of @p known, else
 * " (expected one of: a, b, c)"
 */
std::string SuggestionFor(const std::string& word, const std::vector<std::string>& known);

/// @return the words joined with ", "
std::string JoinWords(const std::vector<std::string>& words);

} // namespace fabric
} // namespace ns3

#endif
