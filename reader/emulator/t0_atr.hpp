// The ATR a card presents when it offers T=0 only, derived from its own (T=1) ATR: what a chip
// vendor would burn into a T=0 variant of the same card (docs/timing-and-t0.md).
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::emulator {

// From `atr` (ISO/IEC 7816-3 §8.2), keeps what does not depend on the protocol and drops what
// belongs to T=1:
//   - TS, and the historical bytes, unchanged: they describe the chip, not the protocol;
//   - TA1 (Fi/Di), TB1 (deprecated VPP, sent by the real card as 00), TC1 (extra guard time N):
//     global bytes, kept. TC1 = FF means the minimal guard time, 12 etu under T=0;
//   - TA2 (specific mode) is kept with its protocol nibble set to 0;
//   - every TDi and the bytes after a TD naming T=1 (IFSC, BWI/CWI, the redundancy code) go;
//     bytes after a TD naming T=15 (global: clock stop, class) are kept;
//   - TD1 is written only when something follows it (TA2, or a T=15 group); without TD1 a card
//     offers T=0 (§8.2.3), which is how T=0-only cards are usually written;
//   - TCK only when a T=15 group is indicated (TCK is absent when only T=0 is, §8.2.5).
// So the My Number card's 3B E0 00 FF 81 31 FE 45 14 becomes 3B 60 00 FF.
// Returns the empty ATR and sets `problem` when `atr` does not parse.
Bytes t0_only_atr(ByteView atr, std::string& problem);

}  // namespace mynasim::emulator
