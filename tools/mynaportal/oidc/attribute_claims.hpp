// The attribute scopes (docs/oidc.md): `name address birthdate gender` ask for the four basic
// attributes of the holder's signature certificate (pki/holder_attributes.hpp), given to the
// client as OpenID Connect Core §5.1 standard claims:
//   name       the name exactly as the certificate has it (family name, U+3000, given name);
//   address    {"formatted": the address as the certificate has it} (§5.1.1: J-LIS gives one
//              string, no postcode, so no part of it is guessed into street_address etc.);
//   birthdate  YYYY-MM-DD, the Gregorian date of the certificate's EYYYYMMDD (the era digit is
//              implied by the date);
//   gender     "male" ("1"), "female" ("2"), "not applicable" ("3": the card's code 9, which
//              §5.1 leaves to the provider: "other values MAY be used").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pki/holder_attributes.hpp"

namespace mynasim::portal::oidc {

// name, address, birthdate, gender: in this order.
const std::vector<std::string>& attribute_scopes();

// The attribute scopes in `scope` (space-separated), in attribute_scopes()' order.
std::vector<std::string> asked_attributes(const std::string& scope);

// The claims for `asked`; nullopt when the certificate's birth date or sex is not one J-LIS
// writes (the holder's data is never passed on half understood).
std::optional<nlohmann::json> attribute_claims(const pki::HolderAttributes& attributes,
                                               const std::vector<std::string>& asked);

// How the consent screen names an attribute: "name (氏名)", ...
std::string attribute_label(const std::string& scope);

// The claim's value as the consent screen shows it: "東京都…", "1980-02-17", "female".
std::string shown_value(const nlohmann::json& claims, const std::string& scope);

// "name, address, birthdate, gender": for access records.
std::string attribute_list(const std::vector<std::string>& asked);

}  // namespace mynasim::portal::oidc
