// Byte buffers shared by every layer: owned (Bytes) and borrowed (ByteView).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mynasim {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// "00 A4 04 0C" style, upper case, one separator between bytes; separator '\0' means none.
std::string to_hex(ByteView bytes, char separator = ' ');
// A 16-bit value (a FID, a tag) as four upper-case hex digits: "001B".
std::string to_hex(std::uint16_t value);

// Accepts hex digits (either case) with optional runs of spaces or colons between bytes, never
// inside one. Replaces `out` on success; returns false and leaves `out` untouched on anything else.
bool from_hex(std::string_view text, Bytes& out);

inline void append(Bytes& to, ByteView from) {
  to.insert(to.end(), from.begin(), from.end());
}
inline void append_u16(Bytes& to, std::uint16_t v) {
  to.push_back(static_cast<std::uint8_t>(v >> 8));
  to.push_back(static_cast<std::uint8_t>(v));
}
inline std::uint16_t read_u16(ByteView b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

// Overwrites a secret before its memory is released; the compiler may not drop it.
void secure_wipe(std::span<std::uint8_t> secret);

}  // namespace mynasim
