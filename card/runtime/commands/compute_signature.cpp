// COMPUTE DIGITAL SIGNATURE (80 2A 00 P2 Lc DigestInfo [Le]): PKCS#1 v1.5 type-1 padding is done
// on the card over the bytes given (normally a DER DigestInfo, any hash). P2 = 80 (the key EF
// selected before) or 80+SFI (myna-card names the key that way). The key's PIN must have been
// verified since the last SELECT of the DF (6982 otherwise).
// P2 = 00: the current application's own key, no credential (ap_signature.cpp).
// P1 = 00 only; the hashing variants 01..05 that myna-card found are not implemented (6A86).
// Input of 0 or more than k-11 = 245 bytes: 6700. A file that is not a private key: 6A88.
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu compute_digital_signature(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x00) return status(kIncorrectP1P2);
  if (command.p2 == 0x00) return ap_signature(card, command);
  const EfLookup found = ef_from_key_reference(card, command.p2);
  if (!found.ef) return status(found.sw);
  const EfSpec& ef = *found.ef;
  if (ef.type != EfType::kPrivateKey) return status(kReferencedDataNotFound);
  if (!card.security.satisfies(ef.use)) return status(card.profile.choices.unverified_access_sw);
  return sign_with(card, card.id_of(ObjectKind::kPrivateKey, ef), command.data);
}

ResponseApdu sign_with(CardState& card, store::ObjectId key_id, ByteView input) {
  auto key = card.keys.find(key_id);
  if (key == card.keys.end()) return status(kReferencedDataNotFound);  // never generated
  if (input.empty() || input.size() + 11 > key->second.modulus_size()) return status(kWrongLength);
  auto signature = key->second.sign_pkcs1_v15(input, card.env.random);
  if (!signature) return status(kUnknownError);
  return ResponseApdu{std::move(*signature), kSuccess};
}

}  // namespace mynasim::card::commands
