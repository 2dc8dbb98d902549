// The authorization endpoint's request (OpenID Connect Core §3.1.2.1, RFC 6749 §4.1.1, RFC 7636),
// checked in the order the specifications require: first the client and its redirect URI, whose
// failures are shown to the holder as a page and never redirected to (an attacker's URI must not
// receive anything, RFC 6749 §4.1.2.1); then the rest, whose failures go back to the client's
// redirect URI as error=... with the state. state, nonce and PKCE S256 are all required, as the
// Digital Authentication App requires them (reference/anchors.md §F).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tools/mynaportal/oidc/oidc_store.hpp"

namespace mynasim::portal::oidc {

using Params = std::vector<std::pair<std::string, std::string>>;

// The scopes this provider grants (discovery's scopes_supported).
const std::vector<std::string>& supported_scopes();
// The acr values it can satisfy: "aal3" (the card's key and its PIN, always) and "crl" (the
// certificate's revocation status was checked, by OCSP or the CRL, at the login).
const std::vector<std::string>& supported_acr_values();

struct AuthorizationRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string scope;  // as asked, openid included
  std::string state;
  std::string nonce;
  std::string code_challenge;
  std::vector<std::string> acr_values;  // the asked ones this provider knows, in order
  std::string prompt;                   // "", "login", "none", "consent"
  std::optional<long> max_age;
  std::string sign_transaction_id = {};  // with scope sign only
};

struct AuthorizationError {
  bool redirect = false;  // false: show a page (no trustworthy redirect URI)
  std::string error;      // OAuth error code, e.g. invalid_request
  std::string description;
  std::string redirect_uri;  // with redirect
  std::string state;         // with redirect, when the request had one
};

using ClientLookup = std::function<std::optional<Client>(const std::string& client_id)>;

// Never throws.
std::variant<AuthorizationRequest, AuthorizationError> check_authorization_request(
    const Params& params, const ClientLookup& clients);

// True when `uri` is one of the client's registered redirect URIs, byte for byte (no prefix, no
// normalisation: OpenID Connect Core §3.1.2.1 "exact string matching").
bool redirect_uri_registered(const Client& client, const std::string& uri);

// redirect_uri with the query parameters appended (after '?' or '&'), percent-encoded.
std::string with_query(const std::string& redirect_uri, const Params& params);

}  // namespace mynasim::portal::oidc
