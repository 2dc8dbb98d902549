#include "card/apps/surface/surface_ap.hpp"

#include "card/apps/app_files.hpp"

namespace mynasim::card::surface {

using namespace apps;

const Bytes& aid() {
  static const Bytes kAid = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02};
  return kAid;
}

DfSpec make_df() {
  // Retry limits:
  //   照合番号B 0012: 10 — the デジタル庁 page on the 14-digit number ("10 回誤るとロック"), as
  //     quoted second hand; not observed on a card.
  //   照合番号A 0013 and the 生年月日 key 0011: 10 — CHOSEN (no source gives a number).
  // Access as myna-card measured it: the 生年月日 key opens the age record alone; 照合番号A opens
  // 0002, 0005, 0006; 照合番号B the same without 0005. 0003 and 0004 are free.
  const AccessRule a_or_b = AccessRule::pin(ef::kCollationA, ef::kCollationB);
  DfSpec df{
      kDfId,
      "券面事項確認AP (surface)",
      aid(),
      {
          transparent_ef(ef::kAgeRecord, "age record", AccessRule::pin(ef::kBirthDateKey)),
          transparent_ef(ef::kCardFace, "card face", a_or_b),
          transparent_ef(ef::kBasicData, "AP basic data", AccessRule::free()),
          transparent_ef(ef::kCvCertificate, "CV certificate", AccessRule::free()),
          transparent_ef(ef::kMyNumberImage, "My Number image", AccessRule::pin(ef::kCollationA)),
          transparent_ef(ef::kUnknown0006, "unknown (16 x FF)", a_or_b),
          key_reference_ef(ef::kBirthDateKey, "生年月日 key", printed_value(6, 10)),
          key_reference_ef(ef::kCollationB, "照合番号B", printed_value(14, 10)),
          key_reference_ef(ef::kCollationA, "照合番号A", printed_value(12, 10)),
          key_reference_ef(ef::kProbedKey14, "key 0014 (no retry limit)", unlimited_key()),
          key_reference_ef(ef::kProbedKey15, "key 0015 (no retry limit)", unlimited_key()),
      }};
  df.ap_signing_key = kApKeyObject;
  df.set_session_key_sw = 0x66F1;  // no key delivery configured (myna-card)
  return df;
}

}  // namespace mynasim::card::surface
