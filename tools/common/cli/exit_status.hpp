// Every tool's exit status (DESIGN.md: 0 success, 1 failure, 2 usage) and its command line
// parsed with CLI11 under that rule: --help is a success, any parse error a usage error.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>

namespace mynasim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the message on stderr says what failed
inline constexpr int kExitUsage = 2;    // the command line was wrong

// Parses argv into `app`. Returns the status to exit with when parsing ends the program (--help,
// --version: kExitOk; anything CLI11 refuses: kExitUsage, after CLI11 printed why), nothing when
// the command should run.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

}  // namespace mynasim::cli
