// CRC-32 (IEEE 802.3, the one of zlib and PNG): the checksum of every record in the card image.
// Written by hand because mbedTLS has none and the card may not link zlib.
#pragma once

#include <cstdint>

#include "iso7816/bytes.hpp"

namespace mynasim::card::store {

// Reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF; crc32("123456789") is
// 0xCBF43926. Pass an earlier result as `crc` to continue a checksum over data given in pieces.
std::uint32_t crc32(ByteView data, std::uint32_t crc = 0);

}  // namespace mynasim::card::store
