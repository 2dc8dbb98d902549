#include "tools/mynaportal/oidc/id_token.hpp"

namespace mynasim::portal::oidc {

std::string pseudonym_service(const std::string& client_id) {
  return "oidc-client:" + client_id;
}

const nlohmann::json& login_amr() {
  static const nlohmann::json amr = nlohmann::json::array({"sc", "pin", "hwk"});
  return amr;
}

nlohmann::json id_token_claims(const std::string& issuer, const std::string& sub,
                               const Grant& grant, UnixTime now, UnixTime lifetime) {
  nlohmann::json claims{
      {"iss", issuer},         {"sub", sub},        {"aud", grant.client_id},
      {"exp", now + lifetime}, {"iat", now},        {"auth_time", grant.auth_time},
      {"nonce", grant.nonce},  {"amr", login_amr()}};
  if (!grant.acr.empty()) claims["acr"] = grant.acr;
  // The attributes the holder consented to (attribute_claims.hpp), beside the standard claims.
  if (!grant.claims.empty()) claims.update(nlohmann::json::parse(grant.claims));
  return claims;
}

}  // namespace mynasim::portal::oidc
