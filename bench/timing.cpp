#include "bench/timing.hpp"

#include <algorithm>
#include <cmath>

namespace mynasim::bench {
namespace {

// The smallest sample with at least `fraction` of all samples at or below it.
std::uint64_t nearest_rank(const std::vector<std::uint64_t>& sorted, double fraction) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

Summary summarize(std::vector<std::uint64_t> samples_ns) {
  Summary summary;
  summary.n = samples_ns.size();
  if (samples_ns.empty()) return summary;
  std::sort(samples_ns.begin(), samples_ns.end());
  summary.min_ns = samples_ns.front();
  summary.median_ns = nearest_rank(samples_ns, 0.5);
  summary.p99_ns = nearest_rank(samples_ns, 0.99);
  summary.max_ns = samples_ns.back();
  return summary;
}

nlohmann::json to_json(const Summary& summary) {
  return {{"n", summary.n},
          {"min_ns", summary.min_ns},
          {"median_ns", summary.median_ns},
          {"p99_ns", summary.p99_ns},
          {"max_ns", summary.max_ns}};
}

double ratio(const Summary& measured, const Summary& floor) {
  if (floor.median_ns == 0) return 0;
  const double r = static_cast<double>(measured.median_ns) / static_cast<double>(floor.median_ns);
  return std::round(r * 1000) / 1000;
}

}  // namespace mynasim::bench
