#include "reader/client/pin_values.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "reader/client/pin_catalog.hpp"

namespace mynasim::client {

PinValues parse_pin_values(std::string_view text, const std::string& where) {
  PinValues values;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument(where + " line " + std::to_string(number) +
                                  ": expected NAME=VALUE");
    const std::string name = line.substr(0, eq);
    if (!find_pin(name))
      throw std::invalid_argument(where + " line " + std::to_string(number) + ": unknown PIN \"" +
                                  name + "\" (known: " + pin_names() + ")");
    values[name] = line.substr(eq + 1);
  }
  return values;
}

PinValues pin_values_from_env(const std::string& variable) {
  const char* text = std::getenv(variable.c_str());
  if (!text) throw std::invalid_argument("environment variable " + variable + " is not set");
  return parse_pin_values(text, "$" + variable);
}

PinValues pin_values_from_fd(int fd) {
  std::string text;
  char buffer[512];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  if (n < 0)
    throw std::invalid_argument("cannot read PIN values from descriptor " + std::to_string(fd));
  return parse_pin_values(text, "descriptor " + std::to_string(fd));
}

}  // namespace mynasim::client
