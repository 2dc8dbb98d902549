#include "card/personalize/office_key.hpp"

#include "card/runtime/office_key.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card {

PersonalizeResult install_office_key(Env& env, const CardProfile& profile,
                                     const crypto::RsaPublicKey& office_key) {
  (void)profile;  // the office key is card-wide, the same for every profile
  if (office_key.modulus.size() < 256 || office_key.to_spki_der().empty())
    return {false, "the office key is not an RSA public key of at least 2048 bits"};
  store::ObjectStore image(env.storage);
  if (auto status = image.load(); !status.ok()) return {false, status.message};
  store::ObjectStore::Batch batch;
  batch.set(office::kKeyId, office::encode_public_key(office_key));
  batch.set(office::kCounterId, ByteView(&office::kMaxTries, 1));
  if (auto status = image.commit(batch, store::Durability::kDurable); !status.ok())
    return {false, status.message.empty() ? "card image " + env.storage.name() + ": write failed"
                                          : status.message};
  return {true, {}};
}

}  // namespace mynasim::card
