#include "card/personalize/ap_keys.hpp"

#include "card/apps/common/common_ap.hpp"
#include "card/apps/surface/surface_ap.hpp"
#include "card/apps/text/text_ap.hpp"
#include "card/runtime/card_storage_keys.hpp"
#include "card/runtime/object_ids.hpp"

namespace mynasim::card::personalize {
namespace {

// Where an application's key goes in CardPublicKeys; nullptr for an application without one.
crypto::RsaPublicKey* slot_of(CardPublicKeys& keys, std::uint8_t df_id) {
  switch (df_id) {
    case text::kDfId:
      return &keys.text_ap;
    case surface::kDfId:
      return &keys.surface_ap;
    case common::kDfId:
      return &keys.common_ap;
    default:
      return nullptr;
  }
}

std::uint16_t own_key_of(const DfSpec& df) {
  return df.ap_signing_key ? df.ap_signing_key : df.internal_auth_key;
}

}  // namespace

bool generate_ap_keys(const CardProfile& profile, Random& random,
                      std::map<store::ObjectId, Bytes>& objects, CardPublicKeys& keys) {
  for (const auto& df : profile.dfs) {
    const std::uint16_t fid = own_key_of(df);
    crypto::RsaPublicKey* slot = slot_of(keys, df.id);
    if (!fid || !slot) continue;
    auto key = crypto::RsaPrivateKey::generate(random);
    if (!key) return false;
    objects[object_id(ObjectKind::kPrivateKey, df.id, fid)] = CardStorageKeys::seal(*key);
    *slot = key->public_key();
  }
  return true;
}

std::string ap_public_keys_of(const CardProfile& profile, const store::ObjectStore& image,
                              CardPublicKeys& keys) {
  for (const auto& df : profile.dfs) {
    const std::uint16_t fid = own_key_of(df);
    crypto::RsaPublicKey* slot = slot_of(keys, df.id);
    if (!fid || !slot) continue;
    const Bytes* sealed = image.get(object_id(ObjectKind::kPrivateKey, df.id, fid));
    if (!sealed) return "has no key of " + std::string(df.label);
    auto key = CardStorageKeys::unseal(*sealed);
    if (!key) return "corrupted: the key of " + std::string(df.label) + " does not decode";
    *slot = key->public_key();
  }
  return {};
}

}  // namespace mynasim::card::personalize
