// The card profiles mynasim knows: the physical My Number card and the smartphone JPKI token.
// Each is the whole layout as data (card/runtime/profile.hpp). The ATR in a profile is the
// default; the reader may present the card with another (contactless_atr(), or any the user
// gives), since the interface is a property of the reader, not of the card's files.
#pragma once

#include <string_view>

#include "card/runtime/profile.hpp"

namespace mynasim::card {

const CardProfile& my_number_card_profile();  // "mynumber-card", contact ATR
const CardProfile& android_token_profile();   // "jpki-token/android": JPKIAPGPSETOKEN label,
                                              // user-authentication certificate behind its PIN
// The card over ISO 14443-4 Type B, as a PC/SC part-3 ATR (reference §6).
const Bytes& contactless_atr();

// By name, as stored in a card image; nullptr if unknown.
const CardProfile* find_profile(std::string_view name);

}  // namespace mynasim::card
