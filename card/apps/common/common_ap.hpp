// 共通カードAP ("本人確認業務用領域"): the card's serial number, issuing municipality and expiry
// in a record EF, a 4-digit PIN, and the key that answers INTERNAL AUTHENTICATE (reference §2.4;
// myna-card src/ap/common.rs).
#pragma once

#include <cstdint>

#include "card/runtime/profile.hpp"

namespace mynasim::card::common {

inline constexpr std::uint8_t kDfId = 4;

namespace ef {
inline constexpr std::uint16_t kCardInfo = 0x0001;      // record 1: 01 1C + 28 digits
inline constexpr std::uint16_t kKeyReference = 0x0002;  // 16-byte key reference (record)
inline constexpr std::uint16_t kInternalAuthKey = 0x0019;
inline constexpr std::uint16_t kPin = 0x001C;  // 住民基本台帳用暗証番号 (this AP's own counter)
inline constexpr std::uint16_t kProbedKey = 0x001E;  // no retry limit (6300)
}  // namespace ef

// D3 92 10 00 31 00 01 01 01 00
const Bytes& aid();

DfSpec make_df();

}  // namespace mynasim::card::common
