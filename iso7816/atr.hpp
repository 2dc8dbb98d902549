// The structure of an Answer-to-Reset (ISO/IEC 7816-3 §8.2): TS, T0, the groups of interface
// bytes TAi..TCi with the TDi that link them, the historical bytes and TCK. Parsed here once for
// everyone who reads an ATR: the reader driver (how long it waits for a mute card) and the
// emulator (the T=0 variant of a card's ATR).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::iso7816 {

// Group i of interface bytes. Group 1 is global; group i >= 2 belongs to the protocol that TD(i-1)
// names (T=15: global bytes again).
struct AtrGroup {
  std::optional<std::uint8_t> ta, tb, tc;
  int protocol = -1;  // the T of TD(i-1); -1 for group 1
};

struct Atr {
  std::uint8_t ts = 0;
  std::vector<AtrGroup> groups;  // at least group 1
  Bytes historical;
  std::optional<std::uint8_t> tck;  // the byte after the historical bytes, when there is one
};

// Returns nullopt and sets `problem` when `atr` is not one: a TS other than 3B/3F, interface
// bytes cut short, or fewer bytes than T0 announces historical bytes. TCK's value is not checked
// (readers pass an ATR on whatever its checksum says).
std::optional<Atr> parse_atr(ByteView atr, std::string& problem);

}  // namespace mynasim::iso7816
