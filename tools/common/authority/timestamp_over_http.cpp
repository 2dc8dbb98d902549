#include "tools/common/authority/timestamp_over_http.hpp"

#include <stdexcept>

#include "pki/tsa/tsa_client.hpp"

namespace mynasim::authority {

pki::cms::Timestamper timestamp_over_http(std::string url, http::Deadline deadline) {
  return [url = std::move(url), deadline](ByteView signature_value) {
    constexpr std::size_t kMaxTimestampResponse = 64 * 1024;
    const pki::tsa::Query query = pki::tsa::make_query(signature_value);
    std::string error;
    const auto answer =
        http::post(url, std::string(query.der.begin(), query.der.end()),
                   "application/timestamp-query", deadline, kMaxTimestampResponse, &error);
    if (!answer) throw std::runtime_error("TSA " + url + ": " + error);
    if (answer->status != 200)
      throw std::runtime_error("TSA " + url + ": HTTP status " + std::to_string(answer->status));
    try {
      return pki::tsa::token_of(Bytes(answer->body.begin(), answer->body.end()), query);
    } catch (const std::exception& e) {
      throw std::runtime_error("TSA " + url + ": " + e.what());
    }
  };
}

}  // namespace mynasim::authority
