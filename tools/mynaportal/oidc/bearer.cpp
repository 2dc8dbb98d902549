#include "tools/mynaportal/oidc/bearer.hpp"

#include "tools/mynaportal/portal_state.hpp"

namespace mynasim::portal::oidc {

std::optional<std::string> bearer_token_of(const http::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() < 7 || !http::iequals(header.substr(0, 7), "Bearer ")) return std::nullopt;
  return header.substr(7);
}

void send_bearer_error(http::Response& res, int status, const std::string& error,
                       const std::string& description, const std::string& scope) {
  if (status == 401 || status == 403)
    res.set_header("WWW-Authenticate",
                   "Bearer realm=\"mynaportal\"" +
                       (error.empty() ? std::string() : ", error=\"" + error + "\"") +
                       (scope.empty() ? std::string() : ", scope=\"" + scope + "\""));
  send_portal_json(
      res, {{"error", error.empty() ? "invalid_token" : error}, {"error_description", description}},
      status);
}

}  // namespace mynasim::portal::oidc
