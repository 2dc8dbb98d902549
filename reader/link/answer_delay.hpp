// Holding an answer back for a given time, as a slow card does: timing profiles and delay
// faults both wait here, so their accuracy is measured once (bench/, delay accuracy).
#pragma once

#include <chrono>

namespace mynasim::reader {

// Sleeps until `duration` has passed since `start` (CLOCK_MONOTONIC, absolute deadline: the
// time the card spent computing counts). Returns at once when that moment has passed.
void wait_until_elapsed(std::chrono::steady_clock::time_point start,
                        std::chrono::nanoseconds duration);

}  // namespace mynasim::reader
