#include "bench/throughput_rounds.hpp"

#include <algorithm>
#include <cmath>

#include "bench/report.hpp"
#include "bench/rsa_verify_floor.hpp"
#include "bench/timing.hpp"

namespace mynasim::bench {

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

nlohmann::json throughput_rounds(const std::string& name, const std::string& rate_key, int rounds,
                                 EVP_PKEY* key, std::vector<double>& floors,
                                 const std::function<double(std::vector<std::uint64_t>&)>& round) {
  nlohmann::json each = nlohmann::json::array();
  std::vector<double> rates, round_floors, ratios;
  std::vector<std::uint64_t> latencies;
  for (int i = 0; i < rounds; ++i) {
    const std::string label = name + ", round " + std::to_string(i + 1);
    progress(label);
    const double rate = round(latencies);
    const double floor = rsa_verify_per_s(key);
    rates.push_back(rate);
    round_floors.push_back(floor);
    floors.push_back(floor);
    ratios.push_back(rate / floor);
    each.push_back({{rate_key, std::round(rate)},
                    {"rsa2048_verify_per_s", std::round(floor)},
                    {"ratio", std::round(rate / floor * 1000) / 1000}});
    progress(label + ": " + std::to_string(rate) + " " + rate_key);
  }
  nlohmann::json out = to_json(summarize(latencies));
  out[rate_key] = std::round(median_of(rates));
  out["rsa2048_verify_per_s"] = std::round(median_of(round_floors));
  out["ratio_to_rsa2048_verify"] = std::round(median_of(ratios) * 1000) / 1000;
  out["rounds"] = each;
  return out;
}

}  // namespace mynasim::bench
