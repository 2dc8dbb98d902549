// private_key_jwt (OpenID Connect Core §9, RFC 7523): a client proves itself with a JWT signed
// by a key whose public half the operator registered (`client add --jwks FILE`). The JWT must be
// ES256 or RS256 by one of those keys (its kid, or any when it names none), with iss = sub = the
// client id, aud = the token endpoint or the issuer, exp in the future and at most 5 minutes
// away, and a jti never seen before (the caller keeps the seen ones until their exp).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "tools/mynaportal/challenge_store.hpp"

namespace mynasim::portal::oidc {

inline constexpr const char* kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
inline constexpr UnixTime kMaxAssertionSeconds = 300;

// The client id the assertion names (its iss), without checking anything: to find the client.
std::optional<std::string> assertion_issuer(const std::string& assertion);

// nullopt when the assertion is good; else why not (for error_description). `first_use(jti,
// exp)` records the jti and says whether it was new.
std::optional<std::string> check_client_assertion(
    const std::string& assertion, const std::string& client_id, const std::string& jwks,
    const std::string& token_endpoint, const std::string& issuer, UnixTime now,
    const std::function<bool(const std::string&, UnixTime)>& first_use);

// Refuses a JWKS file that has no usable public key (or any private part): the reason.
std::optional<std::string> check_client_jwks(const std::string& jwks);

}  // namespace mynasim::portal::oidc
