#include "pki/tsa/tsa_identity.hpp"

#include <openssl/x509v3.h>

#include <filesystem>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/rsa_public_key.hpp"

namespace mynasim::pki::tsa {
namespace {

constexpr const char* kCaKeyFile = "private/tsa-ca.key.pem";
constexpr const char* kKeyFile = "private/tsa.key.pem";
constexpr int kTsaDays = 5 * 365;

KeyedCertificate make_tsa_certificate(const KeyedCertificate& ca, UnixTime now) {
  KeyedCertificate tsa;
  tsa.key = hostcrypto::generate_rsa_key(2048);
  tsa.certificate = new_certificate("mynasim TSA", tsa.key.get(), now, kTsaDays);
  X509* cert = tsa.certificate.get();
  X509* issuer = ca.certificate.get();
  X509_set_issuer_name(cert, X509_get_subject_name(issuer));
  add_extension(cert, issuer, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert, issuer, NID_key_usage, "critical,digitalSignature");
  add_extension(cert, issuer, NID_ext_key_usage, "critical,timeStamping");
  add_extension(cert, issuer, NID_subject_key_identifier, "hash");
  add_extension(cert, issuer, NID_authority_key_identifier, "keyid");
  hostcrypto::check(X509_sign(cert, ca.key.get(), EVP_sha256()), "X509_sign");
  return tsa;
}

}  // namespace

Identity open_or_make(const std::string& dir, UnixTime now) {
  Identity identity;
  identity.ca = load_or_make_small_ca(dir, kCaFile, kCaKeyFile, "mynasim TSA CA", now);
  const std::string cert_path = dir + "/" + kCertificateFile, key_path = dir + "/" + kKeyFile;
  if (std::filesystem::exists(cert_path) && std::filesystem::exists(key_path)) {
    identity.tsa = load_keyed_certificate(cert_path, key_path);
  } else {
    identity.tsa = make_tsa_certificate(identity.ca, now);
    write_keyed_certificate(identity.tsa, cert_path, key_path);
  }
  return identity;
}

}  // namespace mynasim::pki::tsa
