// PIN objects (key references): the stored value, the retry counter, and the rules for checking,
// querying and changing them. The counter is decremented and made durable BEFORE the value is
// compared, so that cutting the power during a VERIFY can never give a try back.
#pragma once

#include <cstdint>

#include "card/runtime/card_state.hpp"

namespace mynasim::card::pin {

// Tries left; 0 = blocked.
std::uint8_t tries_left(const CardState& card, const EfSpec& pin_ef);

// VERIFY with a value: 9000, 63Cx (x tries left, 63C0 on the try that blocks), the profile's
// blocked word, 6700 for a length outside the key's range (when the profile says so), or 6581
// when the counter could not be written (nothing compared then).
std::uint16_t verify(CardState& card, const EfSpec& pin_ef, ByteView candidate);

// VERIFY without data: reports, never consumes.
std::uint16_t query(const CardState& card, const EfSpec& pin_ef);

// CHANGE REFERENCE DATA / CHANGE KEY after a VERIFY of the same key in this session; 6982 for
// a key that is never changed (PinSpec::changeable).
std::uint16_t change(CardState& card, const EfSpec& pin_ef, ByteView new_value);

// Whether `value` has the key's format (length and characters). Personalization and CHANGE
// REFERENCE DATA use it.
bool well_formed(const PinSpec& spec, ByteView value);

// The stored form of a PIN value: salt (16 bytes) || SHA-256(salt || value). The card compares
// hashes, so the image never holds a PIN in clear.
Bytes seal_value(ByteView value, Random& random);

}  // namespace mynasim::card::pin
