// PIN values for programs that need several at once (`mynatool conformance`, `mynasim replay`):
// "NAME=VALUE" lines, NAME from the PIN catalog (auth, sign, text, text-a, ...), '#' comments.
// Read from an environment variable or a file descriptor, never from argv.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace mynasim::client {

using PinValues = std::map<std::string, std::string>;

// Throws std::invalid_argument "WHERE line N: ..." for a line that is not NAME=VALUE or names no
// PIN of the catalog; never shows a value.
PinValues parse_pin_values(std::string_view text, const std::string& where);

// The lines from the named environment variable ("$VAR" in messages) or from descriptor `fd`
// read to its end. Throw std::invalid_argument when the variable is unset or the descriptor
// cannot be read, or as parse_pin_values.
PinValues pin_values_from_env(const std::string& variable);
PinValues pin_values_from_fd(int fd);

}  // namespace mynasim::client
