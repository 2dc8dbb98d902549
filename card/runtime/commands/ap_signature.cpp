// COMPUTE DIGITAL SIGNATURE with P2 = 00 (80 2A 00 00 Lc DigestInfo Le): the current
// application's own key signs, with no credential (text 0013, the surface key; myna-card
// text.rs/surface.rs "P2 is 00, which selects the application's default key"). PKCS#1 v1.5
// type-1 padding over the bytes given, as for 80 2A 00 80. An application without such a key
// (JPKI, 共通, 住基) or the MF level: 6A88 (CHOSEN). Input of 0 or more than 245 bytes: 6700.
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu ap_signature(CardState& card, const CommandApdu& command) {
  const DfSpec* df = card.current_df;
  if (!df || df->ap_signing_key == 0) return status(kReferencedDataNotFound);
  return sign_with(card, object_id(ObjectKind::kPrivateKey, df->id, df->ap_signing_key),
                   command.data);
}

}  // namespace mynasim::card::commands
