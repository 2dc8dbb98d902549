// What the program frees: this test program replaces operator new and delete (freed_blocks.cpp)
// so that, while a test watches, every block freed through the sized delete (what std::vector
// frees with) is searched for a byte pattern such as a PIN.
#pragma once

#include "iso7816/bytes.hpp"

namespace mynasim::testing {

// Starts counting the freed blocks that contain `pattern` (kept by reference: keep it alive).
void watch_freed_blocks(ByteView pattern);
// Stops, and returns how many blocks freed since watch_freed_blocks held the pattern.
int stop_watching_freed_blocks();

}  // namespace mynasim::testing
