#include "pki/tls_demo_ca.hpp"

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <filesystem>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

namespace fs = std::filesystem;

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  hostcrypto::X509ExtensionPtr ext(hostcrypto::check(
      X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()), "X509V3_EXT_conf_nid"));
  hostcrypto::check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

hostcrypto::X509Ptr new_certificate(const std::string& cn, EVP_PKEY* key, UnixTime now, int days) {
  hostcrypto::X509Ptr cert(hostcrypto::check(X509_new(), "X509_new"));
  hostcrypto::check(X509_set_version(cert.get(), 2), "X509_set_version");
  unsigned char serial[16];
  hostcrypto::check(RAND_bytes(serial, sizeof serial), "RAND_bytes");
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("JP"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("mynasim"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  hostcrypto::Asn1TimePtr from = asn1_time(now - 300), to = asn1_time(now + days * 86400LL);
  X509_set1_notBefore(cert.get(), from.get());
  X509_set1_notAfter(cert.get(), to.get());
  hostcrypto::check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
  return cert;
}

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
  const std::string ca_key_path = dir + "/private/tls-ca.key.pem";
  hostcrypto::X509Ptr ca;
  hostcrypto::EvpPkeyPtr ca_key;
  if (fs::exists(ca_path) && fs::exists(ca_key_path)) {
    ca = hostcrypto::x509_from_der_or_pem(read_file(ca_path));
    const Bytes pem = read_private_file(ca_key_path);
    ca_key = hostcrypto::private_key_from_pem(std::string(pem.begin(), pem.end()));
    if (!ca || !ca_key) throw PkiError(ca_path + ": not a certificate and key");
  } else {
    ca_key = hostcrypto::generate_rsa_key(2048);
    ca = new_certificate("mynasim demo TLS CA", ca_key.get(), now, 3650);
    X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    hostcrypto::check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()), "X509_sign");
    fs::create_directories(dir + "/tls");
    make_private_dir(dir + "/private");
    write_file_atomically(ca_key_path, hostcrypto::view_of(key_pem(ca_key.get())), 0600);
    write_file_atomically(ca_path, hostcrypto::view_of(hostcrypto::pem_of(ca.get())));
  }
  hostcrypto::EvpPkeyPtr key = hostcrypto::generate_rsa_key(2048);
  hostcrypto::X509Ptr cert = new_certificate(hosts.front(), key.get(), now, days);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get()));
  std::string san;
  for (const std::string& host : hosts)
    san += (san.empty() ? "" : ",") + std::string(is_ip(host) ? "IP:" : "DNS:") + host;
  add_extension(cert.get(), ca.get(), NID_subject_alt_name, san);
  add_extension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_extension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid");
  hostcrypto::check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()), "X509_sign");
  return {hostcrypto::pem_of(cert.get()) + hostcrypto::pem_of(ca.get()), key_pem(key.get()),
          ca_path};
}

}  // namespace mynasim::pki
