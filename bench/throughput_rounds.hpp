// Rounds of a throughput measurement, each followed by the RSA-2048 verify rate of the same
// moment (bench_portal's logins and OIDC exchanges): the rate's median over the rounds, the
// floor's, the ratio's, each round's figures, and the latency summary of every request timed.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mynasim::bench {

// `round(latencies)` runs one round (its untimed preparation included), appends each request's
// latency and returns the requests per second; the floor is measured with `key` after it and
// appended to `floors`. `name` labels the progress lines, `rate_key` the rate ("logins_per_s").
nlohmann::json throughput_rounds(const std::string& name, const std::string& rate_key, int rounds,
                                 EVP_PKEY* key, std::vector<double>& floors,
                                 const std::function<double(std::vector<std::uint64_t>&)>& round);

double median_of(std::vector<double> values);

}  // namespace mynasim::bench
