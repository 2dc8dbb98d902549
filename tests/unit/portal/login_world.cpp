#include <openssl/rand.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "login_world.hpp"
#include "pki/holder.hpp"
#include "pki/japanese_date.hpp"
#include "pki/jpki_names.hpp"
#include "pki/unix_time.hpp"
#include "tools/mynaportal/challenge_store.hpp"
#include "tools/mynaportal/software_key.hpp"

namespace mynasim::portal::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

pki::Holder test_holder() {
  pki::HolderInput input;
  input.name = "個人番号　花子";
  input.address = "東京都千代田区霞が関２丁目１番２号";
  input.birth = "1980-02-17";
  input.sex = "2";
  return pki::validate_holder(input, pki::jst_date_of(kIssueAt));
}

// An OCSP answer about the request's first CertID, signed by `signer` (a responder that is
// not the issuing CA's): what an attacker or a misconfigured proxy would send.
Bytes foreign_answer(ByteView request_der, const pki::Signer& signer, pki::UnixTime now) {
  const unsigned char* p = request_der.data();
  hostcrypto::OcspRequestPtr request(
      d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
  if (!request) throw std::runtime_error("not an OCSP request");
  OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), 0));
  hostcrypto::OcspBasicPtr basic(OCSP_BASICRESP_new());
  hostcrypto::Asn1TimePtr this_update = pki::asn1_time(now),
                          next_update = pki::asn1_time(now + 3600);
  OCSP_basic_add1_status(basic.get(), id, V_OCSP_CERTSTATUS_GOOD, 0, nullptr, this_update.get(),
                         next_update.get());
  OCSP_copy_nonce(basic.get(), request.get());
  hostcrypto::check(
      OCSP_basic_sign(basic.get(), signer.certificate, signer.key, EVP_sha256(), nullptr, 0),
      "OCSP_basic_sign");
  hostcrypto::OcspResponsePtr response(
      OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  return hostcrypto::der_of(response.get());
}

// The same question with a fresh nonce: the answer to it is a valid answer to another request.
Bytes renonced(ByteView request_der) {
  const unsigned char* p = request_der.data();
  hostcrypto::OcspRequestPtr request(
      d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
  OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), 0));
  hostcrypto::OcspRequestPtr other(OCSP_REQUEST_new());
  OCSP_request_add0_id(other.get(), OCSP_CERTID_dup(id));
  OCSP_request_add1_nonce(other.get(), nullptr, -1);
  return hostcrypto::der_of(other.get());
}

}  // namespace

LoginWorld::LoginWorld() {
  char pattern[] = "/tmp/mynaportal-vectors.XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp");
  dir_ = pattern;
  pki::InitOptions init;
  init.endpoints.base_url = "http://127.0.0.1:1";  // nothing listens: the transport is injected
  authority_ = std::make_unique<pki::Authority>(pki::Authority::init(dir_ + "/ca", kInitAt, init));
  responder_ = std::make_unique<pki::OcspResponder>(*authority_, pki::OcspOptions{3600});
  card_key_ = hostcrypto::generate_rsa_key(2048);
  const Bytes spki = spki_der(card_key_.get());
  const pki::Holder holder = test_holder();

  const auto issue = [&](const std::string& image) {
    const auto registration = authority_->register_card(holder, dir_ + "/" + image, kIssueAt);
    auto certs = authority_->certify_card(registration.card_id, spki, spki, kIssueAt);
    authority_->set_card_state(registration.card_id, "active");
    return certs;
  };
  const auto good = issue("good.img");
  certificates_["auth"] = good.auth.der;
  certificates_["sign"] = good.sign->der;
  const char* reasons[] = {"unspecified",  "lost",     "ca-compromise",
                           "superseded",   "deceased", "privilege-withdrawn",
                           "aa-compromise"};
  std::vector<pki::CardCertificates> revoked;
  for (const char* reason : reasons) revoked.push_back(issue(std::string(reason) + ".img"));
  const auto held = issue("hold.img");
  // The CRL of before the revocations and the hold: valid for a week, and outdated.
  outdated_crl_ = hostcrypto::der_of(
      authority_->make_crl(pki::Hierarchy::kAuth, 1, kIssueAt + 1800, 7 * 86400).get());
  for (std::size_t i = 0; i < revoked.size(); ++i) {
    authority_->revoke(revoked[i].auth.serial, *pki::parse_revocation_reason(reasons[i]),
                       kIssueAt + 3600);
    certificates_[std::string("revoked:") + reasons[i]] = revoked[i].auth.der;
  }
  authority_->hold(held.auth.serial, kIssueAt + 3600);
  certificates_["hold"] = held.auth.der;

  // An impostor CA with J-LIS's user-authentication name and its own key.
  hostcrypto::EvpPkeyPtr foreign_key = hostcrypto::generate_rsa_key(2048);
  hostcrypto::X509Ptr foreign_ca = pki::make_ca_certificate(
      pki::Hierarchy::kAuth, foreign_key.get(), {1, kInitAt, kInitAt + 315360000});
  const pki::Signer foreign{pki::Hierarchy::kAuth, 1, foreign_ca.get(), foreign_key.get()};
  hostcrypto::X509Ptr impostor =
      pki::make_auth_certificate(foreign, spki, pki::end_entity_cn(kIssueAt, 99, "999999"),
                                 {99, kIssueAt, kIssueAt + 4 * 31536000}, authority_->endpoints());
  certificates_["foreign"] = hostcrypto::der_of(impostor.get());
  Bytes tampered = good.auth.der;
  tampered.back() ^= 0x01;  // the last byte of the CA's signature
  certificates_["tampered"] = tampered;
  const std::string garbage = "not a certificate";
  certificates_["garbage"] = Bytes(garbage.begin(), garbage.end());

  for (const auto* g : authority_->generations(pki::Hierarchy::kAuth))
    anchors_.roots.push_back(hostcrypto::der_of(g->certificate.get()));
  records_ = std::make_unique<CrlSource>(dir_ + "/ca/crl", "auth-g", dir_ + "/ca/mynaca.db");
}

