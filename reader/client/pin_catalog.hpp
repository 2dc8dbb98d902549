// Every key reference a My Number card has (reference §4), as data: the name tools use for it,
// the application and EF it lives in, its format, and how its value is changed. A card that lacks
// an application (a smartphone token, or a simulator profile without the card-info APs) answers
// 6A82 to its SELECT; tools skip such entries. Adding a PIN is one line here.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::client {

enum class PinCharset : std::uint8_t { kDigits, kUpperAlnum };

enum class PinChange : std::uint8_t {
  kChangeReferenceData,  // 00 24 01 80 new (JPKI, text)
  kChangeKey,            // 80 32 00 80 new (JICSAP; 共通 and 住基)
  kNone,                 // printed on the card (照合番号, birth date): no command changes it
};

struct PinEntry {
  std::string_view name;   // "auth", "sign", "text", ...
  std::string_view label;  // what it is, for people
  std::string_view application;
  Bytes aid;
  std::uint16_t fid = 0;
  PinCharset charset = PinCharset::kDigits;
  std::uint8_t min_length = 4;
  std::uint8_t max_length = 4;
  PinChange change = PinChange::kChangeReferenceData;
};

std::span<const PinEntry> pin_catalog();
const PinEntry* find_pin(std::string_view name);
// "auth|sign|text|..." for help texts.
std::string pin_names();

}  // namespace mynasim::client
