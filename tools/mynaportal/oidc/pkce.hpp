// PKCE (RFC 7636) with S256 only, as the Digital Authentication App requires: the authorization
// request carries code_challenge = base64url(SHA-256(code_verifier)), the token request the
// verifier. "plain" is refused: it protects nothing against an attacker who reads the request.
#pragma once

#include <string_view>

namespace mynasim::portal::oidc {

// 43 characters of base64url: what SHA-256 gives, and nothing else.
bool is_valid_code_challenge(std::string_view challenge);
// 43-128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 §4.1).
bool is_valid_code_verifier(std::string_view verifier);
// True when `verifier` is well formed and its S256 transform equals `challenge` (compared in
// constant time).
bool pkce_matches(std::string_view verifier, std::string_view challenge);

}  // namespace mynasim::portal::oidc
