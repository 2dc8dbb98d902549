// The one place that turns private keys into sealed bytes for the card's own storage and back
// (it holds the crypto::StorageAccess pass). Used by card loading, Card::restore and
// personalization only.
#pragma once

#include <optional>

#include "card/crypto/rsa_key.hpp"

namespace mynasim::card {

class CardStorageKeys {
 public:
  static Bytes seal(const crypto::RsaPrivateKey& key) { return key.seal(crypto::StorageAccess{}); }
  static std::optional<crypto::RsaPrivateKey> unseal(ByteView sealed) {
    return crypto::RsaPrivateKey::unseal(crypto::StorageAccess{}, sealed);
  }
  static bool copy(crypto::RsaPrivateKey& to, const crypto::RsaPrivateKey& from) {
    return to.copy_from(crypto::StorageAccess{}, from);
  }
};

}  // namespace mynasim::card
