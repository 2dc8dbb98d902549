// Scope `sign` (docs/oidc.md), modelled on the Digital Authentication App's signing process:
//   1. the client gets a token by client_credentials with scope sign (oidc_routes.cpp) and
//      registers a SHA-256 digest: POST /oidc/sign-transactions -> {"sign_transaction_id"};
//   2. it sends the holder to /oidc/auth with scope "openid sign" and that sign_transaction_id;
//      the holder always logs in with the card, and the card client (mynatool login) signs the
//      digest with the signature key beside the login (the challenge names the client, the text
//      and the digest), checked here against the signature certificate that passed
//      signature_certificate_check.hpp;
//   3. the consent screen names the client, the text and the digest; only an allowed consent
//      keeps the signature with the transaction and gives the client a code;
//   4. with that code's access token the client fetches the signature and the certificate:
//      GET /oidc/sign-transactions/{id}/result.
// The transactions themselves live in the OidcStore (both backends).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/mynaportal/oidc/attribute_logins.hpp"
#include "tools/mynaportal/portal_state.hpp"

namespace mynasim::portal {

// Hex without separators (upper case, as mynatool shows it): how the holder sees a digest.
std::string digest_hex(ByteView digest);

// Why `id` cannot be signed for `client_id` now (unknown or expired, another client's, already
// used), or nullopt when it can.
std::optional<std::string> sign_transaction_problem(oidc::OidcStore& store,
                                                    const std::string& client_id,
                                                    const std::string& id, UnixTime now);

// What the challenge tells the card client of the transaction it is to sign:
// {"sign_transaction_id", "digest" (base64), "display_text"}; nullopt when it cannot be signed.
std::optional<nlohmann::json> sign_request_of(oidc::OidcStore& store, const std::string& client_id,
                                              const std::string& id, UnixTime now);

// At the login, after the signature certificate passed its checks: the login's
// document_signature must be the certificate key's PKCS#1 v1.5 signature over
// DigestInfo(SHA-256, the transaction's digest): then `signature` holds it, to be kept with the
// login's capture for the consent screen.
std::optional<Rejection> check_document_signature(
    Portal::State& s, const oidc::AttributeWish& wish, const LoginRequest& request, UnixTime now,
    std::optional<oidc::CapturedSignature>& signature);

// POST /oidc/sign-transactions and GET /oidc/sign-transactions/{id}/result.
void route_sign_transactions(http::Server& server, Portal::State& s);

}  // namespace mynasim::portal
