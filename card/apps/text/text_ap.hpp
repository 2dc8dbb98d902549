// 券面事項入力補助AP (text / "card-info input support"): the My Number and the four basic
// attributes as text, for form filling (reference §2.2, §4; myna-card src/ap/text.rs).
#pragma once

#include <cstdint>

#include "card/runtime/profile.hpp"

namespace mynasim::card::text {

inline constexpr std::uint8_t kDfId = 2;

namespace ef {
inline constexpr std::uint16_t kMyNumber = 0x0001;         // FF 10 0C + 12 digits + FF FF
inline constexpr std::uint16_t kAttributes = 0x0002;       // 基本4情報: FF 20 { DF21..DF25 }
inline constexpr std::uint16_t kIntegrity = 0x0003;        // FF 30 { DF31 DF32 DF33 }
inline constexpr std::uint16_t kCvCertificate = 0x0004;    // 7F21
inline constexpr std::uint16_t kBasicData = 0x0005;        // FF 40 { DF41 DF42 DF43 }
inline constexpr std::uint16_t kSessionKey = 0x0006;       // A1 { 90 91 }: secure messaging
inline constexpr std::uint16_t kSignedPublicKey = 0x0007;  // FF 50 { DF51 DF52 }
inline constexpr std::uint16_t kUnknown0008 = 0x0008;      // 16 x FF
inline constexpr std::uint16_t kPin = 0x0011;          // 券面事項入力補助用暗証番号
inline constexpr std::uint16_t kBlocked0012 = 0x0012;  // blocked from issuance
inline constexpr std::uint16_t kApKey = 0x0013;        // signs with 80 2A 00 00, no PIN
inline constexpr std::uint16_t kCollationA = 0x0014;   // 照合番号A: the My Number
inline constexpr std::uint16_t kCollationB = 0x0015;   // 照合番号B: 14 digits
}  // namespace ef

// D3 92 10 00 31 00 01 01 04 08
const Bytes& aid();

DfSpec make_df();

}  // namespace mynasim::card::text
