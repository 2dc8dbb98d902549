// Issuance step for the municipal office: the PUBLIC half of the office key that the card's
// EXTERNAL AUTHENTICATE checks (card/runtime/office_key.hpp), with a full retry counter. Called
// by the issuer between begin_personalization and install_certificates; without it the card
// refuses every administrative command (6A88 to EXTERNAL AUTHENTICATE, 6982 to the rest).
#pragma once

#include "card/crypto/rsa_key.hpp"
#include "card/env.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/runtime/profile.hpp"

namespace mynasim::card {

// Writes (or replaces) the office key in one durable record. Refuses a key that is not an RSA
// public key of 2048 bits or more (the error names it), and an image that does not load.
PersonalizeResult install_office_key(Env& env, const CardProfile& profile,
                                     const crypto::RsaPublicKey& office_key);

}  // namespace mynasim::card
