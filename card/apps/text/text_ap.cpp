#include "card/apps/text/text_ap.hpp"

#include "card/apps/app_files.hpp"

namespace mynasim::card::text {

using namespace apps;

const Bytes& aid() {
  static const Bytes kAid = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08};
  return kAid;
}

DfSpec make_df() {
  // Retry limits (reference §4 finds none in code):
  //   PIN 0011: 3 — CONFIRMED by the official sites (kojinbango-card.go.jp FAQ, デジタル庁).
  //   照合番号B 0015: 10 — the デジタル庁 page on the 14-digit number from the card face, as quoted
  //     second hand; not observed on a card.
  //   照合番号A 0014: 10 — CHOSEN, as for 照合番号B (no source gives a number).
  //   0012: blocked from issuance (myna-card); its limit (3) is CHOSEN and never reached.
  const PinSpec pin{PinCharset::kDigits, 4, 4, 3};
  PinSpec blocked{PinCharset::kDigits, 4, 16, 3};
  blocked.changeable = false;
  blocked.blocked_at_issuance = true;

  // Access as myna-card measured it: the PIN opens everything; 照合番号A the My Number, 照合番号B
  // the attributes, either one the integrity record and the key files. 0008 (16 x FF, purpose
  // unknown) follows its neighbours 0006/0007: CHOSEN.
  const AccessRule pin_or_a = AccessRule::pin(ef::kPin, ef::kCollationA);
  const AccessRule pin_or_b = AccessRule::pin(ef::kPin, ef::kCollationB);
  const AccessRule pin_or_either = AccessRule::pin(ef::kPin, ef::kCollationA, ef::kCollationB);

  DfSpec df{kDfId,
            "券面事項入力補助AP (text)",
            aid(),
            {
                transparent_ef(ef::kMyNumber, "My Number", pin_or_a),
                transparent_ef(ef::kAttributes, "basic four attributes", pin_or_b),
                transparent_ef(ef::kIntegrity, "integrity record", pin_or_either),
                transparent_ef(ef::kCvCertificate, "CV certificate", AccessRule::free()),
                transparent_ef(ef::kBasicData, "AP basic data", AccessRule::free()),
                transparent_ef(ef::kSessionKey, "session-key public key", pin_or_either),
                transparent_ef(ef::kSignedPublicKey, "signed AP public key", pin_or_either),
                transparent_ef(ef::kUnknown0008, "unknown (16 x FF)", pin_or_either),
                key_reference_ef(ef::kPin, "text PIN", pin),
                key_reference_ef(ef::kBlocked0012, "blocked key 0012", blocked),
                own_key_ef(ef::kApKey, "text AP signing key"),
                key_reference_ef(ef::kCollationA, "照合番号A", printed_value(12, 10)),
                key_reference_ef(ef::kCollationB, "照合番号B", printed_value(14, 10)),
            }};
  df.ap_signing_key = ef::kApKey;
  // The real card takes SET SESSION KEY after the PIN and opens secure messaging (myna-card);
  // 6982 before it. The key it is delivered under has its public half in EF 0006.
  df.secure_messaging = AccessRule::pin(ef::kPin);
  df.session_key = ef::kSessionKey;
  return df;
}

}  // namespace mynasim::card::text
