#include "card/apps/juki/juki_ap.hpp"

#include "card/apps/app_files.hpp"

namespace mynasim::card::juki {

using namespace apps;

const Bytes& aid() {
  static const Bytes kAid = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01};
  return kAid;
}

DfSpec make_df() {
  // PIN 001C: 4 digits, 3 tries — CONFIRMED by the official documents (not seen in code).
  // SET SESSION KEY answers 6982 here (myna-card), the DfSpec default.
  return DfSpec{
      kDfId,
      "住基AP (resident registry)",
      aid(),
      {
          record_ef(ef::kKeyReference, "key reference", AccessRule::free()),
          key_reference_ef(ef::kPin, "resident PIN (住基)", {PinCharset::kDigits, 4, 4, 3}),
      }};
}

}  // namespace mynasim::card::juki
