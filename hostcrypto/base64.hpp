// Base64 (RFC 4648 §4, with padding) and base64url (§5, without padding), on OpenSSL's
// EVP_EncodeBlock/EVP_DecodeBlock: the one encoder of the host side (login tokens, JOSE, HTTP
// Basic credentials, cookie ids).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::hostcrypto {

std::string base64_encode(ByteView bytes);
// nullopt unless the text is strict base64: a multiple of 4 characters of the alphabet, '='
// only as padding. Whitespace is refused, not skipped.
std::optional<Bytes> base64_decode(std::string_view text);
std::string base64url_encode(ByteView bytes);
// nullopt for '+', '/' or '=' (those belong to the other alphabet) or a malformed length.
std::optional<Bytes> base64url_decode(std::string_view text);

}  // namespace mynasim::hostcrypto
