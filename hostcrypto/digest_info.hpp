// DigestInfo (RFC 8017 §9.2): what RSASSA-PKCS1-v1_5 signs, and what the card's COMPUTE DIGITAL
// SIGNATURE takes (the card pads, the host builds this).
#pragma once

#include <optional>
#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::hostcrypto {

// SEQUENCE { SEQUENCE { id-sha256, NULL }, OCTET STRING digest } for a digest of any length:
// the card face's signature puts three SHA-256 values (96 bytes) in one.
Bytes sha256_digest_info(ByteView digest);
// DigestInfo(SHA-256(data)).
Bytes sha256_digest_info_of(ByteView data);

// DigestInfo for "sha256", "sha384" or "sha512" around a hash of that algorithm's length;
// nullopt for another name or length.
std::optional<Bytes> digest_info(std::string_view hash_name, ByteView hash);

}  // namespace mynasim::hostcrypto
