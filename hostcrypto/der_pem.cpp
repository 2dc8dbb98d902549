#include "hostcrypto/der_pem.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include "hostcrypto/errors.hpp"

namespace mynasim::hostcrypto {
namespace {

template <typename T, typename Encode>
Bytes der_with(const T* object, Encode encode, std::string_view what) {
  unsigned char* der = nullptr;
  const int n = encode(object, &der);
  if (n <= 0) throw_openssl(what);
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

bool looks_like_pem(ByteView bytes) {
  static constexpr std::string_view kBegin = "-----BEGIN";
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return text.find(kBegin) != std::string_view::npos;
}

BioPtr memory_bio(ByteView bytes) {
  return BioPtr(check(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), "BIO"));
}

}  // namespace

Bytes der_of(const X509* cert) {
  return der_with(
      cert, [](const X509* c, unsigned char** p) { return i2d_X509(c, p); }, "i2d_X509");
}

Bytes der_of(const X509_CRL* crl) {
  return der_with(
      crl, [](const X509_CRL* c, unsigned char** p) { return i2d_X509_CRL(c, p); }, "i2d_X509_CRL");
}

Bytes der_of(const OCSP_REQUEST* request) {
  return der_with(
      request, [](const OCSP_REQUEST* r, unsigned char** p) { return i2d_OCSP_REQUEST(r, p); },
      "i2d_OCSP_REQUEST");
}

Bytes der_of(const OCSP_RESPONSE* response) {
  return der_with(
      response, [](const OCSP_RESPONSE* r, unsigned char** p) { return i2d_OCSP_RESPONSE(r, p); },
      "i2d_OCSP_RESPONSE");
}

Bytes der_of(const EVP_PKEY* key) {
  return der_with(
      key, [](const EVP_PKEY* k, unsigned char** p) { return i2d_PUBKEY(k, p); }, "i2d_PUBKEY");
}

std::string pem_of(const X509* cert) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
  return bio_text(bio.get());
}

std::string pem_of(const X509_CRL* crl) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  check(PEM_write_bio_X509_CRL(bio.get(), const_cast<X509_CRL*>(crl)), "PEM_write_bio_X509_CRL");
  return bio_text(bio.get());
}

X509Ptr x509_from_der(ByteView der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != der.data() + der.size()) {
    ERR_clear_error();
    return nullptr;
  }
  return cert;
}

X509Ptr x509_from_der_or_pem(ByteView bytes) {
  if (!looks_like_pem(bytes)) return x509_from_der(bytes);
  BioPtr bio = memory_bio(bytes);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return cert;
}

X509CrlPtr crl_from_der_or_pem(ByteView bytes) {
  X509CrlPtr crl;
  if (looks_like_pem(bytes)) {
    BioPtr bio = memory_bio(bytes);
    crl.reset(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const unsigned char* p = bytes.data();
    crl.reset(d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size())));
    if (crl && p != bytes.data() + bytes.size()) crl.reset();
  }
  ERR_clear_error();
  return crl;
}

std::string private_key_pem(EVP_PKEY* key) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PrivateKey");
  return bio_text(bio.get());
}

EvpPkeyPtr private_key_from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(view_of(pem));
  return EvpPkeyPtr(
      check(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), "private key PEM"));
}

EvpPkeyPtr public_key_from_spki(ByteView spki, std::string_view what) {
  const unsigned char* p = spki.data();
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())));
  if (!key || p != spki.data() + spki.size()) {
    ERR_clear_error();
    throw CryptoError(std::string(what) + ": not a DER SubjectPublicKeyInfo");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key.get()) != 2048)
    throw CryptoError(std::string(what) + ": not an RSA-2048 public key");
  return key;
}

EvpPkeyPtr public_key_from_any(ByteView bytes) {
  BioPtr bio = memory_bio(bytes);
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    X509Ptr cert = x509_from_der_or_pem(bytes);
    if (cert) {
      key.reset(X509_get_pubkey(cert.get()));
    } else {
      const unsigned char* p = bytes.data();
      key.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(bytes.size())));
    }
  }
  ERR_clear_error();
  return key;
}

}  // namespace mynasim::hostcrypto
