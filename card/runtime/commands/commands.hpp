// The command handlers: one function per instruction, each taking the parsed command and the
// card's RAM and returning data + status word. The dispatcher (dispatcher.cpp) decides which one
// runs; the handlers check P1/P2, lengths, access rules, and do the work.
#pragma once

#include "card/runtime/card_state.hpp"
#include "iso7816/apdu.hpp"
#include "iso7816/status_words.hpp"

namespace mynasim::card::commands {

using iso7816::CommandApdu;
using iso7816::ResponseApdu;

inline ResponseApdu status(std::uint16_t sw) {
  return ResponseApdu{{}, sw};
}

ResponseApdu select_file(CardState& card, const CommandApdu& command);                // 00 A4
ResponseApdu read_binary(CardState& card, const CommandApdu& command);                // 00 B0
ResponseApdu read_record(CardState& card, const CommandApdu& command);                // 00 B2
ResponseApdu verify(CardState& card, const CommandApdu& command);                     // 00 20
ResponseApdu change_reference_data(CardState& card, const CommandApdu& command);      // 00 24
ResponseApdu get_challenge(CardState& card, const CommandApdu& command);              // 00 84
ResponseApdu compute_digital_signature(CardState& card, const CommandApdu& command);  // 80 2A
// The municipal office's commands, behind issuer authentication (office_commands.cpp).
ResponseApdu external_authenticate(CardState& card, const CommandApdu& command);  // 00 82
ResponseApdu reset_retry_counter(CardState& card, const CommandApdu& command);    // 00 2C
ResponseApdu update_binary(CardState& card, const CommandApdu& command);          // 00 D6
// The card-info applications' commands.
ResponseApdu internal_authenticate(CardState& card, const CommandApdu& command);  // 00 88
ResponseApdu get_data(CardState& card, const CommandApdu& command);               // 00 CA
ResponseApdu change_key(CardState& card, const CommandApdu& command);             // 80 32
ResponseApdu set_session_key(CardState& card, const CommandApdu& command);        // 80 AE
// 80 2A 00 00: COMPUTE DIGITAL SIGNATURE with the current application's own key.
ResponseApdu ap_signature(CardState& card, const CommandApdu& command);
// PKCS#1 v1.5 signature by the card's key `key_id` over `input` (1..k-11 bytes, else 6700): the
// response of 80 2A and INTERNAL AUTHENTICATE. 6A88 if the key was never generated.
ResponseApdu sign_with(CardState& card, store::ObjectId key_id, ByteView input);

// Shared by the handlers: the EF a command addresses.
struct EfLookup {
  const EfSpec* ef = nullptr;
  std::uint16_t sw = iso7816::sw::kSuccess;  // why there is none
};
// P2 of VERIFY, CHANGE REFERENCE DATA and COMPUTE DIGITAL SIGNATURE: 80 = the current EF,
// 80+SFI (81..9E) = the EF whose FID is the SFI. Anything else: 6A86.
EfLookup ef_from_key_reference(const CardState& card, std::uint8_t p2);
// An EF of the current DF (or of the MF level) by FID; nullptr if there is none.
const EfSpec* find_ef_here(const CardState& card, std::uint16_t fid);
// P1/P2 of READ BINARY and UPDATE BINARY: b8 of P1 = 0 -> 15-bit offset in the current EF;
// P1 = 100xxxxx -> short EF identifier xxxxx (the EF becomes current), P2 = 8-bit offset.
struct BinaryTarget {
  const EfSpec* ef = nullptr;
  std::size_t offset = 0;
  std::uint16_t sw = iso7816::sw::kSuccess;  // why there is no EF
};
BinaryTarget binary_target(CardState& card, const CommandApdu& command);

}  // namespace mynasim::card::commands
