#include "card/apps/common/common_ap.hpp"

#include "card/apps/app_files.hpp"

namespace mynasim::card::common {

using namespace apps;

const Bytes& aid() {
  static const Bytes kAid = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00};
  return kAid;
}

DfSpec make_df() {
  // PIN 001C: 4 digits, 3 tries — CONFIRMED by the official documents for the 住民基本台帳用
  // 暗証番号 (not seen in code). CHANGE KEY 80 32 changes it (myna-card).
  DfSpec df{kDfId,
            "共通カードAP (common)",
            aid(),
            {
                record_ef(ef::kCardInfo, "card serial, municipality, expiry", AccessRule::free()),
                record_ef(ef::kKeyReference, "key reference", AccessRule::free()),
                own_key_ef(ef::kInternalAuthKey, "INTERNAL AUTHENTICATE key"),
                key_reference_ef(ef::kPin, "resident PIN (共通)", {PinCharset::kDigits, 4, 4, 3}),
                key_reference_ef(ef::kProbedKey, "key 001E (no retry limit)", unlimited_key()),
            }};
  df.internal_auth_key = ef::kInternalAuthKey;
  df.set_session_key_sw = 0x66F1;  // no key delivery configured (myna-card)
  return df;
}

}  // namespace mynasim::card::common
