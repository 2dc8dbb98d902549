// Constants and integer helpers of the card image format; the format itself is described at the
// top of object_store.hpp. Internal to card/store (image_writer and image_reader share it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "iso7816/bytes.hpp"

namespace mynasim::card::store {

inline constexpr std::array<std::uint8_t, 8> kImageMagic = {'M', 'Y', 'N', 'A', 'C', 'A', 'R', 'D'};
inline constexpr std::uint16_t kImageFormatVersion = 1;
inline constexpr std::size_t kImageHeaderSize = 12;  // magic | version u16 | reserved u16

// Record framing: length u32 | kind u8 | entries | CRC-32 u32, where length counts kind..entries.
inline constexpr std::size_t kRecordLengthSize = 4;
inline constexpr std::size_t kRecordCrcSize = 4;
inline constexpr std::size_t kRecordOverhead = kRecordLengthSize + 1 + kRecordCrcSize;
// Entry framing: id u32 | flags u8 | size u32 | value.
inline constexpr std::size_t kEntryOverhead = 9;

enum class RecordKind : std::uint8_t { kSnapshot = 1, kUpdate = 2 };
enum class EntryFlag : std::uint8_t { kSet = 0, kErase = 1 };

// Big-endian u32, the companions of iso7816's append_u16/read_u16.
inline void append_u32(Bytes& to, std::uint32_t v) {
  to.push_back(static_cast<std::uint8_t>(v >> 24));
  to.push_back(static_cast<std::uint8_t>(v >> 16));
  to.push_back(static_cast<std::uint8_t>(v >> 8));
  to.push_back(static_cast<std::uint8_t>(v));
}
inline void store_u32(Bytes& to, std::size_t at, std::uint32_t v) {
  to[at] = static_cast<std::uint8_t>(v >> 24);
  to[at + 1] = static_cast<std::uint8_t>(v >> 16);
  to[at + 2] = static_cast<std::uint8_t>(v >> 8);
  to[at + 3] = static_cast<std::uint8_t>(v);
}
inline std::uint32_t read_u32(ByteView b, std::size_t at) {
  return (static_cast<std::uint32_t>(b[at]) << 24) | (static_cast<std::uint32_t>(b[at + 1]) << 16) |
         (static_cast<std::uint32_t>(b[at + 2]) << 8) | static_cast<std::uint32_t>(b[at + 3]);
}

}  // namespace mynasim::card::store
