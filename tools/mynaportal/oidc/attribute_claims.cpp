#include "tools/mynaportal/oidc/attribute_claims.hpp"

#include <algorithm>
#include <sstream>

namespace mynasim::portal::oidc {

const std::vector<std::string>& attribute_scopes() {
  static const std::vector<std::string> scopes{"name", "address", "birthdate", "gender"};
  return scopes;
}

std::vector<std::string> asked_attributes(const std::string& scope) {
  std::istringstream in(scope);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  std::vector<std::string> asked;
  for (const std::string& attribute : attribute_scopes())
    if (std::find(words.begin(), words.end(), attribute) != words.end()) asked.push_back(attribute);
  return asked;
}

std::optional<nlohmann::json> attribute_claims(const pki::HolderAttributes& attributes,
                                               const std::vector<std::string>& asked) {
  const auto birthdate = pki::iso_birth_date(attributes.birth);
  const std::string& sex = attributes.sex;
  if (!birthdate || (sex != "1" && sex != "2" && sex != "3")) return std::nullopt;
  nlohmann::json claims = nlohmann::json::object();
  for (const std::string& attribute : asked) {
    if (attribute == "name") claims["name"] = attributes.name;
    if (attribute == "address") claims["address"] = {{"formatted", attributes.address}};
    if (attribute == "birthdate") claims["birthdate"] = *birthdate;
    if (attribute == "gender")
      claims["gender"] = sex == "1" ? "male" : sex == "2" ? "female" : "not applicable";
  }
  return claims;
}

std::string attribute_label(const std::string& scope) {
  if (scope == "name") return "name (氏名)";
  if (scope == "address") return "address (住所)";
  if (scope == "birthdate") return "birth date (生年月日)";
  if (scope == "gender") return "gender (性別)";
  return scope;
}

std::string shown_value(const nlohmann::json& claims, const std::string& scope) {
  if (!claims.contains(scope)) return "";
  const nlohmann::json& value = claims[scope];
  if (scope == "address") return value.value("formatted", "");
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string attribute_list(const std::vector<std::string>& asked) {
  std::string out;
  for (const std::string& attribute : asked) out += (out.empty() ? "" : ", ") + attribute;
  return out;
}

}  // namespace mynasim::portal::oidc
