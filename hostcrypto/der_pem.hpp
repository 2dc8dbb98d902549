// Conversions of OpenSSL objects to and from DER and PEM. A parser that can meet foreign bytes
// returns nullptr (or throws naming `what`) instead of leaving errors on OpenSSL's queue.
#pragma once

#include <string>
#include <string_view>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::hostcrypto {

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

// Unencrypted PKCS#8 PEM: the simulator's CA keys sit in files of mode 0600 (see README).
std::string private_key_pem(EVP_PKEY* key);
EvpPkeyPtr private_key_from_pem(std::string_view pem);
// SubjectPublicKeyInfo DER -> RSA-2048 public key; throws CryptoError naming `what` otherwise.
EvpPkeyPtr public_key_from_spki(ByteView spki, std::string_view what);
// A public key in PEM or DER, bare (SubjectPublicKeyInfo) or in an X.509 certificate; nullptr
// when the bytes are none of these.
EvpPkeyPtr public_key_from_any(ByteView bytes);

inline ByteView view_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace mynasim::hostcrypto
