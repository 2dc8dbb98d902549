// VERIFY (00 20) and CHANGE REFERENCE DATA (00 24): the handlers that address a PIN object.
//
// VERIFY 00 20 00 P2: P2 = 80 (the current EF) or 80+SFI. Case 1 (no data, no Le) is the retry
// query; case 3 presents a value; a trailing Le (case 2 or 4) answers 6700, as a real card does
// to the case-2 form (reference §3; case 4 is our extension of the same rule).
// CHANGE REFERENCE DATA 00 24 01 P2 Lc new-value: only after VERIFY of the same key (P1=01: the
// old value is not in the command). P1=00 (old and new in one field) is not supported: 6A86.
// CHANGE KEY 80 32 00 P2 Lc new-value (JICSAP): the same after VERIFY of the key, as the 共通 and
// 住基 applications' PIN 001C are changed (myna-card common.rs/juki.rs). The card takes either
// command on any PIN key (CHOSEN: which key answers which command on the real card is not known).
// An EF that is not a key reference answers 6A88.
#include "card/runtime/commands/commands.hpp"
#include "card/runtime/pin.hpp"

namespace mynasim::card::commands {
namespace {

using namespace iso7816::sw;

EfLookup pin_ef(const CardState& card, std::uint8_t p2) {
  EfLookup found = ef_from_key_reference(card, p2);
  if (found.ef && found.ef->type != EfType::kPin) return {nullptr, kReferencedDataNotFound};
  return found;
}

}  // namespace

ResponseApdu verify(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x00) return status(kIncorrectP1P2);
  if (command.has_le) return status(kWrongLength);
  const EfLookup key = pin_ef(card, command.p2);
  if (!key.ef) return status(key.sw);
  if (command.data.empty()) return status(pin::query(card, *key.ef));
  return status(pin::verify(card, *key.ef, command.data));
}

ResponseApdu change_reference_data(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x01) return status(kIncorrectP1P2);
  if (command.has_le || command.data.empty()) return status(kWrongLength);
  const EfLookup key = pin_ef(card, command.p2);
  if (!key.ef) return status(key.sw);
  return status(pin::change(card, *key.ef, command.data));
}

ResponseApdu change_key(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x00) return status(kIncorrectP1P2);
  if (command.has_le || command.data.empty()) return status(kWrongLength);
  const EfLookup key = pin_ef(card, command.p2);
  if (!key.ef) return status(key.sw);
  return status(pin::change(card, *key.ef, command.data));
}

}  // namespace mynasim::card::commands
