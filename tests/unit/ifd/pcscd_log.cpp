#include "tests/unit/ifd/pcscd_log.hpp"

#include <cstdarg>
#include <cstdio>

namespace mynasim::testing {
std::vector<std::string>& pcscd_log() {
  static std::vector<std::string> lines;
  return lines;
}
}  // namespace mynasim::testing

extern "C" void log_msg(const int priority, const char* fmt, ...) {
  char line[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  mynasim::testing::pcscd_log().push_back(std::to_string(priority) + " " + line);
}
