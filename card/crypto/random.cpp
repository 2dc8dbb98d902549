// The host's entropy and clock for the real simulator, and the seeded stream for tests.
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "card/crypto/digest.hpp"
#include "card/env.hpp"

namespace mynasim::card {
namespace {

class SystemRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    std::size_t done = 0;
    while (done < out.size()) {
      // getrandom may return fewer bytes than asked (large requests, signals): keep going.
      const ssize_t got = getrandom(out.data() + done, out.size() - done, 0);
      if (got < 0) {
        if (errno == EINTR) continue;
        // A card that cannot get entropy must not go on to make keys or blinding values.
        std::abort();
      }
      done += static_cast<std::size_t>(got);
    }
  }
};

class SystemClock final : public Clock {
 public:
  std::uint64_t unix_seconds() override {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    return seconds < 0 ? 0 : static_cast<std::uint64_t>(seconds);
  }
};

void put_u64(std::uint8_t* to, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    to[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

}  // namespace

Random& system_random() {
  static SystemRandom random;
  return random;
}

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

void SeededRandom::fill(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    if (used_ == block_.size()) {
      std::uint8_t input[16];
      put_u64(input, seed_);
      put_u64(input + 8, counter_++);
      block_ = crypto::sha256(input);
      used_ = 0;
    }
    const std::size_t n = std::min(block_.size() - used_, out.size() - done);
    std::copy_n(block_.begin() + static_cast<std::ptrdiff_t>(used_), n,
                out.begin() + static_cast<std::ptrdiff_t>(done));
    used_ += n;
    done += n;
  }
}

}  // namespace mynasim::card
