// The card's part of jpki-login:1 (docs/jpki-login.md §2), shared by `mynatool login` and the
// browser's native messaging host (`mynatool native-host`): the user-authentication
// certificate, what the card signs for an origin and a nonce, and the token.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "iso7816/bytes.hpp"
#include "tools/mynatool/session.hpp"

namespace mynasim::tools {

// SHA-256(SHA-256(origin) || SHA-256(nonce)): what the card signs (§2 step 4).
Bytes login_digest(const std::string& origin, const std::string& nonce);

// Signs the login digest for `origin` and `nonce` with `key` (its PIN already verified, the JPKI
// application selected) and returns the token {format, certificate, algorithm, signature}: the
// auth key's is the login's token; the signature key's, with the signature certificate, is the
// sign_token an OpenID Connect client's attribute scopes need (docs/oidc.md).
nlohmann::json sign_login_token(Session& session, ByteView certificate, const std::string& origin,
                                const std::string& nonce,
                                client::PinType key = client::PinType::kAuth);

}  // namespace mynasim::tools
