#include "card/personalize/ap_keys.hpp"

#include <array>
#include <string_view>

#include "card/apps/common/common_ap.hpp"
#include "card/apps/surface/surface_ap.hpp"
#include "card/apps/text/text_ap.hpp"
#include "card/runtime/card_storage_keys.hpp"
#include "card/runtime/object_ids.hpp"

namespace mynasim::card::personalize {
namespace {

// The keys one application holds: its own key (signing or INTERNAL AUTHENTICATE) and the
// secure-messaging key, each with where its public half goes in CardPublicKeys.
struct ApKey {
  std::uint16_t fid = 0;  // 0: none
  crypto::RsaPublicKey* slot = nullptr;
  std::string_view what;
};

std::array<ApKey, 2> keys_of(const DfSpec& df, CardPublicKeys& keys) {
  crypto::RsaPublicKey* own = nullptr;
  crypto::RsaPublicKey* session = nullptr;
  switch (df.id) {
    case text::kDfId:
      own = &keys.text_ap;
      session = &keys.text_session;
      break;
    case surface::kDfId:
      own = &keys.surface_ap;
      break;
    case common::kDfId:
      own = &keys.common_ap;
      break;
    default:
      break;
  }
  const std::uint16_t own_fid = df.ap_signing_key ? df.ap_signing_key : df.internal_auth_key;
  return {ApKey{own ? own_fid : std::uint16_t{0}, own, "key"},
          ApKey{session ? df.session_key : std::uint16_t{0}, session, "secure-messaging key"}};
}

}  // namespace

bool generate_ap_keys(const CardProfile& profile, Random& random,
                      std::map<store::ObjectId, Bytes>& objects, CardPublicKeys& keys) {
  for (const auto& df : profile.dfs) {
    for (const ApKey& k : keys_of(df, keys)) {
      if (!k.fid) continue;
      auto key = crypto::RsaPrivateKey::generate(random);
      if (!key) return false;
      objects[object_id(ObjectKind::kPrivateKey, df.id, k.fid)] = CardStorageKeys::seal(*key);
      *k.slot = key->public_key();
    }
  }
  return true;
}

std::string ap_public_keys_of(const CardProfile& profile, const store::ObjectStore& image,
                              CardPublicKeys& keys) {
  for (const auto& df : profile.dfs) {
    for (const ApKey& k : keys_of(df, keys)) {
      if (!k.fid) continue;
      const std::string what = std::string(k.what) + " of " + std::string(df.label);
      const Bytes* sealed = image.get(object_id(ObjectKind::kPrivateKey, df.id, k.fid));
      if (!sealed) return "has no " + what;
      auto key = CardStorageKeys::unseal(*sealed);
      if (!key) return "corrupted: the " + what + " does not decode";
      *k.slot = key->public_key();
    }
  }
  return {};
}

}  // namespace mynasim::card::personalize
