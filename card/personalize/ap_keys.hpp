// The card-info applications' own RSA-2048 keys, generated on the card at issuance: the text and
// surface keys (80 2A 00 00), the 共通 INTERNAL AUTHENTICATE key and the text application's
// secure-messaging key (SET SESSION KEY). Only their public halves leave the card, in
// CardPublicKeys.
#pragma once

#include <map>
#include <string>

#include "card/env.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/runtime/profile.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card::personalize {

// Generates each key the profile's applications name (DfSpec::ap_signing_key,
// internal_auth_key, session_key), adds the sealed keys to `objects` and their public halves to
// `keys`. False if key generation fails.
bool generate_ap_keys(const CardProfile& profile, Random& random,
                      std::map<store::ObjectId, Bytes>& objects, CardPublicKeys& keys);

// The public halves of those keys in a loaded image. Empty on success, else what is missing.
std::string ap_public_keys_of(const CardProfile& profile, const store::ObjectStore& image,
                              CardPublicKeys& keys);

}  // namespace mynasim::card::personalize
