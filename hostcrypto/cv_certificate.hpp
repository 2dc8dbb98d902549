// The card-verifiable certificate the card-info applications keep in EF 0004 (reference §2.2):
//
//   7F21 82 0233
//     5F4E 82 0129   body, 297 bytes: 証明者鍵ID (16) | 被証明者鍵ID (16) | 90 03 010001 91 82 0100
//     n 5F37 82 0100   RSASSA-PKCS1-v1_5 with SHA-256 over the 297 body bytes, by the issuer's key
//
// The one model and parser: the issuer (pki/card_info) reads back what it made with it, the host
// client (reader/client) reads a card's with it.
#pragma once

#include <string>

#include "hostcrypto/card_key_format.hpp"

namespace mynasim::hostcrypto {

inline constexpr std::size_t kCvBodySize = 297;
inline constexpr std::size_t kCvCertificateSize = 568;

struct CvCertificate {
  KeyId issuer_key_id{};
  KeyId subject_key_id{};
  RsaPublicKey public_key;
  Bytes body;       // the 5F4E value: the 297 bytes the signature covers
  Bytes signature;  // 5F37
};

// The object with its 7F21 template; trailing filler after it is ignored (EF 0004 is larger
// than the certificate). Throws FormatError naming `what` and what is wrong.
CvCertificate parse_cv_certificate(ByteView bytes, const std::string& what);
// Whether the signature is the issuer's over the body (PKCS#1 v1.5, SHA-256).
bool verify_cv_certificate(const CvCertificate& certificate, EVP_PKEY* issuer_public_key);

}  // namespace mynasim::hostcrypto
