// Secure messaging on the text application, as myna-card's src/sm.rs measured it on a card
// (reference §9, rank 3). Confidentiality only:
//   - SET SESSION KEY (80 AE, set_session_key.cpp) after the PIN delivers `A0 22 80 20 <seed>`
//     under RSA-OAEP-SHA256 to the key of EF 0006; the session key is the seed's first 16 bytes.
//   - Each SM command carries an implicit counter N: 1 for the first after SET SESSION KEY, +1
//     per SM command the SM layer accepted (also when the application then refuses it, 6984,
//     63Cx ...); plain commands do not move it. IV(N) = AES-128(key, N as 16 big-endian bytes).
//   - CLA 08: VERIFY and SELECT carry exactly one `86 L 01 ‖ AES-CBC(pad(data))` (L short or
//     long form); READ BINARY exactly one `96 03 00 Le-hi Le-lo` (00 00: the rest of the file)
//     and answers `86 L 01 ‖ AES-CBC(pad(data))` 9000. ISO padding 80 00..., always added.
//   - A wrong or missing object, a wrong indicator, a cryptogram that is not whole blocks or
//     whose padding does not strip (a wrong N) -> 6988; CLA 0C (integrity asked, no CCS key)
//     -> 6987. Either destroys the session: every later SM command answers 69FC.
//   - Without a session, SM CLAs keep the card's fixed answers (dispatcher.cpp).
// Choices where sm.rs is silent are in README.md (secure messaging).
#pragma once

#include "card/runtime/card_state.hpp"
#include "iso7816/apdu.hpp"

namespace mynasim::card::secure_messaging {

// Whether the session takes this command: CLA 08 or 0C with a session open (VERIFY, SELECT,
// READ BINARY) or broken (any INS).
bool takes(const CardState& card, const iso7816::CommandApdu& command);

// Unwraps, runs the plain handler, wraps the answer. Only for commands takes() accepts.
iso7816::ResponseApdu process(CardState& card, const iso7816::CommandApdu& command);

// Opens a session from the delivered key material (the OAEP plaintext of SET SESSION KEY):
// false (nothing changed) unless it is exactly `A0 22 80 20 <32 bytes>`.
bool open(CardState& card, ByteView key_delivery);

}  // namespace mynasim::card::secure_messaging
