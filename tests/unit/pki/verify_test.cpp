#include "authority_fixture.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/files.hpp"
#include "pki/in_memory_authority.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::pki::verify {
namespace {

using test::kDay;
using test::kNow;

// An authority made a month before the card; one card issued at kNow.
struct Fixture : test::AuthorityFixture {
  Fixture() : AuthorityFixture(kNow - 30 * kDay) {}
  CardCertificates card = issue();
  OcspResponder responder{authority, {3600}};
  UnixTime responder_time = kNow + kDay;
  std::vector<Bytes> crls;

  Bytes ca(Hierarchy h, int generation = 1) {
    return hostcrypto::der_of(authority.generation(h, generation).certificate.get());
  }
  TrustAnchors anchors() { return {{ca(Hierarchy::kSign), ca(Hierarchy::kAuth)}, {}}; }
  OcspTransport transport() {
    return [this](const std::string&, ByteView request) -> std::optional<Bytes> {
      return responder.respond(request, responder_time);
    };
  }
  Options options(Purpose purpose, Revocation revocation = Revocation::kNone) {
    Options o;
    o.purpose = purpose;
    o.at = kNow + kDay;
    o.revocation = revocation;
    o.ocsp = transport();
    o.crls = crls;
    return o;
  }
  Result login(Revocation revocation = Revocation::kNone) {
    return validate(card.auth.der, anchors(), options(Purpose::kLogin, revocation));
  }
  void publish_crls(UnixTime at, UnixTime validity = kDay) {
    crls = {hostcrypto::der_of(authority.make_crl(Hierarchy::kAuth, 1, at, validity).get()),
            hostcrypto::der_of(authority.make_crl(Hierarchy::kSign, 1, at, validity).get())};
  }
};

std::vector<std::string> names(const Result& result) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings) out.emplace_back(to_string(f.status));
  return out;
}

using Names = std::vector<std::string>;

// A response to `request_der` built by hand: status good for every CertID, signed by
// cert/key, with or without the request's nonce.
Bytes handmade_response(ByteView request_der, X509* cert, EVP_PKEY* key, UnixTime at,
                        bool echo_nonce = true) {
  const unsigned char* p = request_der.data();
  hostcrypto::OcspRequestPtr request(
      d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
  REQUIRE(request);
  hostcrypto::OcspBasicPtr basic(OCSP_BASICRESP_new());
  hostcrypto::Asn1TimePtr this_update = asn1_time(at), next_update = asn1_time(at + 3600);
  for (int i = 0; i < OCSP_request_onereq_count(request.get()); ++i)
    REQUIRE(OCSP_basic_add1_status(
        basic.get(), OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), i)),
        V_OCSP_CERTSTATUS_GOOD, -1, nullptr, this_update.get(), next_update.get()));
  if (echo_nonce) REQUIRE(OCSP_copy_nonce(basic.get(), request.get()) > 0);
  REQUIRE(OCSP_basic_sign(basic.get(), cert, key, EVP_sha256(), nullptr, 0) == 1);
  hostcrypto::OcspResponsePtr response(
      OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  return hostcrypto::der_of(response.get());
}

TEST_CASE("verify: each certificate is good for its own purpose") {
  Fixture f;
  CHECK(names(f.login()).empty());
  CHECK(f.login().ok());
  const Result sign = validate(f.card.sign->der, f.anchors(), f.options(Purpose::kSignature));
  CHECK(names(sign).empty());
}

TEST_CASE("verify: the wrong purpose") {
  Fixture f;
  const Result sign_for_login = validate(f.card.sign->der, f.anchors(), f.options(Purpose::kLogin));
  CHECK(names(sign_for_login) == Names{"wrong-purpose"});
  CHECK(sign_for_login.find(Status::kWrongPurpose)->detail ==
        "a signature certificate presented for login");
  CHECK_FALSE(sign_for_login.ok());
  const Result auth_for_signing =
      validate(f.card.auth.der, f.anchors(), f.options(Purpose::kSignature));
  CHECK(names(auth_for_signing) == Names{"wrong-purpose"});
  CHECK(auth_for_signing.find(Status::kWrongPurpose)->detail ==
        "a user-authentication certificate presented for a signature");
}