LoginWorld::~LoginWorld() {
  records_.reset();
  responder_.reset();
  authority_.reset();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

const Bytes& LoginWorld::certificate(const std::string& which) const {
  const auto it = certificates_.find(which);
  if (it == certificates_.end()) throw std::runtime_error("no certificate \"" + which + "\"");
  return it->second;
}

Bytes LoginWorld::sign(const std::string& origin, const std::string& nonce) const {
  return sign_rs256(card_key_.get(), signed_message(origin, nonce));
}

pki::verify::OcspTransport LoginWorld::ocsp(const std::string& mode, pki::UnixTime now) {
  pki::OcspResponder& responder = *responder_;
  if (mode == "live")
    return [&responder, now](const std::string&, ByteView request) -> std::optional<Bytes> {
      return responder.respond(request, now);
    };
  if (mode == "down")
    return [](const std::string&, ByteView) -> std::optional<Bytes> { return std::nullopt; };
  if (mode == "stale")  // made two hours ago: its nextUpdate (1 h) has passed
    return [&responder, now](const std::string&, ByteView request) -> std::optional<Bytes> {
      return responder.respond(request, now - 7200);
    };
  if (mode == "replayed")
    return [&responder, now](const std::string&, ByteView request) -> std::optional<Bytes> {
      return responder.respond(renonced(request), now);
    };
  if (mode == "unauthorised") {
    // The signature hierarchy's responder: certified by J-LIS, but not by the auth CA.
    const pki::Signer signer =
        authority_->responder_signer(authority_->generation(pki::Hierarchy::kSign, 1));
    return [signer, now](const std::string&, ByteView request) -> std::optional<Bytes> {
      return foreign_answer(request, signer, now);
    };
  }
  throw std::runtime_error("no OCSP mode \"" + mode + "\"");
}

Bytes LoginWorld::crl(const std::string& mode, pki::UnixTime now) {
  if (mode == "fresh")
    return hostcrypto::der_of(
        authority_->make_crl(pki::Hierarchy::kAuth, 1, now - 60, 86400).get());
  if (mode == "expired")
    return hostcrypto::der_of(
        authority_->make_crl(pki::Hierarchy::kAuth, 1, now - 7200, 3600).get());
  if (mode == "outdated") return outdated_crl_;
  throw std::runtime_error("no CRL mode \"" + mode + "\"");
}

LoginWorld& shared_world() {
  static LoginWorld world;
  return world;
}

LoginOutcome LoginWorld::run(const json& v) {
  const auto field = [&](const char* name, const char* fallback) {
    return v.contains(name) ? v[name].get<std::string>() : std::string(fallback);
  };
  const std::string which = field("certificate", "auth");
  const Bytes& cert = certificate(which);
  pki::UnixTime now = kLoginAt;
  if (field("at", "") == "before-validity") now = kIssueAt - 86400;
  if (field("at", "") == "after-validity") {
    hostcrypto::X509Ptr parsed = hostcrypto::x509_from_der(cert);
    now = pki::unix_time_of(X509_get0_notAfter(parsed.get())) + 86400;
  }

  ValidatorConfig config;
  config.origin = kOrigin;
  config.anchors = anchors_;
  config.revocation.fail_mode = field("fail_mode", "hard") == "soft" ? pki::verify::FailMode::kSoft
                                                                     : pki::verify::FailMode::kHard;
  config.revocation.ocsp = ocsp(field("ocsp", "live"), now);
  if (const std::string crl_mode = field("crl", "none"); crl_mode != "none") {
    const Bytes list = crl(crl_mode, now);
    config.revocation.crls = [list] { return std::vector<Bytes>{list}; };
    config.revocation.crl_requirement = [this](X509* issuer) {
      return records_->requirement(issuer);
    };
  }
  ChallengeStore challenges;
  LoginValidator validator(config, challenges);

  const std::string session = "session-A";
  std::string nonce;
  const std::string nonce_mode = field("nonce", "fresh");
  if (nonce_mode == "fresh" || nonce_mode == "reused") {
    nonce = challenges.issue(session, now - 10);
    if (nonce_mode == "reused") challenges.take(session, nonce, now - 5);  // the first use
  } else if (nonce_mode == "expired") {
    nonce = challenges.issue(session, now - kChallengeSeconds - 1);
  } else if (nonce_mode == "other-session") {
    challenges.issue(session, now - 10);
    nonce = challenges.issue("session-B", now - 10);
  } else {
    Bytes random(kNonceBytes);
    RAND_bytes(random.data(), static_cast<int>(random.size()));
    nonce = base64url_encode(random);
  }

  const std::string origin = field("origin", kOrigin);
  const std::string signature_mode = field("signature", "right");
  Bytes signature =
      sign(signature_mode == "other-origin" ? "https://evil.example:8443" : origin, nonce);
  if (signature_mode == "tampered") signature[signature.size() / 2] ^= 0x80;
  json token = {{"format", field("format", "jpki-login:1.0")},
                {"certificate", base64_encode(cert)},
                {"algorithm", field("algorithm", "RS256")},
                {"signature", base64_encode(signature)}};
  if (v.contains("pad")) token["padding"] = std::string(v["pad"].get<std::size_t>(), 'A');
  const json body = {{"token", token}, {"nonce", nonce}, {"origin", origin}};
  const std::string text = v.contains("body") ? v["body"].get<std::string>() : body.dump();
  return validator.validate_body(text, session, now);
}

}  // namespace mynasim::portal::testing
