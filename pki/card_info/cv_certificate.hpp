// Card-verifiable certificates as the 券面 applications keep them in EF 0004 (reference §2.2):
//
//   7F21 82 0233
//     5F4E 82 0129   body, 297 bytes: 証明者鍵ID (16) | 被証明者鍵ID (16) | 90 03 010001 91 82 0100
//     n 5F37 82 0100   RSASSA-PKCS1-v1_5 with SHA-256 over the 297 body bytes, by the issuer's key
//
// A key ID is 16 bytes: 7 ASCII digits naming the key, 08 05, 3 ASCII digits (the group /
// generation), 4 bytes of padding (00 00 00 00 here). Real cards use 5xxxxxx (production) and
// 6xxxxxx (the JPKI test hierarchy); the simulator's keys all begin with 9.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "pki/card_info/record_crypto.hpp"

namespace mynasim::pki::card_info {

using KeyId = std::array<std::uint8_t, 16>;

// `number` 7 digits, `group` 3 digits; throws PkiError otherwise.
KeyId make_key_id(std::string_view number, std::string_view group);
// "9000020/001"
std::string key_id_text(const KeyId& id);

inline constexpr std::size_t kCvBodySize = 297;
inline constexpr std::size_t kCvCertificateSize = 568;

// `subject_key` must be RSA-2048 with exponent 65537 (the body is fixed-size).
Bytes make_cv_certificate(const KeyId& issuer, const KeyId& subject,
                          const RsaPublicNumbers& subject_key, EVP_PKEY* issuer_key);

struct CvCertificate {
  KeyId issuer{};
  KeyId subject{};
  RsaPublicNumbers key;
  Bytes body;       // the 297 signed bytes
  Bytes signature;  // 5F37
};

// nullopt unless `der` is exactly one 7F21 with a 297-byte 5F4E and a 5F37.
std::optional<CvCertificate> parse_cv_certificate(ByteView bytes);
bool verify_cv_certificate(const CvCertificate& certificate, EVP_PKEY* issuer_public_key);

}  // namespace mynasim::pki::card_info