TEST_CASE("verify: expired and not yet valid") {
  Fixture f;
  Options o = f.options(Purpose::kLogin);
  o.at = f.card.auth.not_after + 1;
  CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"expired"});
  o.at = f.card.auth.not_after;
  CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"expired"});  // OpenSSL: <=
  o.at = f.card.auth.not_after - 1;
  CHECK(names(validate(f.card.auth.der, f.anchors(), o)).empty());
  o.at = kNow - 1;
  CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"not-yet-valid"});
}

TEST_CASE("verify: the wrong CA, a foreign CA, a tampered certificate, garbage") {
  Fixture f;
  TrustAnchors sign_only{{f.ca(Hierarchy::kSign)}, {}};
  CHECK(names(validate(f.card.auth.der, sign_only, f.options(Purpose::kLogin))) ==
        Names{"untrusted"});
  InMemoryAuthority other(kNow - kDay);
  TrustAnchors foreign{{other.auth_ca_der()}, {}};
  CHECK(names(validate(f.card.auth.der, foreign, f.options(Purpose::kLogin))) ==
        Names{"untrusted"});
  Bytes tampered = f.card.auth.der;
  tampered[tampered.size() - 1] ^= 1;
  CHECK(names(validate(tampered, f.anchors(), f.options(Purpose::kLogin))) ==
        Names{"bad-signature"});
  CHECK(names(validate(Bytes{0x30, 0x00}, f.anchors(), f.options(Purpose::kLogin))) ==
        Names{"malformed"});
}

TEST_CASE("verify: a CA change, reached through a link certificate") {
  Fixture f;
  f.authority.new_generation(Hierarchy::kAuth, kNow + kDay);
  const auto card2 = f.issue(kNow + 2 * kDay, 2, 3);
  Options o = f.options(Purpose::kLogin);
  o.at = kNow + 3 * kDay;
  TrustAnchors old_root{{f.ca(Hierarchy::kAuth, 1)}, {}};
  CHECK(names(validate(card2.auth.der, old_root, o)) == Names{"untrusted"});
  old_root.intermediates.push_back(read_file(f.dir / "ca/ca/auth-g02-by-auth-g01.pem"));
  CHECK(names(validate(card2.auth.der, old_root, o)).empty());
  TrustAnchors both{{f.ca(Hierarchy::kAuth, 1), f.ca(Hierarchy::kAuth, 2)}, {}};
  CHECK(names(validate(card2.auth.der, both, o)).empty());
  CHECK(names(validate(f.card.auth.der, both, o)).empty());
}

TEST_CASE("verify by OCSP: good, revoked with each reason, hold and release") {
  Fixture f;
  CHECK(names(f.login(Revocation::kOcsp)).empty());
  for (const char* reason_name : {"unspecified", "lost", "ca-compromise", "renewed", "deceased",
                                  "privilege-withdrawn", "aa-compromise"}) {
    DYNAMIC_SECTION(reason_name) {
      const auto reason = *parse_revocation_reason(reason_name);
      f.authority.revoke(f.card.auth.serial, reason, kNow + 10);
      const Result result = f.login(Revocation::kOcsp);
      CHECK(names(result) == Names{"revoked"});
      CHECK(result.find(Status::kRevoked)->reason == static_cast<int>(reason.code));
      CHECK_FALSE(result.ok());
    }
  }
  SECTION("hold, then release") {
    f.authority.hold(f.card.auth.serial, kNow + 10);
    const Result held = f.login(Revocation::kOcsp);
    CHECK(names(held) == Names{"on-hold"});
    CHECK(held.find(Status::kOnHold)->reason == 6);
    f.authority.release(f.card.auth.serial, kNow + 20);
    CHECK(names(f.login(Revocation::kOcsp)).empty());
  }
  SECTION("a revocation after the time asked about does not count") {
    f.authority.revoke(f.card.auth.serial, *parse_revocation_reason("lost"), kNow + 2 * kDay);
    CHECK(names(f.login(Revocation::kOcsp)).empty());
  }
}

