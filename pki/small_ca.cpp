#include "pki/small_ca.hpp"

#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <filesystem>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"

namespace mynasim::pki {

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

KeyedCertificate load_keyed_certificate(const std::string& cert_path, const std::string& key_path) {
  KeyedCertificate pair;
  pair.certificate = hostcrypto::x509_from_der_or_pem(read_file(cert_path));
  if (!pair.certificate) throw PkiError(cert_path + ": not a certificate");
  const Bytes pem = read_private_file(key_path);
  pair.key = hostcrypto::private_key_from_pem(std::string(pem.begin(), pem.end()));
  if (!pair.key) throw PkiError(key_path + ": not a private key");
  return pair;
}

void write_keyed_certificate(const KeyedCertificate& pair, const std::string& cert_path,
                             const std::string& key_path) {
  make_private_dir(fs::path(key_path).parent_path().string());
  fs::create_directories(fs::path(cert_path).parent_path());
  write_file_atomically(key_path, hostcrypto::view_of(hostcrypto::private_key_pem(pair.key.get())),
                        0600);
  write_file_atomically(cert_path, hostcrypto::view_of(hostcrypto::pem_of(pair.certificate.get())));
}

KeyedCertificate load_or_make_small_ca(const std::string& dir, const std::string& cert_file,
                                       const std::string& key_file, const std::string& cn,
                                       UnixTime now) {
  const std::string cert_path = dir + "/" + cert_file, key_path = dir + "/" + key_file;
  if (fs::exists(cert_path) && fs::exists(key_path))
    return load_keyed_certificate(cert_path, key_path);
  KeyedCertificate ca;
  ca.key = hostcrypto::generate_rsa_key(2048);
  ca.certificate = new_certificate(cn, ca.key.get(), now, 3650);
  X509* cert = ca.certificate.get();
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert, cert, NID_subject_key_identifier, "hash");
  hostcrypto::check(X509_sign(cert, ca.key.get(), EVP_sha256()), "X509_sign");
  write_keyed_certificate(ca, cert_path, key_path);
  return ca;
}

}  // namespace mynasim::pki
