// What the card gets from its host, injected so that tests are deterministic (as in OpenSK):
// randomness, a clock and its non-volatile storage.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace mynasim::card {

namespace store {
class Storage;
}

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::uint64_t unix_seconds() = 0;
};

struct Env {
  Random& random;
  Clock& clock;
  store::Storage& storage;
};

// Host entropy (getrandom) and wall clock, for the real simulator.
Random& system_random();
Clock& system_clock();

// Deterministic generator for tests and fuzzing: block i of the stream is
// SHA-256(seed as 8 bytes big-endian || i as 8 bytes big-endian). It is one stream, so how the
// bytes are split across fill() calls does not change them. Not for keys that matter.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : seed_(seed) {}
  void fill(std::span<std::uint8_t> out) override;

 private:
  std::uint64_t seed_;
  std::uint64_t counter_ = 0;             // index of the next block to compute
  std::array<std::uint8_t, 32> block_{};  // current block; bytes from used_ on not yet handed out
  std::size_t used_ = block_.size();
};

}  // namespace mynasim::card
