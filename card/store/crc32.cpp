#include "card/store/crc32.hpp"

#include <array>
#include <cstddef>

namespace mynasim::card::store {
namespace {

constexpr std::uint32_t kPolynomial = 0xEDB88320u;  // 0x04C11DB7 bit-reversed (LSB first)

// kTables[0] has one entry per byte value: the CRC register after shifting that byte through it.
// kTables[k] shifts k zero bytes more, so that four bytes are folded in with four independent
// lookups instead of four dependent ones ("slicing by 4"): loading an image checks every byte of
// it. Computed at compile time: the card carries a 4 KiB constant table and no start-up work.
using Tables = std::array<std::array<std::uint32_t, 256>, 4>;

constexpr Tables make_tables() {
  Tables tables{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t reg = byte;
    for (int bit = 0; bit < 8; ++bit) reg = (reg & 1u) ? (reg >> 1) ^ kPolynomial : reg >> 1;
    tables[0][byte] = reg;
  }
  for (std::size_t k = 1; k < tables.size(); ++k)
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
      const std::uint32_t prev = tables[k - 1][byte];
      tables[k][byte] = (prev >> 8) ^ tables[0][prev & 0xFFu];
    }
  return tables;
}

constexpr Tables kTables = make_tables();

}  // namespace

std::uint32_t crc32(ByteView data, std::uint32_t crc) {
  // The register is kept inverted between calls so that results can be chained.
  std::uint32_t reg = ~crc;
  const std::uint8_t* p = data.data();
  std::size_t left = data.size();
  for (; left >= 4; left -= 4, p += 4) {
    // The reflected CRC takes the first byte into the low bits: little-endian, whatever the CPU.
    reg ^= static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
    reg = kTables[3][reg & 0xFFu] ^ kTables[2][(reg >> 8) & 0xFFu] ^
          kTables[1][(reg >> 16) & 0xFFu] ^ kTables[0][reg >> 24];
  }
  for (; left > 0; --left, ++p) reg = kTables[0][(reg ^ *p) & 0xFFu] ^ (reg >> 8);
  return ~reg;
}

}  // namespace mynasim::card::store
