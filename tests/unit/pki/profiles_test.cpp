#include "pki/profiles.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/in_memory_authority.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::extension_critical;
using test::extension_text;
using test::extension_value;
using test::kNow;

// DER TLV with a short or 0x81/0x82 long length.
Bytes tlv(std::uint8_t tag, const Bytes& content) {
  Bytes out{tag};
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  append(out, content);
  return out;
}

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

// otherName 1.2.392.200149.8.5.5.<n> with value [0] EXPLICIT UTF8String.
Bytes holder_attribute(std::uint8_t n, std::string_view value) {
  const Bytes oid = {0x2A, 0x83, 0x08, 0x8C, 0x9B, 0x55, 0x08, 0x05, 0x05, n};
  return tlv(0xA0, cat({tlv(0x06, oid), tlv(0xA0, tlv(0x0C, text(value)))}));
}

// C=JP (PrintableString), O=公的個人認証サービス (UTF8String)
Bytes service_name_der() {
  const Bytes country =
      tlv(0x31, tlv(0x30, cat({tlv(0x06, {0x55, 0x04, 0x06}), tlv(0x13, text("JP"))})));
  const Bytes org =
      tlv(0x31,
          tlv(0x30, cat({tlv(0x06, {0x55, 0x04, 0x0A}), tlv(0x0C, text("公的個人認証サービス"))})));
  return tlv(0x30, cat({country, org}));
}

struct Fixture {
  Fixture() : ca(kNow) {}
  InMemoryAuthority ca;
  Holder holder = test::holder_from(test::adult_input());
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

bool signed_by(X509* cert, const Bytes& ca_der) {
  hostcrypto::X509Ptr ca = test::parse(ca_der);
  return X509_verify(cert, X509_get0_pubkey(ca.get())) == 1;
}

TEST_CASE("signature certificate: holder attributes in the real card's order, exact DER") {
  Fixture& f = fixture();
  hostcrypto::X509Ptr cert = test::parse(f.ca.issue_sign(test::spki(0), f.holder, kNow));
  const Bytes expected =
      tlv(0x30,
          cat({holder_attribute(1, "個人番号\u3000花子"), holder_attribute(4, "319800217"),
               holder_attribute(3, "2"), holder_attribute(5, "東京都千代田区霞が関２丁目１番２号"),
               holder_attribute(2, "0000000"), holder_attribute(6, std::string(17, '0'))}));
  CHECK(to_hex(extension_value(cert.get(), NID_subject_alt_name)) == to_hex(expected));
  CHECK_FALSE(extension_critical(cert.get(), NID_subject_alt_name));
}

TEST_CASE("signature certificate: names, key usage, policy, issuerAltName, URLs, validity") {
  Fixture& f = fixture();
  hostcrypto::X509Ptr cert = test::parse(f.ca.issue_sign(test::spki(0), f.holder, kNow));
  CHECK(X509_get_version(cert.get()) == X509_VERSION_3);
  CHECK(name_to_string(X509_get_issuer_name(cert.get())) ==
        "OU=Japan Agency for Local Authority Information Systems,OU=JPKI for digital "
        "signature,O=JPKI,C=JP");
  const std::string subject = name_to_string(X509_get_subject_name(cert.get()));
  CHECK(subject.rfind("CN=20260922071320", 0) == 0);
  CHECK(subject.substr(subject.find(',')) == ",L=千代田区,L=東京都,C=JP");
  CHECK(extension_critical(cert.get(), NID_key_usage));
  CHECK(extension_text(cert.get(), NID_key_usage) == "Digital Signature, Non Repudiation");
  CHECK(extension_text(cert.get(), NID_certificate_policies)
            .find("Policy: 1.2.392.200149.8.5.1.1.20") != std::string::npos);
  CHECK(to_hex(extension_value(cert.get(), NID_issuer_alt_name)) ==
        to_hex(tlv(0x30, tlv(0xA4, service_name_der()))));
  CHECK(extension_text(cert.get(), NID_crl_distribution_points)
            .find("URI:http://127.0.0.1:8090/crl/sign-g01.crl") != std::string::npos);
  CHECK(extension_text(cert.get(), NID_info_access) == "OCSP - URI:http://127.0.0.1:8090/ocsp");
  CHECK(X509_get_signature_nid(cert.get()) == NID_sha256WithRSAEncryption);
  CHECK(signed_by(cert.get(), f.ca.sign_ca_der()));
  CHECK_FALSE(signed_by(cert.get(), f.ca.auth_ca_der()));
  CHECK(unix_time_of(X509_get0_notBefore(cert.get())) == kNow);
  CHECK(iso8601(unix_time_of(X509_get0_notAfter(cert.get()))) == "2031-02-17T14:59:59Z");
  CHECK(X509_get_ext_by_NID(cert.get(), NID_ext_key_usage, -1) < 0);
  CHECK(X509_get_ext_by_NID(cert.get(), NID_basic_constraints, -1) < 0);
}

TEST_CASE("user-authentication certificate: C=JP and CN only, no personal data") {
  Fixture& f = fixture();
  const Bytes der = f.ca.issue_auth(test::spki(1), f.holder, kNow);
  hostcrypto::X509Ptr cert = test::parse(der);
  const std::string subject = name_to_string(X509_get_subject_name(cert.get()));
  CHECK(subject.size() == std::string("CN=,C=JP").size() + 28);
  CHECK(subject.substr(subject.size() - 5) == ",C=JP");
  CHECK(X509_NAME_entry_count(X509_get_subject_name(cert.get())) == 2);
  CHECK(X509_get_ext_by_NID(cert.get(), NID_subject_alt_name, -1) < 0);
  for (std::string_view personal : {std::string_view("花子"), std::string_view("霞が関"),
                                    std::string_view("千代田"), std::string_view("19800217")})
    CHECK(std::search(der.begin(), der.end(), personal.begin(), personal.end()) == der.end());
  CHECK(extension_critical(cert.get(), NID_key_usage));
  CHECK(extension_text(cert.get(), NID_key_usage) == "Digital Signature");
  CHECK(extension_text(cert.get(), NID_certificate_policies)
            .find("Policy: 1.2.392.200149.8.5.1.3.30") != std::string::npos);
  CHECK(to_hex(extension_value(cert.get(), NID_issuer_alt_name)) ==
        to_hex(tlv(0x30, tlv(0xA4, service_name_der()))));
  CHECK(extension_text(cert.get(), NID_crl_distribution_points)
            .find("URI:http://127.0.0.1:8090/crl/auth-g01.crl") != std::string::npos);
  CHECK(signed_by(cert.get(), f.ca.auth_ca_der()));
}

TEST_CASE("CA certificate: self-signed, the JPKI name, CA extensions") {
  Fixture& f = fixture();
  hostcrypto::X509Ptr ca = test::parse(f.ca.auth_ca_der());
  CHECK(name_to_string(X509_get_subject_name(ca.get())) ==
        "OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user "
        "authentication,O=JPKI,C=JP");
  CHECK(X509_NAME_cmp(X509_get_subject_name(ca.get()), X509_get_issuer_name(ca.get())) == 0);
  CHECK(extension_critical(ca.get(), NID_basic_constraints));
  CHECK(extension_text(ca.get(), NID_basic_constraints) == "CA:TRUE");
  CHECK(extension_critical(ca.get(), NID_key_usage));
  CHECK(extension_text(ca.get(), NID_key_usage) == "Certificate Sign, CRL Sign");
  CHECK(to_hex(extension_value(ca.get(), NID_subject_alt_name)) ==
        to_hex(tlv(0x30, tlv(0xA4, service_name_der()))));
  CHECK(X509_verify(ca.get(), X509_get0_pubkey(ca.get())) == 1);
  EVP_PKEY* key = X509_get0_pubkey(ca.get());
  CHECK(EVP_PKEY_get_bits(key) == 2048);
}

TEST_CASE("responder and link certificates") {
  Fixture& f = fixture();
  const Signer ca = f.ca.signer(Hierarchy::kSign);
  hostcrypto::X509Ptr responder =
      make_responder_certificate(test::card_key(2), ca, {40, kNow, kNow + 86400});
  CHECK(name_to_string(X509_get_subject_name(responder.get())) ==
        "CN=OCSP Responder G01,OU=Japan Agency for Local Authority Information Systems,OU=JPKI "
        "for digital signature,O=JPKI,C=JP");
  CHECK(extension_text(responder.get(), NID_ext_key_usage) == "OCSP Signing");
  CHECK(X509_get_ext_by_NID(responder.get(), NID_id_pkix_OCSP_noCheck, -1) >= 0);
  CHECK(extension_text(responder.get(), NID_key_usage) == "Digital Signature");
  CHECK(signed_by(responder.get(), f.ca.sign_ca_der()));

  hostcrypto::X509Ptr link =
      make_link_certificate(Hierarchy::kSign, test::card_key(3), ca, {41, kNow, kNow + 86400});
  CHECK(signed_by(link.get(), f.ca.sign_ca_der()));
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(link.get()), test::card_key(3)) == 1);
  CHECK(extension_text(link.get(), NID_basic_constraints) == "CA:TRUE");
}

