// The claims of an ID token (OpenID Connect Core §2): iss, sub, aud, exp, iat, auth_time, nonce,
// acr, amr, and the consented attribute claims (name, address, birthdate, gender). sub is the
// holder's pseudonymous identifier for this client (holder_identity.hpp:
// HMAC of the first certificate of the holder's line of renewals under a secret of the client's
// own), so it survives a renewed card and two clients cannot link their holders.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tools/mynaportal/oidc/oidc_store.hpp"

namespace mynasim::portal::oidc {

// The service id a client's pseudonyms are derived under: "oidc-client:" + client id (the
// portal's own services have plain names, so no client can take one of theirs).
std::string pseudonym_service(const std::string& client_id);

// amr (RFC 8176): the card ("sc"), its PIN ("pin"), a key held in hardware ("hwk").
const nlohmann::json& login_amr();

nlohmann::json id_token_claims(const std::string& issuer, const std::string& sub,
                               const Grant& grant, UnixTime now, UnixTime lifetime);

}  // namespace mynasim::portal::oidc
