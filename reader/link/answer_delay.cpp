#include "reader/link/answer_delay.hpp"

#include <cerrno>
#include <ctime>

namespace mynasim::reader {

void wait_until_elapsed(std::chrono::steady_clock::time_point start,
                        std::chrono::nanoseconds duration) {
  // steady_clock is CLOCK_MONOTONIC on Linux (libstdc++), so its epoch is the kernel's.
  const auto deadline =
      std::chrono::duration_cast<std::chrono::nanoseconds>((start + duration).time_since_epoch());
  timespec at{};
  at.tv_sec = static_cast<time_t>(deadline.count() / 1'000'000'000);
  at.tv_nsec = static_cast<long>(deadline.count() % 1'000'000'000);
  // An absolute deadline makes a signal-interrupted sleep resume without drifting.
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
  }
}

}  // namespace mynasim::reader
