// 公的個人認証AP (JPKI): the application with the user-authentication and signature keys, their
// certificates and their PINs (reference §2.1, §4, §6).
#pragma once

#include <cstdint>
#include <string_view>

#include "card/runtime/profile.hpp"

namespace mynasim::card::jpki {

inline constexpr std::uint8_t kDfId = 1;

namespace ef {
inline constexpr std::uint16_t kSignCertificate = 0x0001;      // 署名用証明書: after 001B
inline constexpr std::uint16_t kSignCaCertificate = 0x0002;    // 署名用CA証明書
inline constexpr std::uint16_t kTokenInfo = 0x0006;            // CK_TOKEN_INFO, 160 bytes
inline constexpr std::uint16_t kCertificatePresence = 0x0008;  // 8F 8F 00 with both certificates
inline constexpr std::uint16_t kProbedKey = 0x0010;            // no retry limit (6300)
inline constexpr std::uint16_t kAuthCertificate = 0x000A;      // 利用者証明用証明書: free
inline constexpr std::uint16_t kAuthCaCertificate = 0x000B;    // 利用者証明用CA証明書
inline constexpr std::uint16_t kAuthKey = 0x0017;              // 利用者証明用秘密鍵
inline constexpr std::uint16_t kAuthPin = 0x0018;              // 4 digits, 3 tries
inline constexpr std::uint16_t kSignKey = 0x001A;              // 署名用秘密鍵
inline constexpr std::uint16_t kSignPin = 0x001B;              // 6-16 of A-Z 0-9, 5 tries
}  // namespace ef

// D3 92 F0 00 26 01 00 00 00 01
const Bytes& aid();

// Token labels seen in EF 0006 (reference §2.1).
inline constexpr std::string_view kLabelCard = "JPKIAPICCTOKEN2";
inline constexpr std::string_view kLabelAndroid = "JPKIAPGPSETOKEN";
inline constexpr std::string_view kLabelIphone = "JPKIAPIOSTOKEN";

struct JpkiOptions {
  std::string_view token_label = kLabelCard;
  // The smartphone tokens protect the user-authentication certificate with its PIN (MYNA
  // cli.rs); the physical card hands it out freely.
  bool auth_certificate_needs_pin = false;
  // The key reference 0010 myna-card's baseline probe finds on the physical card.
  bool probed_key = true;
};

DfSpec make_df(const JpkiOptions& options = {});

// What the municipal office writes in this application: the four certificate EFs (0001 with key
// 001A, 000A with key 0017, and their CAs), EF 0008 kept in step, the serial from EF 0006.
OfficeSpec office_spec();

// EF 0006: PKCS#11 CK_TOKEN_INFO with CK_ULONG as 4-byte big-endian, 160 bytes, laid out after
// the test vector in reference §2.1 (myna-card), with our own serial number.
Bytes token_info(std::string_view label, std::string_view serial_number);

// EF 0008: 8F when a certificate is present, 00 when absent: sign, auth, then 00.
Bytes certificate_presence(bool has_sign_certificate, bool has_auth_certificate);

}  // namespace mynasim::card::jpki
