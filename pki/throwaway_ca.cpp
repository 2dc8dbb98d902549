#include "pki/throwaway_ca.hpp"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <stdexcept>

namespace mynasim::pki {
namespace {

[[noreturn]] void openssl_failed(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

template <typename T>
T* check(T* p, const char* what) {
  if (!p) openssl_failed(what);
  return p;
}

void check(int rc, const char* what) {
  if (rc <= 0) openssl_failed(what);
}

Bytes to_der(X509* cert) {
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert, &der);
  if (n <= 0) openssl_failed("i2d_X509");
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = check(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value), value);
  check(X509_add_ext(cert, ext, -1), "X509_add_ext");
  X509_EXTENSION_free(ext);
}

X509* new_certificate(long serial, X509_NAME* subject, X509_NAME* issuer, EVP_PKEY* key,
                      long valid_days) {
  X509* cert = check(X509_new(), "X509_new");
  check(X509_set_version(cert, 2), "X509_set_version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert), serial), "serial");
  check(X509_set_subject_name(cert, subject), "subject");
  check(X509_set_issuer_name(cert, issuer), "issuer");
  check(X509_set_pubkey(cert, key), "pubkey");
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), valid_days * 24 * 3600);
  return cert;
}

}  // namespace

struct ThrowawayCa::Impl {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  long next_serial = 2;
  ~Impl() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

ThrowawayCa::ThrowawayCa(std::string hierarchy) : impl_(std::make_unique<Impl>()) {
  impl_->key = check(EVP_RSA_gen(2048), "EVP_RSA_gen");
  X509_NAME* name = check(X509_NAME_new(), "X509_NAME_new");
  auto add = [&](const char* field, const std::string& value) {
    check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                     0),
          field);
  };
  add("C", "JP");
  add("O", "JPKI");
  add("OU", hierarchy);
  add("OU", "Japan Agency for Local Authority Information Systems");
  impl_->cert = new_certificate(1, name, name, impl_->key, 3650);
  X509_NAME_free(name);
  add_extension(impl_->cert, impl_->cert, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(impl_->cert, impl_->cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(impl_->cert, impl_->cert, NID_subject_key_identifier, "hash");
  check(X509_sign(impl_->cert, impl_->key, EVP_sha256()), "X509_sign");
  ca_certificate_ = to_der(impl_->cert);
}

ThrowawayCa::~ThrowawayCa() = default;

Bytes ThrowawayCa::issue(ByteView subject_public_key_info, const std::string& common_name,
                         bool non_repudiation) {
  const unsigned char* p = subject_public_key_info.data();
  EVP_PKEY* subject_key =
      check(d2i_PUBKEY(nullptr, &p, static_cast<long>(subject_public_key_info.size())),
            "d2i_PUBKEY: not a SubjectPublicKeyInfo");
  X509_NAME* subject = check(X509_NAME_new(), "X509_NAME_new");
  check(X509_NAME_add_entry_by_txt(subject, "C", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("JP"), -1, -1, 0),
        "C");
  check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                   -1, 0),
        "CN");
  X509* cert = new_certificate(impl_->next_serial++, subject, X509_get_subject_name(impl_->cert),
                               subject_key, 5 * 365);
  X509_NAME_free(subject);
  EVP_PKEY_free(subject_key);
  add_extension(
      cert, impl_->cert, NID_key_usage,
      non_repudiation ? "critical,digitalSignature,nonRepudiation" : "critical,digitalSignature");
  add_extension(cert, impl_->cert, NID_authority_key_identifier, "keyid");
  check(X509_sign(cert, impl_->key, EVP_sha256()), "X509_sign");
  Bytes der = to_der(cert);
  X509_free(cert);
  return der;
}

}  // namespace mynasim::pki
