// SHA-256, the one hash of the JPKI card's records, the login protocol and the office's proof.
#pragma once

#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::hostcrypto {

inline constexpr std::size_t kSha256Size = 32;

Bytes sha256(ByteView data);
Bytes sha256(std::string_view text);  // of the text's bytes, as they are (UTF-8 in practice)

}  // namespace mynasim::hostcrypto
