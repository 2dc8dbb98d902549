// The faults' random numbers: SplitMix64 (Steele, Lea, Flood 2014), fully specified here so that
// a seed gives the same firings and the same corrupted bits on every platform and compiler (the
// standard library's distributions are not specified bit for bit).
#pragma once

#include <cstdint>

namespace mynasim::reader::faults {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
  // Two numbers into one seed, for a stream per rule: (file seed, rule index).
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    SeededRandom random(a ^ (b * 0xD1B54A32D192ED03ULL));
    return random.next();
  }
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // In [0, n), n > 0 (the modulo bias is below 2^-40 for the sizes used here).
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

}  // namespace mynasim::reader::faults
