#include "tools/common/authority/ocsp_over_http.hpp"

namespace mynasim::authority {

pki::verify::OcspTransport ocsp_over_http(http::Deadline deadline) {
  return [deadline](const std::string& url, ByteView request) -> std::optional<Bytes> {
    constexpr std::size_t kMaxOcspResponse = 64 * 1024;
    const auto answer = http::post(url, std::string(request.begin(), request.end()),
                                   "application/ocsp-request", deadline, kMaxOcspResponse);
    if (!answer || answer->status != 200) return std::nullopt;
    return Bytes(answer->body.begin(), answer->body.end());
  };
}

}  // namespace mynasim::authority
