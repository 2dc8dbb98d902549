// The attribute scopes' pieces (tools/mynaportal/oidc): which attributes a scope asks for, the
// OpenID Connect claims made of a signature certificate's fields, and the single-use,
// session-bound steps between the login and the consent (attribute_logins.hpp).

#include <catch2/catch.hpp>

#include "tools/mynaportal/oidc/attribute_claims.hpp"
#include "tools/mynaportal/oidc/attribute_logins.hpp"

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

TEST_CASE("attribute logins: a wish, a capture for that client only, once", "[oidc]") {
  AttributeLogins logins;
  logins.want("s1", {"rp1", {"name"}}, 1000);
  REQUIRE(logins.wish("s1", 1000));
  CHECK(logins.wish("s1", 1000)->client_id == "rp1");
  CHECK_FALSE(logins.wish("s1", 1000 + AttributeLogins::kLifetime));  // expired
  CHECK_FALSE(logins.wish("s2", 1000));

  logins.capture("s1", "rp1", hanako(), 1000);
  CHECK_FALSE(logins.wish("s1", 1001));  // the wish is answered
  logins.rekey("s1", "s1-rotated");
  CHECK_FALSE(logins.take_capture("s1", "rp1", 1001));
  const auto taken = logins.take_capture("s1-rotated", "rp1", 1001);
  REQUIRE(taken);
  CHECK(taken->name == "個人番号\u3000花子");
  CHECK_FALSE(logins.take_capture("s1-rotated", "rp1", 1001));  // once

  logins.capture("s3", "rp1", hanako(), 1000);
  CHECK_FALSE(logins.take_capture("s3", "rp2", 1001));  // another client: gone for both
  CHECK_FALSE(logins.take_capture("s3", "rp1", 1001));
  logins.capture("s4", "rp1", hanako(), 1000);
  CHECK_FALSE(logins.take_capture("s4", "rp1", 1000 + AttributeLogins::kLifetime));
}

TEST_CASE("attribute logins: a consent answers once, and only to its session", "[oidc]") {
  AttributeLogins logins;
  PendingConsent pending;
  pending.session = "s1";
  pending.grant.client_id = "rp1";
  pending.attributes = {"name"};
  const std::string id = logins.add_consent(pending, 1000);
  CHECK(id.size() == 43);
  CHECK_FALSE(logins.take_consent(id, "s2", 1001));  // another session burns it
  CHECK_FALSE(logins.take_consent(id, "s1", 1001));
  const std::string again = logins.add_consent(pending, 1000);
  const auto taken = logins.take_consent(again, "s1", 1001);
  REQUIRE(taken);
  CHECK(taken->grant.client_id == "rp1");
  CHECK_FALSE(logins.take_consent(again, "s1", 1001));
  const std::string late = logins.add_consent(pending, 1000);
  CHECK_FALSE(logins.take_consent(late, "s1", 1000 + AttributeLogins::kLifetime));
}

TEST_CASE("attribute logins: bounded, expired ones swept", "[oidc]") {
  AttributeLogins logins;
  for (std::size_t i = 0; i < AttributeLogins::kMaxEntries + 5; ++i)
    // Within one lifetime of each other, so that none has expired when the bound is reached.
    logins.want("s" + std::to_string(i), {"rp1", {"name"}}, 1000 + static_cast<UnixTime>(i / 20));
  CHECK(logins.size() == AttributeLogins::kMaxEntries);
  CHECK_FALSE(logins.wish("s0", 1000));  // the soonest to expire went first
  CHECK(logins.wish("s" + std::to_string(AttributeLogins::kMaxEntries + 4), 1000));
  CHECK(logins.sweep(1000 + 10 * AttributeLogins::kLifetime) == AttributeLogins::kMaxEntries);
  CHECK(logins.size() == 0);
}

}  // namespace
}  // namespace mynasim::portal::oidc
