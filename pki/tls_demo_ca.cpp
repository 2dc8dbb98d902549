#include "pki/tls_demo_ca.hpp"

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/pki_error.hpp"
#include "pki/small_ca.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

std::string key_pem(EVP_PKEY* key) {
  return hostcrypto::private_key_pem(key);
}

bool is_ip(const std::string& host) {
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

TlsServerCertificate issue_tls_server_certificate(const std::string& dir,
                                                  const std::vector<std::string>& hosts,
                                                  UnixTime now, int days) {
  if (hosts.empty()) throw PkiError("a TLS server certificate needs at least one host");
  const std::string ca_path = dir + "/tls/ca.pem";
  KeyedCertificate pair = load_or_make_small_ca(dir, "tls/ca.pem", "private/tls-ca.key.pem",
                                                "mynasim demo TLS CA", now);
  X509* ca = pair.certificate.get();
  EVP_PKEY* ca_key = pair.key.get();
  hostcrypto::EvpPkeyPtr key = hostcrypto::generate_rsa_key(2048);
  hostcrypto::X509Ptr cert = new_certificate(hosts.front(), key.get(), now, days);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca));
  std::string san;
  for (const std::string& host : hosts)
    san += (san.empty() ? "" : ",") + std::string(is_ip(host) ? "IP:" : "DNS:") + host;
  add_extension(cert.get(), ca, NID_subject_alt_name, san);
  add_extension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), ca, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_extension(cert.get(), ca, NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), ca, NID_authority_key_identifier, "keyid");
  hostcrypto::check(X509_sign(cert.get(), ca_key, EVP_sha256()), "X509_sign");
  return {hostcrypto::pem_of(cert.get()) + hostcrypto::pem_of(ca), key_pem(key.get()), ca_path};
}

}  // namespace mynasim::pki
