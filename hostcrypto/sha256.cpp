#include "hostcrypto/sha256.hpp"

#include <openssl/sha.h>

namespace mynasim::hostcrypto {

Bytes sha256(ByteView data) {
  Bytes out(kSha256Size);
  SHA256(data.data(), data.size(), out.data());
  return out;
}

Bytes sha256(std::string_view text) {
  return sha256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace mynasim::hostcrypto
