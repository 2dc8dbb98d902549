// OpenSSL 3 objects owned by unique_ptr, conversions to and from DER/PEM, and the one way pki/
// reports an OpenSSL failure (PkiError carrying OpenSSL's own error text).
#pragma once

#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::pki {

// Seconds since 1970-01-01T00:00:00Z. Every time in pki/ is one of these; JST only at the edges.
using UnixTime = std::int64_t;

class PkiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <auto Free>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslDeleter<X509_NAME_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, OpenSslDeleter<X509_CRL_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, OpenSslDeleter<OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, OpenSslDeleter<OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, OpenSslDeleter<OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, OpenSslDeleter<OCSP_CERTID_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OpenSslDeleter<ASN1_TIME_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OpenSslDeleter<ASN1_INTEGER_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;

void free_x509_stack(STACK_OF(X509) * stack);
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OpenSslDeleter<free_x509_stack>>;

// Throws PkiError("<what>: <OpenSSL's queued errors>") and clears OpenSSL's error queue.
[[noreturn]] void throw_openssl(std::string_view what);

template <typename T>
T* check(T* p, std::string_view what) {
  if (!p) throw_openssl(what);
  return p;
}
inline void check(int rc, std::string_view what) {
  if (rc <= 0) throw_openssl(what);
}

Bytes der_of(const X509* cert);
Bytes der_of(const X509_CRL* crl);
Bytes der_of(const OCSP_REQUEST* request);
Bytes der_of(const OCSP_RESPONSE* response);
Bytes der_of(const EVP_PKEY* key);  // its SubjectPublicKeyInfo
std::string pem_of(const X509* cert);
std::string pem_of(const X509_CRL* crl);

// nullptr when the bytes are not one DER certificate (exactly, no trailing bytes).
X509Ptr x509_from_der(ByteView der);
// DER or PEM (first certificate of a PEM file); nullptr when neither.
X509Ptr x509_from_der_or_pem(ByteView bytes);
X509CrlPtr crl_from_der_or_pem(ByteView bytes);

EvpPkeyPtr generate_rsa_key(unsigned bits = 2048);
// Unencrypted PKCS#8 PEM: the simulator's CA keys sit in files of mode 0600 (see README).
std::string private_key_pem(EVP_PKEY* key);
EvpPkeyPtr private_key_from_pem(std::string_view pem);
// SubjectPublicKeyInfo DER -> public key; throws PkiError naming `what` on bad input.
EvpPkeyPtr public_key_from_spki(ByteView spki, std::string_view what);

// RFC 2253 form with UTF-8 kept as is (for listings and messages).
std::string name_to_string(const X509_NAME* name);
std::string serial_to_string(const ASN1_INTEGER* serial);  // decimal
std::uint64_t serial_to_u64(const ASN1_INTEGER* serial);   // throws if negative or too big

Asn1TimePtr asn1_time(UnixTime t);
UnixTime unix_time_of(const ASN1_TIME* t);  // throws on a malformed time

// "2026-04-01T09:00:00Z"
std::string iso8601(UnixTime t);
// Accepts "YYYY-MM-DDThh:mm:ssZ", "YYYY-MM-DD hh:mm:ss" (UTC) and "YYYY-MM-DD" (00:00 UTC), and
// "@<unix seconds>". false on anything else.
bool parse_iso8601(std::string_view text, UnixTime& out);

// Reads a whole file / writes one atomically (temp file, fsync, rename, fsync directory), with
// the given mode. Throw PkiError naming the path.
Bytes read_file(const std::string& path);
void write_file_atomically(const std::string& path, ByteView bytes, unsigned mode = 0644);

inline ByteView view_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace mynasim::pki
