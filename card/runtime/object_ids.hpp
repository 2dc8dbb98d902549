// How the card's persistent objects are named in the card image (card/store ObjectId):
// kind (8 bits) | DF id (8 bits, 0 = MF) | FID (16 bits).
#pragma once

#include <cstdint>

#include "card/store/object_store.hpp"

namespace mynasim::card {

enum class ObjectKind : std::uint8_t {
  kEfContent = 1,   // transparent or record EF data
  kPinValue = 2,    // salt (16) + SHA-256(salt || PIN) (32)
  kPinCounter = 3,  // one byte: tries left
  kPrivateKey = 4,  // sealed RSA key (card/crypto)
  kMeta = 5,        // card-wide facts, FID field = kMeta* below
};

inline constexpr std::uint16_t kMetaProfileName = 1;

constexpr store::ObjectId object_id(ObjectKind kind, std::uint8_t df_id, std::uint16_t fid) {
  return (static_cast<std::uint32_t>(kind) << 24) | (static_cast<std::uint32_t>(df_id) << 16) | fid;
}

}  // namespace mynasim::card