TEST_CASE("verify by OCSP: stale or future responses, hard and soft fail") {
  Fixture f;
  f.responder_time = kNow + kDay - 2 * 3600;  // nextUpdate an hour ago
  CHECK(names(f.login(Revocation::kOcsp)) == Names{"ocsp-stale"});
  CHECK_FALSE(f.login(Revocation::kOcsp).ok());
  Options soft = f.options(Purpose::kLogin, Revocation::kOcsp);
  soft.fail_mode = FailMode::kSoft;
  const Result tolerated = validate(f.card.auth.der, f.anchors(), soft);
  CHECK(names(tolerated) == Names{"ocsp-stale"});
  CHECK_FALSE(tolerated.findings[0].fatal);
  CHECK(tolerated.ok());
  // Within nextUpdate but older than a 10-minute freshness window.
  f.responder_time = kNow + kDay - 1800;
  Options windowed = f.options(Purpose::kLogin, Revocation::kOcsp);
  windowed.ocsp_max_age = 600;
  CHECK(names(validate(f.card.auth.der, f.anchors(), windowed)) == Names{"ocsp-stale"});
  windowed.ocsp_max_age = 3600;
  CHECK(names(validate(f.card.auth.der, f.anchors(), windowed)).empty());
  f.responder_time = kNow + kDay + 3600;  // an hour ahead, beyond the 5-minute skew
  CHECK(names(f.login(Revocation::kOcsp)) == Names{"ocsp-not-yet-valid"});
}

TEST_CASE("verify by OCSP: a revoked certificate fails even in soft-fail mode") {
  Fixture f;
  f.authority.revoke(f.card.auth.serial, *parse_revocation_reason("lost"), kNow);
  Options soft = f.options(Purpose::kLogin, Revocation::kOcsp);
  soft.fail_mode = FailMode::kSoft;
  CHECK_FALSE(validate(f.card.auth.der, f.anchors(), soft).ok());
}

