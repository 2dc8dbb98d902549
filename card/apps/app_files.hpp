// Short ways to write the EFs of a card-info application's DfSpec (text, surface, 共通, 住基).
#pragma once

#include <string_view>

#include "card/runtime/profile.hpp"

namespace mynasim::card::apps {

inline EfSpec transparent_ef(std::uint16_t fid, std::string_view label, AccessRule read) {
  return {fid, EfType::kTransparent, label, read, {}, {}};
}

inline EfSpec record_ef(std::uint16_t fid, std::string_view label, AccessRule read) {
  return {fid, EfType::kRecord, label, read, {}, {}};
}

inline EfSpec key_reference_ef(std::uint16_t fid, std::string_view label, PinSpec spec) {
  return {fid, EfType::kPin, label, AccessRule::never(), {}, spec};
}

// A key no credential lets COMPUTE DIGITAL SIGNATURE 80 2A 00 80 use: the application's own
// commands (80 2A 00 00, INTERNAL AUTHENTICATE) reach it through the DfSpec instead.
inline EfSpec own_key_ef(std::uint16_t fid, std::string_view label) {
  return {fid, EfType::kPrivateKey, label, AccessRule::never(), AccessRule::never(), {}};
}

// A value printed on the card (照合番号, 生年月日): digits of a fixed length, never changed.
inline PinSpec printed_value(std::uint8_t length, std::uint8_t max_tries) {
  PinSpec spec{PinCharset::kDigits, length, length, max_tries};
  spec.changeable = false;
  return spec;
}

// A key reference myna-card's `baseline` probe (examples/fuzz_card.rs) empty-VERIFYs on a real card
// beyond the known PINs (JPKI 0010, 共通 001E, surface 0014/0015): selectable, since the probe
// stops at the first SELECT that fails, and answering 6300, the word the README gives a key with
// no retry limit (the probe's results are not published: INFERRED). No value is issued.
inline PinSpec unlimited_key() {
  PinSpec spec{PinCharset::kDigits, 1, 16, 0};
  spec.changeable = false;
  spec.unlimited = true;
  return spec;
}

}  // namespace mynasim::card::apps
