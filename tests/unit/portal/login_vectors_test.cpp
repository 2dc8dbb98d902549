// Every vector of vectors/login_vectors.json through the validator: each is refused with its
// code (and its CRLReason where it names one), or accepted where it says OK.

#include <catch2/catch.hpp>

#include <fstream>

#include "login_world.hpp"

namespace mynasim::portal::testing {
namespace {

using nlohmann::json;

json load_vectors() {
  std::ifstream in(MYNAPORTAL_VECTORS);
  REQUIRE(in);
  return json::parse(in)["vectors"];
}

LoginWorld& world() {
  return shared_world();
}

}  // namespace

TEST_CASE("jpki-login:1 vectors: each is refused with its code", "[portal]") {
  const json vectors = load_vectors();
  REQUIRE(vectors.size() >= 30);
  for (const json& v : vectors) {
    const std::string name = v["name"];
    const std::string expect = v["expect"];
    INFO("vector: " << name);
    const LoginOutcome outcome = world().run(v);
    if (expect == "OK") {
      const auto* rejection = std::get_if<Rejection>(&outcome);
      INFO("refused: " << (rejection
                               ? std::string(code_of(rejection->error)) + " " + rejection->detail
                               : ""));
      REQUIRE(std::holds_alternative<ValidatedLogin>(outcome));
      continue;
    }
    REQUIRE(std::holds_alternative<Rejection>(outcome));
    const Rejection& rejection = std::get<Rejection>(outcome);
    INFO("detail: " << rejection.detail);
    CHECK(code_of(rejection.error) == expect);
    if (v.contains("reason")) CHECK(rejection.reason == v["reason"].get<int>());
  }
}

TEST_CASE("jpki-login:1: a valid login reports where the revocation status came from", "[portal]") {
  const LoginOutcome online = world().run(json{{"name", "ocsp"}});
  REQUIRE(std::holds_alternative<ValidatedLogin>(online));
  CHECK(std::get<ValidatedLogin>(online).revocation_source == "ocsp");
  const LoginOutcome fallback = world().run(json{{"ocsp", "down"}, {"crl", "fresh"}});
  REQUIRE(std::holds_alternative<ValidatedLogin>(fallback));
  CHECK(std::get<ValidatedLogin>(fallback).revocation_source == "crl");
  const LoginOutcome soft = world().run(json{{"ocsp", "down"}, {"fail_mode", "soft"}});
  REQUIRE(std::holds_alternative<ValidatedLogin>(soft));
  CHECK(std::get<ValidatedLogin>(soft).revocation_source == "none");
}

}  // namespace mynasim::portal::testing
