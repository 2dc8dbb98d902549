// Where libifd-mynasim.so is: $MYNASIM_IFD, next to the mynasim binary, in ../lib/mynasim/ from
// it (an installed tree), or where this build put it (MYNASIM_IFD_BUILD_PATH, set by CMake).
#pragma once

#include <string>

namespace mynasim::emulator {

// Throws std::runtime_error listing the places looked at.
std::string find_driver();

}  // namespace mynasim::emulator
