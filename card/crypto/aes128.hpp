// AES-128 for the text application's secure messaging (myna-card sm.rs): one block under the key
// (the IV of each message) and CBC over whole blocks (the padding is the caller's). On mbedTLS.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "iso7816/bytes.hpp"

namespace mynasim::card::crypto {

using Aes128Key = std::array<std::uint8_t, 16>;
using AesBlock = std::array<std::uint8_t, 16>;

AesBlock aes128_encrypt_block(const Aes128Key& key, const AesBlock& block);

// CBC over `data`, whose size must be a non-zero multiple of 16 (nullopt otherwise).
std::optional<Bytes> aes128_cbc_encrypt(const Aes128Key& key, const AesBlock& iv, ByteView data);
std::optional<Bytes> aes128_cbc_decrypt(const Aes128Key& key, const AesBlock& iv, ByteView data);

}  // namespace mynasim::card::crypto
