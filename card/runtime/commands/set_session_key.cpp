// SET SESSION KEY (80 AE ...): secure messaging's key delivery. What each application answers is
// in its DfSpec (myna-card text.rs): 66F1 for 共通 and the surface AP (nothing configured), 6982
// for JPKI and 住基. The MF level answers 6982 (CHOSEN). The text AP answers 6982 until its PIN is
// verified (照合番号A does not open it); the access condition is checked before anything in the
// command, as on the real card. After the PIN (myna-card sm.rs, text.rs):
//   data = RSA-OAEP-SHA256 under the key of EF 0006 of `A0 22 80 20 <32-byte seed>`
//   a ciphertext not below the modulus        6F00 (the card's answer, text.rs)
//   one that does not decode, or decodes to any other structure (the CCS-key forms A0 { 81 }
//   and A0 { 80, 81 } included)               6A80, nothing changed
//   the right form                            9000: a new session, N = 1 (secure_messaging.hpp)
// P1/P2 are not looked at (CHOSEN: myna-card sends 00 00 and nothing else is known).
#include "card/runtime/commands/commands.hpp"
#include "card/runtime/secure_messaging.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu set_session_key(CardState& card, const CommandApdu& command) {
  const DfSpec* df = card.current_df;
  if (!df) return status(kSecurityStatusNotSatisfied);
  if (df->secure_messaging.kind == AccessRule::Kind::kNever ||
      !card.security.satisfies(df->secure_messaging))
    return status(df->set_session_key_sw);
  const auto key = card.keys.find(object_id(ObjectKind::kPrivateKey, df->id, df->session_key));
  if (!df->session_key || key == card.keys.end()) return status(kReferencedDataNotFound);
  auto delivered = key->second.decrypt_oaep_sha256(command.data, card.env.random);
  using Error = crypto::RsaPrivateKey::DecryptError;
  if (delivered.error == Error::kAboveModulus) return status(kUnknownError);
  const bool opened =
      delivered.error == Error::kNone && secure_messaging::open(card, delivered.plaintext);
  secure_wipe(delivered.plaintext);
  return status(opened ? kSuccess : kWrongData);
}

}  // namespace mynasim::card::commands
