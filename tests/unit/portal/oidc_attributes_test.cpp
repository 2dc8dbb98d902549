// The attribute scopes' pieces (tools/mynaportal/oidc): which attributes a scope asks for and the
// OpenID Connect claims made of a signature certificate's fields. The single-use, session-bound
// steps between the login and the consent (attribute_logins.hpp) live in the provider's store:
// tests/unit/portal_db/attribute_logins_test.cpp, with both backends.

#include <catch2/catch.hpp>

#include "tools/mynaportal/oidc/attribute_claims.hpp"

namespace mynasim::portal::oidc {
namespace {

pki::HolderAttributes hanako() {
  return {"個人番号\u3000花子", "2", "319800217", "東京都千代田区霞が関２丁目１番２号"};
}

TEST_CASE("attribute scopes: asked in a fixed order, others ignored", "[oidc]") {
  CHECK(asked_attributes("openid").empty());
  CHECK(asked_attributes("gender openid name") == std::vector<std::string>{"name", "gender"});
  CHECK(asked_attributes("openid name address birthdate gender") == attribute_scopes());
  CHECK(asked_attributes("openid names").empty());
  CHECK(attribute_list({"name", "birthdate"}) == "name, birthdate");
}

TEST_CASE("attribute claims: OpenID Connect's standard claims, values as the certificate has them",
          "[oidc]") {
  const auto all = attribute_claims(hanako(), attribute_scopes());
  REQUIRE(all);
  CHECK(all->dump() ==
        R"({"address":{"formatted":"東京都千代田区霞が関２丁目１番２号"},"birthdate":"1980-02-17",)"
        R"("gender":"female","name":"個人番号　花子"})");
  const auto some = attribute_claims(hanako(), {"birthdate"});
  REQUIRE(some);
  CHECK(some->dump() == R"({"birthdate":"1980-02-17"})");
  CHECK(shown_value(*all, "address") == "東京都千代田区霞が関２丁目１番２号");
  CHECK(shown_value(*all, "gender") == "female");

  pki::HolderAttributes male = hanako();
  male.sex = "1";
  CHECK((*attribute_claims(male, {"gender"}))["gender"] == "male");
  male.sex = "3";
  CHECK((*attribute_claims(male, {"gender"}))["gender"] == "not applicable");
  male.sex = "9";  // not a value J-LIS writes
  CHECK_FALSE(attribute_claims(male, {"name"}));
  pki::HolderAttributes bad_birth = hanako();
  bad_birth.birth = "S55-02-17";
  CHECK_FALSE(attribute_claims(bad_birth, {"name"}));
}

}  // namespace
}  // namespace mynasim::portal::oidc
