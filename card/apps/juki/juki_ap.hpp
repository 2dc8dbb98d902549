// 住基AP (resident registry): one record EF whose content nobody has identified and its own
// 4-digit PIN, a key reference separate from the 共通 AP's (reference §2.4; myna-card
// src/ap/juki.rs).
#pragma once

#include <cstdint>

#include "card/runtime/profile.hpp"

namespace mynasim::card::juki {

inline constexpr std::uint8_t kDfId = 5;

namespace ef {
inline constexpr std::uint16_t kKeyReference = 0x0002;  // record EF, same bytes as 共通 0002
inline constexpr std::uint16_t kPin = 0x001C;           // its own counter, not 共通's
}  // namespace ef

// D3 92 10 00 31 00 01 01 04 01
const Bytes& aid();

DfSpec make_df();

}  // namespace mynasim::card::juki
