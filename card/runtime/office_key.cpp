#include "card/runtime/office_key.hpp"

namespace mynasim::card::office {

Bytes encode_public_key(const crypto::RsaPublicKey& key) {
  Bytes out;
  append_u16(out, static_cast<std::uint16_t>(key.modulus.size()));
  append(out, key.modulus);
  append_u16(out, static_cast<std::uint16_t>(key.exponent.size()));
  append(out, key.exponent);
  return out;
}

std::optional<crypto::RsaPublicKey> decode_public_key(ByteView stored) {
  crypto::RsaPublicKey key;
  std::size_t at = 0;
  for (Bytes* part : {&key.modulus, &key.exponent}) {
    if (stored.size() < at + 2) return std::nullopt;
    const std::size_t size = read_u16(stored, at);
    at += 2;
    if (size == 0 || stored.size() < at + size) return std::nullopt;
    part->assign(stored.begin() + static_cast<std::ptrdiff_t>(at),
                 stored.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
  }
  if (at != stored.size()) return std::nullopt;
  return key;
}

}  // namespace mynasim::card::office
