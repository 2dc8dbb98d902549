// The revocation checker's decision when OCSP gives no answer (a responder kept busy, a network
// that drops the request): the CRL of DIR/crl stands in only when it is at least as new as the
// last revocation, hold or release the authority recorded (CrlSource, on the authority's own
// registry and CRL files); soft-fail is the operator's explicit exception. Each case asserts the
// findings, the refusal code and where the status came from.

#include <catch2/catch.hpp>

#include "hostcrypto/der_pem.hpp"
#include "login_world.hpp"
#include "pki/files.hpp"
#include "pki/private_files.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"

namespace mynasim::portal::testing {
namespace {

using pki::verify::FailMode;
using pki::verify::Status;
using Names = std::vector<std::string>;

constexpr const char* kSilence =
    " (checked by crl: OCSP did not answer: no response from http://127.0.0.1:1/ocsp)";

Names names(const pki::verify::Result& result) {
  Names out;
  for (const auto& f : result.findings) out.emplace_back(pki::verify::to_string(f.status));
  return out;
}

std::string code(const pki::verify::Result& result) {
  const auto rejection = rejection_of(result);
  return rejection ? std::string(code_of(rejection->error)) : "OK";
}

struct Fallback {
  LoginWorld world;  // its own authority: this test revokes, holds and releases in it
  const Bytes cert = world.certificate("auth");
  const std::uint64_t serial = pki::serial_to_u64(
      X509_get0_serialNumber(hostcrypto::x509_from_der(world.certificate("auth")).get()));
  const std::string crl_file = world.authority().path("crl/auth-g01.crl");
  CrlSource source{world.authority().path("crl"), "auth-g", world.authority().path("mynaca.db")};

