// libFuzzer target for step 1 of the portal's login validation, parse_login_request
// (tools/mynaportal/login_protocol.cpp): the body of POST /api/login is the first untrusted byte
// the portal reads. It is built from that one source file (the fuzz CMakeLists says why), so the
// portal's servers, database and pages stay out of the fuzz build.
// Beyond the sanitizers' findings, a broken invariant aborts:
//   - it never throws, and answers every body with a request or a rejection;
//   - a body over kMaxRequestBytes is refused as too large, whatever it holds;
//   - an accepted request has the shape docs/jpki-login.md gives: a certificate and a signature
//     (non-empty), a nonce of kNonceBytes in
//     base64url, a format of major version 1, a code of at most 16 characters;
//   - base64 and base64url round-trip any bytes, and origin_of either refuses a URL or gives
//     an origin that is its own origin.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "tools/mynaportal/login_protocol.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::portal;

void require(bool condition) {
  if (!condition) std::abort();
}

void check_request(const LoginRequest& request) {
  require(!request.token.certificate.empty() && !request.token.signature.empty());
  require(request.token.format == kFormat || request.token.format.rfind("jpki-login:1.", 0) == 0);
  const auto nonce = base64url_decode(request.nonce);
  require(nonce && nonce->size() == kNonceBytes);
  require(request.code.size() <= 16);
}

void check_codecs(ByteView bytes, std::string_view text) {
  require(base64_decode(base64_encode(bytes)) == Bytes(bytes.begin(), bytes.end()));
  require(base64url_decode(base64url_encode(bytes)) == Bytes(bytes.begin(), bytes.end()));
  if (const auto origin = origin_of(text)) require(origin_of(*origin) == origin);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_login_request(body);
  if (size > kMaxRequestBytes) {
    const auto* rejection = std::get_if<Rejection>(&parsed);
    require(rejection && rejection->error == LoginError::kTokenTooLarge);
  } else if (const auto* request = std::get_if<LoginRequest>(&parsed)) {
    check_request(*request);
  } else {
    const auto& rejection = std::get<Rejection>(parsed);
    require(!rejection.detail.empty());
  }
  check_codecs(ByteView(data, size), body);
  return 0;
}
