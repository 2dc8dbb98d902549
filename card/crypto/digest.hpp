// Hashes the card itself computes (integrity objects, internal checks), on mbedTLS.
#pragma once

#include <array>
#include <cstdint>

#include "iso7816/bytes.hpp"

namespace mynasim::card::crypto {

std::array<std::uint8_t, 32> sha256(ByteView data);

// DigestInfo DER prefixes (RFC 8017 §9.2 note 1) for hashes the host may send to be signed.
ByteView sha256_digest_info_prefix();

}  // namespace mynasim::card::crypto
