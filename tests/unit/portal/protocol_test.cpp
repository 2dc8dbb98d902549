// jpki-login:1's building blocks: the signed digest, base64, origins, the challenge store's
// single use, and the OCSP cache of the revocation checker.

#include <catch2/catch.hpp>

#include "login_world.hpp"
#include "tools/mynaportal/challenge_store.hpp"
#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal {
namespace {

std::string hex(ByteView bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

}  // namespace

TEST_CASE("signed digest: SHA-256(SHA-256(origin) || SHA-256(nonce))", "[portal]") {
  // Known answer computed independently:
  //   python3 -c "import hashlib as h; o=h.sha256(b'https://127.0.0.1:8443').digest();
  //   n=h.sha256(b'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').digest();
  //   print(h.sha256(o+n).hexdigest())"
  const std::string nonce(43, 'A');
  CHECK(hex(signed_digest("https://127.0.0.1:8443", nonce)) ==
        "01b1c18221ddbccf381dd627b43368da1d8e3b843bd449c92182f014bd1816c4");
  CHECK(signed_message("https://127.0.0.1:8443", nonce).size() == 64);
}

TEST_CASE("base64 and base64url round trips and refusals", "[portal]") {
  const Bytes data = {0xfb, 0xff, 0x00, 0x01};
  CHECK(base64_encode(data) == "+/8AAQ==");
  CHECK(base64url_encode(data) == "-_8AAQ");
  CHECK(*base64_decode("+/8AAQ==") == data);
  CHECK(*base64url_decode("-_8AAQ") == data);
  CHECK_FALSE(base64_decode("+/8AAQ="));
  CHECK_FALSE(base64_decode("+/8A AQ=="));
  CHECK_FALSE(base64url_decode("+/8AAQ"));
  CHECK(base64_decode("")->empty());
}

TEST_CASE("origin_of: scheme, host lower-cased, default port dropped", "[portal]") {
  CHECK(*origin_of("https://Portal.Test:443/login?x=1") == "https://portal.test");
  CHECK(*origin_of("https://127.0.0.1:8443") == "https://127.0.0.1:8443");
  CHECK(*origin_of("http://h:80/") == "http://h");
  CHECK_FALSE(origin_of("ftp://h"));
  CHECK_FALSE(origin_of("https://user@h/"));
  CHECK_FALSE(origin_of("https:///x"));
  // Found by fuzz_login_request: an authority that is not host[:port] is no origin.
  CHECK_FALSE(origin_of("https://h:443:443"));
  CHECK_FALSE(origin_of("https://h:"));
  CHECK_FALSE(origin_of("https://h:8x"));
  CHECK_FALSE(origin_of("https://:8443"));
  CHECK_FALSE(origin_of("https://[::1"));
  CHECK_FALSE(origin_of("https://[::1]8443"));
  CHECK(*origin_of("https://[::1]:8443/x") == "https://[::1]:8443");
  CHECK(*origin_of("https://[::1]:443") == "https://[::1]");
}

TEST_CASE("challenge store: one use, one session, five minutes", "[portal]") {
  ChallengeStore store;
  const std::string a = store.issue("s1", 1000);
  CHECK(base64url_decode(a)->size() == 32);
  CHECK_FALSE(store.take("s1", a, 1299));
  CHECK(store.take("s1", a, 1299)->error == LoginError::kNonceReused);

  const std::string b = store.issue("s1", 1000);
  CHECK(store.take("s1", b, 1300)->error == LoginError::kNonceExpired);

  const std::string c = store.issue("s1", 1000);
  const std::string d = store.issue("s1", 1000);  // replaces c
  CHECK(store.take("s1", c, 1001)->error == LoginError::kNonceReused);
  CHECK(store.take("s2", d, 1001)->error == LoginError::kNonceWrongSession);
  CHECK(store.take("s1", d, 1001)->error == LoginError::kNonceReused);  // burnt by the attempt
  CHECK(store.take("s1", std::string(43, 'x'), 1001)->error == LoginError::kNonceUnknown);
  CHECK(store.live_count() == 0);
}

TEST_CASE("request schema: every field checked before anything else", "[portal]") {
  const auto code = [](std::string_view body) {
    auto r = parse_login_request(body);
    return std::holds_alternative<Rejection>(r) ? std::string(code_of(std::get<Rejection>(r).error))
                                                : std::string("OK");
  };
  const std::string nonce(43, 'A');
  const std::string ok = R"({"token":{"format":"jpki-login:1.0","certificate":"AAAA",)"
                         R"("algorithm":"RS256","signature":"AAAA"},"nonce":")" +
                         nonce + R"(","origin":"https://x"})";
  CHECK(code(ok) == "OK");
  CHECK(code("[]") == "TOKEN_MALFORMED");
  CHECK(code(R"({"token":{"format":"jpki-login:1"}})") == "TOKEN_MALFORMED");
  CHECK(code(R"({"token":{"format":"jpki-login:10"}})") == "FORMAT_UNSUPPORTED");
  CHECK(code(R"({"token":{"format":1}})") == "TOKEN_MALFORMED");
  std::string short_nonce = ok;
  short_nonce.replace(short_nonce.find(nonce), nonce.size(), "AAAA");
  CHECK(code(short_nonce) == "TOKEN_MALFORMED");
  CHECK(code(std::string(kMaxRequestBytes + 1, ' ')) == "TOKEN_TOO_LARGE");
}

