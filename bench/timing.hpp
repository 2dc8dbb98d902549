// Latency samples and their summary (median, p99, min, max), the figures every benchmark prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace mynasim::bench {

struct Summary {
  std::size_t n = 0;
  std::uint64_t min_ns = 0;
  std::uint64_t median_ns = 0;
  std::uint64_t p99_ns = 0;
  std::uint64_t max_ns = 0;
};

// Nearest-rank percentiles over the samples (sorted here, so they are taken by value).
Summary summarize(std::vector<std::uint64_t> samples_ns);

nlohmann::json to_json(const Summary& summary);

// median / floor median, rounded to 3 decimals; 0 when the floor is 0.
double ratio(const Summary& measured, const Summary& floor);

// Nanoseconds `fn` takes, on the monotonic clock.
template <typename Fn>
std::uint64_t time_ns(Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  const auto stop = std::chrono::steady_clock::now();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count());
}

// `warmup` untimed calls, then `n` timed ones.
template <typename Fn>
Summary measure(std::size_t warmup, std::size_t n, Fn&& fn) {
  for (std::size_t i = 0; i < warmup; ++i) fn();
  std::vector<std::uint64_t> samples;
  samples.reserve(n);
  for (std::size_t i = 0; i < n; ++i) samples.push_back(time_ns(fn));
  return summarize(std::move(samples));
}

}  // namespace mynasim::bench