  RevocationChecker checker(FailMode mode, CrlSource& crls) {
    RevocationConfig config;
    config.fail_mode = mode;
    config.ocsp = world.ocsp("down", kLoginAt);
    config.crls = [&crls] { return crls.crls(); };
    config.crl_requirement = [&crls](X509* issuer) { return crls.requirement(issuer); };
    return RevocationChecker(config);
  }
  ChainCheck check(FailMode mode = FailMode::kHard) {
    return checker(mode, source).check(cert, world.anchors(), kLoginAt);
  }
  void put_back(const Bytes& crl) { pki::write_file_atomically(crl_file, crl); }
};

}  // namespace

TEST_CASE("revocation fallback: hold, release and revocation each reach the CRL at once",
          "[portal]") {
  Fallback f;
  // The world revoked and held its other cards at kIssueAt + 3600 (crlNumbers 2 to 9).
  const Bytes before_hold = pki::read_file(f.crl_file);
  ChainCheck c = f.check();
  CHECK(names(c.result).empty());
  CHECK(c.revocation_source == "crl");
  CHECK(f.source.loads() == 1);

  f.world.authority().hold(f.serial, kLoginAt - 900);
  c = f.check();
  CHECK(names(c.result) == Names{"on-hold"});
  CHECK(code(c.result) == "CERT_ON_HOLD");
  CHECK(rejection_of(c.result)->reason == 6);
  CHECK(c.result.findings[0].detail == "on hold at " + pki::iso8601(kLoginAt - 900) + kSilence);
  CHECK(f.source.loads() == 2);

  f.world.authority().release(f.serial, kLoginAt - 800);
  c = f.check();
  CHECK(names(c.result).empty());
  CHECK(c.revocation_source == "crl");
  const Bytes before_revocation = pki::read_file(f.crl_file);

  f.world.authority().revoke(f.serial, *pki::parse_revocation_reason("lost"), kLoginAt - 700);
  c = f.check();
  CHECK(names(c.result) == Names{"revoked"});
  CHECK(code(c.result) == "CERT_REVOKED");
  CHECK(rejection_of(c.result)->reason == 1);
  CHECK(c.result.findings[0].detail == "revoked at " + pki::iso8601(kLoginAt - 700) + kSilence);
  CHECK(c.revocation_source == "crl");
  // Unchanged files are not read again.
  CHECK(f.source.loads() == 4);
  f.check();
  CHECK(f.source.loads() == 4);

  // The CRL of before the revocation (crlNumber 11, from the release): outdated, refused.
  f.put_back(before_revocation);
  c = f.check();
  CHECK(f.source.loads() == 5);
  CHECK(names(c.result) == Names{"crl-outdated"});
  CHECK(code(c.result) == "REVOCATION_UNAVAILABLE");
  CHECK(c.result.findings[0].detail ==
        "the CRL (thisUpdate " + pki::iso8601(kLoginAt - 800) +
            ", crlNumber 11) predates the last revocation, hold or release the CA recorded (" +
            pki::iso8601(kLoginAt - 700) + ", newest crlNumber 12)" + kSilence);
  CHECK(http_status_of(LoginError::kRevocationUnavailable) == 503);
  // Older still: the same.
  f.put_back(before_hold);
  CHECK(names(f.check().result) == Names{"crl-outdated"});

  // Soft-fail: the operator let an outdated CRL stand in; it does not list the revocation, so
  // the card gets through with no current status ("none"), the finding kept as a warning.
  f.put_back(before_revocation);
  c = f.check(FailMode::kSoft);
  CHECK(names(c.result) == Names{"crl-outdated"});
  CHECK_FALSE(c.result.findings[0].fatal);
  CHECK(code(c.result) == "OK");
  CHECK(c.revocation_source == "none");
}

TEST_CASE("revocation fallback: a revocation or hold the outdated CRL lists still refuses",
          "[portal]") {
  Fallback f;
  f.world.authority().revoke(f.serial, *pki::parse_revocation_reason("deceased"), kLoginAt - 700);
  const Bytes revoked = pki::read_file(f.crl_file);
  // A later change of another card makes that CRL outdated; the revocation it lists is final.
  const Bytes other = f.world.certificate("hold");
  f.world.authority().release(
      pki::serial_to_u64(X509_get0_serialNumber(hostcrypto::x509_from_der(other).get())),
      kLoginAt - 600);
  f.put_back(revoked);
  ChainCheck c = f.check();
  CHECK(names(c.result) == Names{"revoked", "crl-outdated"});
  CHECK(code(c.result) == "CERT_REVOKED");
  CHECK(rejection_of(c.result)->reason == 5);
  c = f.check(FailMode::kSoft);
  CHECK(code(c.result) == "CERT_REVOKED");
}

TEST_CASE("revocation fallback: without the authority's registry no CRL counts", "[portal]") {
  Fallback f;
  CrlSource no_records(f.world.authority().path("crl"), "auth-g", "");
  ChainCheck c = f.checker(FailMode::kHard, no_records).check(f.cert, f.world.anchors(), kLoginAt);
  CHECK(names(c.result) == Names{"crl-outdated"});
  CHECK(code(c.result) == "REVOCATION_UNAVAILABLE");
  CHECK(c.result.findings[0].detail ==
        std::string("the CRL cannot be compared with the CA's records: no J-LIS registry "
                    "(mynaca.db) in the authority's directory") +
            kSilence);
  c = f.checker(FailMode::kSoft, no_records).check(f.cert, f.world.anchors(), kLoginAt);
  CHECK(code(c.result) == "OK");
  CHECK(c.revocation_source == "none");
}

TEST_CASE("revocation fallback: a cached OCSP answer touches neither CRLs nor registry",
          "[portal]") {
  Fallback f;
  int crl_reads = 0, requirement_reads = 0;
  bool down = false;
  const pki::verify::OcspTransport live = f.world.ocsp("live", kLoginAt);
  RevocationConfig config;
  config.ocsp = [&](const std::string& url, ByteView request) -> std::optional<Bytes> {
    if (down) return std::nullopt;
    return live(url, request);
  };
  config.crls = [&] {
    ++crl_reads;
    return f.source.crls();
  };
  config.crl_requirement = [&](X509* issuer) {
    ++requirement_reads;
    return f.source.requirement(issuer);
  };
  RevocationChecker checker(config);
  CHECK(checker.check(f.cert, f.world.anchors(), kLoginAt).revocation_source == "ocsp");
  CHECK(checker.check(f.cert, f.world.anchors(), kLoginAt + 1).revocation_source == "ocsp-cache");
  down = true;
  CHECK(checker.check(f.cert, f.world.anchors(), kLoginAt + 2).revocation_source == "ocsp-cache");
  CHECK(crl_reads == 0);
  CHECK(requirement_reads == 0);
  checker.clear_cache();
  CHECK(checker.check(f.cert, f.world.anchors(), kLoginAt + 3).revocation_source == "crl");
  CHECK(crl_reads == 1);
  CHECK(requirement_reads == 1);
}

}  // namespace mynasim::portal::testing