TEST_CASE("request schema: the optional sign_token is a token too", "[portal]") {
  const std::string token = R"({"format":"jpki-login:1.0","certificate":"AAAA",)"
                            R"("algorithm":"RS256","signature":"AAAA"})";
  const auto with_sign = [&token](const std::string& sign) {
    return R"({"token":)" + token + R"(,"sign_token":)" + sign + R"(,"nonce":")" +
           std::string(43, 'A') + R"(","origin":"https://x"})";
  };
  const std::string ok = with_sign(R"({"format":"jpki-login:1.0","certificate":"AQID",)"
                                   R"("algorithm":"RS256","signature":"BAUG"})");
  auto parsed = parse_login_request(ok);
  REQUIRE(std::holds_alternative<LoginRequest>(parsed));
  const auto& sign = std::get<LoginRequest>(parsed).sign_token;
  REQUIRE(sign);
  CHECK(sign->certificate == Bytes{1, 2, 3});
  CHECK(sign->signature == Bytes{4, 5, 6});
  CHECK(sign->algorithm == "RS256");
  const auto rejection = [](const std::string& body) {
    auto r = parse_login_request(body);
    REQUIRE(std::holds_alternative<Rejection>(r));
    return std::get<Rejection>(r);
  };
  CHECK(rejection(with_sign("[]")).detail == "sign_token is not an object");
  CHECK(rejection(with_sign(R"({"format":"jpki-login:1.0"})")).detail ==
        "sign_token.certificate, sign_token.algorithm and sign_token.signature are required "
        "strings");
  CHECK(rejection(with_sign(R"({"format":"jpki-login:1.0","certificate":"!!!!",)"
                            R"("algorithm":"RS256","signature":"AAAA"})"))
            .detail == "sign_token.certificate is not base64");
  CHECK(rejection(with_sign(R"({"format":"jpki-login:2"})")).error ==
        LoginError::kFormatUnsupported);
  // Without one, none.
  auto plain = parse_login_request(R"({"token":)" + token + R"(,"nonce":")" +
                                   std::string(43, 'A') + R"(","origin":"https://x"})");
  REQUIRE(std::holds_alternative<LoginRequest>(plain));
  CHECK_FALSE(std::get<LoginRequest>(plain).sign_token);
  CHECK_FALSE(std::get<LoginRequest>(plain).document_signature);
}

TEST_CASE("request schema: scope sign's document_signature, base64 of at most 512 bytes",
          "[portal]") {
  const std::string token = R"({"format":"jpki-login:1.0","certificate":"AAAA",)"
                            R"("algorithm":"RS256","signature":"AAAA"})";
  const auto with_document = [&token](const std::string& value) {
    return R"({"token":)" + token + R"(,"document_signature":)" + value + R"(,"nonce":")" +
           std::string(43, 'A') + R"(","origin":"https://x"})";
  };
  auto parsed = parse_login_request(with_document(R"("AQID")"));
  REQUIRE(std::holds_alternative<LoginRequest>(parsed));
  CHECK(std::get<LoginRequest>(parsed).document_signature == Bytes{1, 2, 3});
  const auto detail = [](const std::string& body) {
    auto r = parse_login_request(body);
    REQUIRE(std::holds_alternative<Rejection>(r));
    CHECK(std::get<Rejection>(r).error == LoginError::kTokenMalformed);
    return std::get<Rejection>(r).detail;
  };
  const std::string message = "document_signature is not base64 of at most 512 bytes";
  CHECK(detail(with_document("1")) == message);
  CHECK(detail(with_document(R"("!!!!")")) == message);
  CHECK(detail(with_document(R"("")")) == message);
  CHECK(detail(with_document("\"" + std::string(684, 'A') + "\"")) == message);  // 513 bytes
  CHECK(std::holds_alternative<LoginRequest>(
      parse_login_request(with_document("\"" + std::string(684, 'A').replace(682, 2, "==") + "\""))));
}

