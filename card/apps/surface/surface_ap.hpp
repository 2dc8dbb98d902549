// 券面事項確認AP (surface / card face): what is printed on the card, as signed images and data,
// for identity checks (reference §2.3, §4; myna-card src/ap/surface.rs, jpki-rs surface.rs).
#pragma once

#include <cstdint>

#include "card/runtime/profile.hpp"

namespace mynasim::card::surface {

inline constexpr std::uint8_t kDfId = 3;

namespace ef {
inline constexpr std::uint16_t kAgeRecord = 0x0001;      // FF 10 { DF11 DF12 DF13 }
inline constexpr std::uint16_t kCardFace = 0x0002;       // FF 20 { DF21 offsets, DF22..DF2A }
inline constexpr std::uint16_t kBasicData = 0x0003;      // FF 30 { DF31..DF35 }
inline constexpr std::uint16_t kCvCertificate = 0x0004;  // 7F21
inline constexpr std::uint16_t kMyNumberImage = 0x0005;  // FF 40 { DF41 DF42 DF43 }
inline constexpr std::uint16_t kUnknown0006 = 0x0006;    // 16 x FF
inline constexpr std::uint16_t kBirthDateKey = 0x0011;   // 和暦 YYMMDD
inline constexpr std::uint16_t kCollationB = 0x0012;     // 照合番号B
inline constexpr std::uint16_t kCollationA = 0x0013;     // 照合番号A
inline constexpr std::uint16_t kProbedKey14 = 0x0014;    // no retry limit (6300)
inline constexpr std::uint16_t kProbedKey15 = 0x0015;    // no retry limit (6300)
}  // namespace ef

// The AP's own signing key (80 2A 00 00, no credential; its public half is DF12/DF24/DF42). No
// source names its FID, so it is stored under 001F, which no command can address (CHOSEN).
inline constexpr std::uint16_t kApKeyObject = 0x001F;

// D3 92 10 00 31 00 01 01 04 02
const Bytes& aid();

DfSpec make_df();

}  // namespace mynasim::card::surface
