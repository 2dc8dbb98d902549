// How the card-info applications write keys and key names (shared/reference/jpki-card.md
// §2.2-2.4): the RSA public key as `90 e 91 n`, and the 16-byte key identifier (証明者鍵ID,
// 被証明者鍵ID): 7 ASCII digits naming the key, 08 05, 3 ASCII digits (the group / generation),
// 4 bytes of padding. Real cards use 5xxxxxx (production) and 6xxxxxx (the JPKI test hierarchy);
// the simulator's keys all begin with 9. Parsers throw FormatError naming `what` and the problem.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "hostcrypto/rsa_public_key.hpp"

namespace mynasim::hostcrypto {

// "DF22", "FF20", "7F21", "90" for messages.
std::string tag_name(std::uint32_t tag);

// `90` exponent then `91` modulus, nothing else; a key under 1024 bits is refused (the card's
// keys are RSA-2048).
RsaPublicKey parse_card_public_key(ByteView bytes, const std::string& what);
// `90 <len> e 91 82 01 00 n`: the exponent as given, the modulus padded to 256 bytes. 265 bytes
// for an RSA-2048 key with exponent 65537. Throws FormatError for a modulus longer than 256
// bytes or an empty one.
Bytes encode_card_public_key(const RsaPublicKey& key);

inline constexpr std::size_t kKeyIdSize = 16;
using KeyId = std::array<std::uint8_t, kKeyIdSize>;

// `number` 7 digits, `group` 3 digits; throws FormatError otherwise.
KeyId make_key_id(std::string_view number, std::string_view group);
void check_key_id(ByteView bytes, const std::string& what);
KeyId parse_key_id(ByteView bytes, const std::string& what);  // check_key_id, then the copy
// "6000024/001": the two digit groups that name the key (hex when not 16 bytes).
std::string key_id_text(ByteView key_id);

}  // namespace mynasim::hostcrypto
