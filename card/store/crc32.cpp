#include "card/store/crc32.hpp"

#include <array>

namespace mynasim::card::store {
namespace {

constexpr std::uint32_t kPolynomial = 0xEDB88320u;  // 0x04C11DB7 bit-reversed (LSB first)

// One entry per byte value: the CRC register after shifting that byte through it. Computed at
// compile time, so the card carries a 1 KiB constant table and no start-up work.
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t reg = byte;
    for (int bit = 0; bit < 8; ++bit) reg = (reg & 1u) ? (reg >> 1) ^ kPolynomial : reg >> 1;
    table[byte] = reg;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = make_table();

}  // namespace

std::uint32_t crc32(ByteView data, std::uint32_t crc) {
  // The register is kept inverted between calls so that results can be chained.
  std::uint32_t reg = ~crc;
  for (std::uint8_t byte : data) reg = kTable[(reg ^ byte) & 0xFFu] ^ (reg >> 8);
  return ~reg;
}

}  // namespace mynasim::card::store
