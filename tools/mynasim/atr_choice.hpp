// --atr contact|contactless|HEX: which ATR the reader reports for a card. The interface is a
// property of the reader, not of the card's files (card/apps/card_profiles.hpp).
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::tools {

// "contact" (or empty): the card's own ATR, returned as an empty Bytes; "contactless": the
// PC/SC part-3 ATR of the card over ISO 14443-4 Type B; anything else must be a well-formed ATR in
// hex. Returns "" or a message naming the problem.
std::string parse_atr_choice(const std::string& text, Bytes& atr);

// Checks an ATR's structure (ISO 7816-3): TS, the interface bytes T0 and TDi announce, the
// historical bytes, and TCK when a protocol other than T=0 is indicated. "" if well formed.
std::string check_atr(ByteView atr);

}  // namespace mynasim::tools