TEST_CASE("verify by OCSP: nonce, responder authority, signature, availability") {
  Fixture f;
  Options o = f.options(Purpose::kLogin, Revocation::kOcsp);
  SECTION("a replayed response (another request's nonce)") {
    std::optional<Bytes> first;
    o.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
      if (!first) first = f.responder.respond(request, f.responder_time);
      return first;
    };
    CHECK(names(validate(f.card.auth.der, f.anchors(), o)).empty());
    CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"ocsp-nonce-mismatch"});
  }
  SECTION("the nonce is not echoed") {
    const Signer responder =
        f.authority.responder_signer(f.authority.generation(Hierarchy::kAuth, 1));
    o.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
      return handmade_response(request, responder.certificate, responder.key, f.responder_time,
                               false);
    };
    CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"ocsp-nonce-missing"});
  }
  SECTION("signed by a certificate of the CA without id-kp-OCSPSigning") {
    const Signer ca = f.authority.signer(f.authority.generation(Hierarchy::kAuth, 1));
    hostcrypto::X509Ptr plain =
        make_auth_certificate(ca, test::spki(2), "NOT A RESPONDER", {900, kNow, kNow + 30 * kDay},
                              f.authority.endpoints());
    o.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
      return handmade_response(request, plain.get(), test::card_key(2), f.responder_time);
    };
    const Result result = validate(f.card.auth.der, f.anchors(), o);
    CHECK(names(result) == Names{"ocsp-responder-not-authorized"});
    CHECK(result.findings[0].detail == "the responder certificate lacks id-kp-OCSPSigning");
  }
  SECTION("signed by the other hierarchy's responder") {
    const Signer other = f.authority.responder_signer(f.authority.generation(Hierarchy::kSign, 1));
    o.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
      return handmade_response(request, other.certificate, other.key, f.responder_time);
    };
    CHECK(names(validate(f.card.auth.der, f.anchors(), o)) ==
          Names{"ocsp-responder-not-authorized"});
  }
  SECTION("signed by the CA itself: authorised") {
    const Signer ca = f.authority.signer(f.authority.generation(Hierarchy::kAuth, 1));
    o.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
      return handmade_response(request, ca.certificate, ca.key, f.responder_time);
    };
    CHECK(names(validate(f.card.auth.der, f.anchors(), o)).empty());
  }
  SECTION("a tampered signature") {
    o.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
      const Bytes good = f.responder.respond(request, f.responder_time);
      const unsigned char* p = good.data();
      hostcrypto::OcspResponsePtr response(
          d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(good.size())));
      hostcrypto::OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
      auto* signature = const_cast<ASN1_OCTET_STRING*>(OCSP_resp_get0_signature(basic.get()));
      signature->data[10] ^= 1;
      hostcrypto::OcspResponsePtr rebuilt(
          OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
      return hostcrypto::der_of(rebuilt.get());
    };
    CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"ocsp-bad-signature"});
  }
  SECTION("no answer, hard and soft") {
    o.ocsp = [](const std::string&, ByteView) -> std::optional<Bytes> { return std::nullopt; };
    const Result hard = validate(f.card.auth.der, f.anchors(), o);
    CHECK(names(hard) == Names{"ocsp-unavailable"});
    CHECK(hard.findings[0].detail == "no response from http://127.0.0.1:8090/ocsp");
    CHECK_FALSE(hard.ok());
    o.fail_mode = FailMode::kSoft;
    CHECK(validate(f.card.auth.der, f.anchors(), o).ok());
  }
  SECTION("an error status from the responder") {
    o.ocsp = [](const std::string&, ByteView) -> std::optional<Bytes> {
      return ocsp_error_response(OCSP_RESPONSE_STATUS_TRYLATER);
    };
    const Result result = validate(f.card.auth.der, f.anchors(), o);
    CHECK(names(result) == Names{"ocsp-error"});
    CHECK(result.findings[0].detail == "the responder answered trylater");
  }
}

TEST_CASE("verify by CRL: revoked, hold, release, past nextUpdate, tampered, missing") {
  Fixture f;
  f.authority.revoke(f.card.sign->serial, *parse_revocation_reason("address-changed"), kNow + 5);
  f.authority.hold(f.card.auth.serial, kNow + 6);
  f.publish_crls(kNow + 3600);
  const Result sign =
      validate(f.card.sign->der, f.anchors(), f.options(Purpose::kSignature, Revocation::kCrl));
  CHECK(names(sign) == Names{"revoked"});
  CHECK(sign.find(Status::kRevoked)->reason == 3);
  CHECK(names(f.login(Revocation::kCrl)) == Names{"on-hold"});
  f.authority.release(f.card.auth.serial, kNow + 7200);
  f.publish_crls(kNow + 7200);
  CHECK(names(f.login(Revocation::kCrl)).empty());

  Options late = f.options(Purpose::kLogin, Revocation::kCrl);
  late.at = kNow + 7200 + kDay + 1;
  CHECK(names(validate(f.card.auth.der, f.anchors(), late)) == Names{"crl-expired"});
  late.fail_mode = FailMode::kSoft;
  CHECK(validate(f.card.auth.der, f.anchors(), late).ok());

  Options early = f.options(Purpose::kLogin, Revocation::kCrl);
  early.at = kNow + 3600;
  CHECK(names(validate(f.card.auth.der, f.anchors(), early)) == Names{"crl-not-yet-valid"});

  Bytes tampered = f.crls[0];
  tampered[tampered.size() - 1] ^= 1;
  Options bad = f.options(Purpose::kLogin, Revocation::kCrl);
  bad.crls = {tampered};
  CHECK(names(validate(f.card.auth.der, f.anchors(), bad)) == Names{"crl-bad-signature"});
  bad.crls = {f.crls[1]};  // the other hierarchy's CRL only
  CHECK(names(validate(f.card.auth.der, f.anchors(), bad)) == Names{"crl-missing"});
}

