// pcscd's logger as the driver sees it (log_msg, declared weak in reader/ifd/log.hpp), played by
// the test program: each line kept as "<priority> <text>". Defined in its own file so the driver's
// header still sees a weak declaration where it is used.
#pragma once

#include <string>
#include <vector>

namespace mynasim::testing {
std::vector<std::string>& pcscd_log();
}  // namespace mynasim::testing
