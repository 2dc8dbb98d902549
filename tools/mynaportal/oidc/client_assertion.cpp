#include "tools/mynaportal/oidc/client_assertion.hpp"

#include <nlohmann/json.hpp>

#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/oidc/jws.hpp"

namespace mynasim::portal::oidc {
namespace {

using nlohmann::json;

std::optional<json> payload_of(const std::string& jwt) {
  const std::size_t first = jwt.find('.');
  const std::size_t second = first == std::string::npos ? first : jwt.find('.', first + 1);
  if (second == std::string::npos) return std::nullopt;
  const auto bytes = base64url_decode(std::string_view(jwt).substr(first + 1, second - first - 1));
  if (!bytes) return std::nullopt;
  json payload = json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return std::nullopt;
  return payload;
}

bool audience_ok(const json& aud, const std::string& token_endpoint, const std::string& issuer) {
  auto one = [&](const json& a) { return a.is_string() && (a == token_endpoint || a == issuer); };
  if (aud.is_array()) {
    for (const json& a : aud)
      if (one(a)) return true;
    return false;
  }
  return one(aud);
}

}  // namespace

std::optional<std::string> assertion_issuer(const std::string& assertion) {
  const auto payload = payload_of(assertion);
  if (!payload || !payload->contains("iss") || !(*payload)["iss"].is_string()) return std::nullopt;
  return (*payload)["iss"].get<std::string>();
}

std::optional<std::string> check_client_jwks(const std::string& jwks) {
  const json set = json::parse(jwks, nullptr, false);
  if (set.is_discarded() || !set.is_object() || !set.contains("keys") || !set["keys"].is_array())
    return "not a JWKS ({\"keys\": [...]})";
  std::size_t usable = 0;
  for (const json& key : set["keys"]) {
    if (key.contains("d") || key.contains("p"))
      return "it holds a private key: give the public JWKS";
    if (public_key_of_jwk(key)) ++usable;
  }
  if (usable == 0) return "no EC P-256 or RSA (2048 bits or more) public key";
  return std::nullopt;
}

std::optional<std::string> check_client_assertion(
    const std::string& assertion, const std::string& client_id, const std::string& jwks,
    const std::string& token_endpoint, const std::string& issuer, UnixTime now,
    const std::function<bool(const std::string&, UnixTime)>& first_use) {
  const json set = json::parse(jwks, nullptr, false);
  const auto header = jws_header(assertion);
  if (set.is_discarded() || !set.contains("keys") || !header) return "not a JWT";
  const std::string kid = header->value("kid", "");
  std::optional<VerifiedJws> verified;
  for (const json& key : set["keys"]) {
    if (!kid.empty() && key.value("kid", "") != kid) continue;
    const auto public_key = public_key_of_jwk(key);
    if (public_key && (verified = verify_jws(assertion, public_key.get()))) break;
  }
  if (!verified) return "the signature does not verify with the client's registered keys";
  const json& claims = verified->payload;
  auto text = [&claims](const char* name) {
    return claims.contains(name) && claims[name].is_string() ? claims[name].get<std::string>()
                                                             : std::string();
  };
  if (text("iss") != client_id || text("sub") != client_id)
    return "iss and sub must be the client id";
  if (!claims.contains("aud") || !audience_ok(claims["aud"], token_endpoint, issuer))
    return "aud must be the token endpoint or the issuer";
  if (!claims.contains("exp") || !claims["exp"].is_number_integer()) return "exp is missing";
  const UnixTime exp = claims["exp"].get<UnixTime>();
  if (exp <= now) return "the assertion has expired";
  if (exp > now + kMaxAssertionSeconds) return "exp is more than 5 minutes away";
  const std::string jti = text("jti");
  if (jti.empty() || jti.size() > 256) return "jti is missing";
  if (!first_use(client_id + " " + jti, exp)) return "the assertion was already used (jti)";
  return std::nullopt;
}

}  // namespace mynasim::portal::oidc
