// Bearer tokens (RFC 6750) on the provider's routes that take an access token instead of a
// cookie: userinfo (oidc_routes.cpp) and the sign transactions (sign_routes.cpp). One reading of
// the Authorization header and one error answer, so that both say a problem the same way.
#pragma once

#include <optional>
#include <string>

#include "tools/common/http/server.hpp"

namespace mynasim::portal::oidc {

// The token after "Bearer " (the scheme's name in any case), possibly empty; nullopt when the
// request has no Authorization header of that scheme.
std::optional<std::string> bearer_token_of(const http::Request& req);

// {"error", "error_description"} with `status`. A 401 or 403 also says so in WWW-Authenticate
// (RFC 6750 §3): `Bearer realm="mynaportal"`, then error="..." unless `error` is empty (no token
// came at all, §3.1: the body still says invalid_token) and scope="..." when one is named.
void send_bearer_error(http::Response& res, int status, const std::string& error,
                       const std::string& description, const std::string& scope = "");

}  // namespace mynasim::portal::oidc