TEST_CASE("profiles refuse the wrong hierarchy and keys that are not RSA-2048 SPKI") {
  Fixture& f = fixture();
  const Validity v{50, kNow, kNow + 86400};
  CHECK_THROWS_WITH(
      make_auth_certificate(f.ca.signer(Hierarchy::kSign), test::spki(0), "X", v, {}),
      "a JPKI for user authentication certificate must be issued by that hierarchy's CA");
  CHECK_THROWS_WITH(make_signature_certificate(f.ca.signer(Hierarchy::kSign), Bytes{0x30, 0x00},
                                               f.holder, "X", v, {}),
                    "signature key: not a DER SubjectPublicKeyInfo");
  hostcrypto::EvpPkeyPtr small = hostcrypto::generate_rsa_key(1024);
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(small.get(), &der);
  const Bytes small_spki(der, der + n);
  OPENSSL_free(der);
  CHECK_THROWS_WITH(make_auth_certificate(f.ca.signer(Hierarchy::kAuth), small_spki, "X", v, {}),
                    "authentication key: not an RSA-2048 public key");
}

TEST_CASE("end-entity CN: JST time, serial, office") {
  CHECK(end_entity_cn(kNow, 3, "999999") == "2026092207132000000003999999");
  CHECK(generation_label(Hierarchy::kAuth, 2) == "auth-g02");
}

}  // namespace
}  // namespace mynasim::pki