TEST_CASE("revocation checker: an OCSP answer is reused until its nextUpdate", "[portal]") {
  using testing::kLoginAt;
  testing::LoginWorld& world = testing::shared_world();
  int asked = 0;
  auto live = world.ocsp("live", kLoginAt);
  RevocationConfig config;
  config.ocsp = [&](const std::string& url, ByteView request) {
    ++asked;
    return live(url, request);
  };
  RevocationChecker checker(config);
  const Bytes& cert = world.certificate("auth");
  CHECK(checker.check(cert, world.anchors(), kLoginAt).revocation_source == "ocsp");
  auto again = checker.check(cert, world.anchors(), kLoginAt + 3599);
  CHECK(again.result.ok());
  CHECK(again.revocation_source == "ocsp-cache");
  CHECK(asked == 1);
  CHECK(checker.cached() == 1);
  // A revoked certificate's answer is cached too, and still refuses.
  const Bytes& revoked = world.certificate("revoked:lost");
  CHECK(
      checker.check(revoked, world.anchors(), kLoginAt).result.has(pki::verify::Status::kRevoked));
  CHECK(checker.check(revoked, world.anchors(), kLoginAt + 10)
            .result.has(pki::verify::Status::kRevoked));
  CHECK(asked == 2);
  // At nextUpdate (thisUpdate + 1 h) the responder is asked again.
  CHECK(checker.check(cert, world.anchors(), kLoginAt + 3600).revocation_source == "ocsp");
  CHECK(asked == 3);
}

}  // namespace mynasim::portal

namespace mynasim::portal {

TEST_CASE("one validator, many logins: the caches never skip a refusal", "[portal]") {
  using testing::kLoginAt;
  using testing::kOrigin;
  testing::LoginWorld& world = testing::shared_world();
  ValidatorConfig config;
  config.origin = kOrigin;
  config.anchors = world.anchors();
  int asked = 0;
  auto live = world.ocsp("live", kLoginAt);
  config.revocation.ocsp = [&](const std::string& url, ByteView request) {
    ++asked;
    return live(url, request);
  };
  ChallengeStore challenges;
  LoginValidator validator(config, challenges);
  const auto attempt = [&](const std::string& which, bool tamper) {
    const std::string nonce = challenges.issue("s", kLoginAt);
    Bytes signature = world.sign(kOrigin, nonce);
    if (tamper) signature[7] ^= 1;
    LoginRequest request{
        {"jpki-login:1.0", world.certificate(which), "RS256", signature}, nonce, kOrigin, ""};
    const LoginOutcome outcome = validator.validate(request, "s", kLoginAt + 60);
    return std::holds_alternative<Rejection>(outcome)
               ? std::string(code_of(std::get<Rejection>(outcome).error))
               : std::get<ValidatedLogin>(outcome).revocation_source;
  };
  CHECK(attempt("auth", false) == "ocsp");
  CHECK(attempt("auth", false) == "ocsp-cache");
  CHECK(attempt("auth", true) == "SIGNATURE_INVALID");
  CHECK(attempt("revoked:lost", false) == "CERT_REVOKED");
  CHECK(attempt("revoked:lost", false) == "CERT_REVOKED");
  CHECK(attempt("tampered", false) == "CERT_CHAIN_INVALID");
  CHECK(attempt("tampered", false) == "CERT_CHAIN_INVALID");  // a failed chain is never cached
  CHECK(attempt("sign", false) == "CERT_WRONG_PURPOSE");
  // Once for the good certificate, once for the revoked one, and each time for the tampered
  // one (pki/verify still asks about a certificate whose chain it found broken).
  CHECK(asked == 4);
}

}  // namespace mynasim::portal