TEST_CASE("verify by CRL: a CRL older than the CA's last status change is outdated") {
  Fixture f;
  f.publish_crls(kNow + 100);  // crlNumber 1 of auth-g01
  const std::vector<Bytes> before = f.crls;
  f.authority.revoke(f.card.auth.serial, *parse_revocation_reason("lost"), kNow + 200);
  Options o = f.options(Purpose::kLogin, Revocation::kCrl);
  Bytes seen;  // the issuer asked about, as DER: validate() frees its X509 before returning
  CrlRequirement need{kNow + 200, 2, ""};  // what the registry says now (the revoke made no. 2)
  o.crl_requirement = [&](X509* issuer) {
    seen = hostcrypto::der_of(issuer);
    return need;
  };
  // The CRL from before the revocation does not list it: it is outdated, and says so.
  o.crls = before;
  Result r = validate(f.card.auth.der, f.anchors(), o);
  CHECK(names(r) == Names{"crl-outdated"});
  CHECK(r.find(Status::kCrlOutdated)->detail ==
        "the CRL (thisUpdate " + iso8601(kNow + 100) +
            ", crlNumber 1) predates the last revocation, hold or release the CA recorded (" +
            iso8601(kNow + 200) + ", newest crlNumber 2)");
  CHECK(seen == hostcrypto::der_of(f.authority.generation(Hierarchy::kAuth, 1).certificate.get()));
  // Soft-fail lets the outdated CRL stand in, as a warning.
  o.fail_mode = FailMode::kSoft;
  r = validate(f.card.auth.der, f.anchors(), o);
  CHECK(names(r) == Names{"crl-outdated"});
  CHECK(r.ok());
  o.fail_mode = FailMode::kHard;

  // The CRL the revocation published (same second, crlNumber 2) is current, and lists it.
  o.crls = {pki::read_file(f.authority.path("crl/auth-g01.crl"))};
  r = validate(f.card.auth.der, f.anchors(), o);
  CHECK(names(r) == Names{"revoked"});
  CHECK(r.find(Status::kRevoked)->reason == 1);
  // A CRL of that very second but an older number may predate the change; a revocation it
  // lists is final all the same, and named first.
  need.crl_number = 3;
  CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"revoked", "crl-outdated"});
  // Any later CRL is current whatever its number.
  need = {kNow + 199, 99, ""};
  CHECK(names(validate(f.card.auth.der, f.anchors(), o)) == Names{"revoked"});
  // No record to compare with: no CRL is current.
  need = {0, 0, "no registry"};
  r = validate(f.card.auth.der, f.anchors(), o);
  CHECK(names(r) == Names{"revoked", "crl-outdated"});
  CHECK(r.find(Status::kCrlOutdated)->detail ==
        "the CRL cannot be compared with the CA's records: no registry");
  // A hold in an outdated CRL may have been released since: the CRL's age comes first.
  const CardCertificates other = f.issue();
  f.authority.hold(other.auth.serial, kNow + 400);
  o.crls = {pki::read_file(f.authority.path("crl/auth-g01.crl"))};
  r = validate(other.auth.der, f.anchors(), o);
  CHECK(names(r) == Names{"crl-outdated", "on-hold"});
}

TEST_CASE("status names") {
  CHECK(to_string(Status::kOcspResponderNotAuthorized) == "ocsp-responder-not-authorized");
  CHECK(to_string(Status::kCrlExpired) == "crl-expired");
  CHECK(to_string(Status::kCrlOutdated) == "crl-outdated");
}

}  // namespace
}  // namespace mynasim::pki::verify
