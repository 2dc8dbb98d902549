// The OpenID Connect provider's pure pieces (tools/mynaportal/oidc): PKCE S256 against RFC 7636's
// example, ES256 JWS building and checking, the authorization request's checks in their order
// (the redirect URI matched exactly, refused as a page; the rest sent back with the state), and
// the token request's.

#include <catch2/catch.hpp>

#include <set>

#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/oidc/authorization_request.hpp"
#include "tools/mynaportal/oidc/client_assertion.hpp"
#include "tools/mynaportal/oidc/id_token.hpp"
#include "tools/mynaportal/oidc/jws.hpp"
#include "tools/mynaportal/oidc/pkce.hpp"
#include "tools/mynaportal/oidc/token_request.hpp"

namespace mynasim::portal::oidc {
namespace {

// RFC 7636 Appendix B.
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

Params good_request() {
  return {{"response_type", "code"},
          {"client_id", "rp1"},
          {"redirect_uri", "https://rp.example/cb"},
          {"scope", "openid"},
          {"state", "s1"},
          {"nonce", "n1"},
          {"code_challenge", kChallenge},
          {"code_challenge_method", "S256"}};
}

std::optional<Client> rp1(const std::string& id) {
  if (id != "rp1") return std::nullopt;
  return Client{"rp1", {"https://rp.example/cb", "https://rp.example/cb2?x=1"}, true, 0, {}};
}

Params without(Params params, const std::string& name) {
  std::erase_if(params, [&](const auto& p) { return p.first == name; });
  return params;
}

Params with(Params params, const std::string& name, const std::string& value) {
  params = without(params, name);
  params.emplace_back(name, value);
  return params;
}

AuthorizationError refusal(const Params& params) {
  const auto result = check_authorization_request(params, rp1);
  REQUIRE(std::holds_alternative<AuthorizationError>(result));
  return std::get<AuthorizationError>(result);
}

std::string b64u(const std::string& text) {
  return base64url_encode(
      ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace

TEST_CASE("PKCE S256: RFC 7636's example matches; anything else does not", "[portal][oidc]") {
  CHECK(is_valid_code_challenge(kChallenge));
  CHECK(pkce_matches(kVerifier, kChallenge));
  std::string wrong = kVerifier;
  wrong[0] = 'e';
  CHECK_FALSE(pkce_matches(wrong, kChallenge));
  CHECK_FALSE(pkce_matches("", kChallenge));
  CHECK_FALSE(pkce_matches(kChallenge, kChallenge));  // "plain" is not accepted
  // Verifier form: 43..128 unreserved characters.
  CHECK_FALSE(is_valid_code_verifier(std::string(42, 'a')));
  CHECK(is_valid_code_verifier(std::string(128, '~')));
  CHECK_FALSE(is_valid_code_verifier(std::string(129, 'a')));
  CHECK_FALSE(is_valid_code_verifier(std::string(43, '+')));
  CHECK_FALSE(is_valid_code_challenge(std::string(kChallenge) + "A"));
  CHECK_FALSE(is_valid_code_challenge(std::string(43, '*')));
}

TEST_CASE("ES256 JWS: signed, verified with the JWK, refused when touched", "[portal][oidc]") {
  const SigningKey key = SigningKey::generate();
  const nlohmann::json claims{{"iss", "https://op"}, {"sub", "x"}, {"aud", "rp1"}};
  const std::string jwt = key.sign_jwt(claims);
  const auto header = jws_header(jwt);
  REQUIRE(header);
  CHECK(*header == nlohmann::json{{"alg", "ES256"}, {"typ", "JWT"}, {"kid", key.kid()}});
  CHECK(key.kid().size() == 43);  // the RFC 7638 thumbprint: base64url of SHA-256
  const nlohmann::json jwk = key.public_jwk();
  CHECK(jwk["kty"] == "EC");
  CHECK(jwk["crv"] == "P-256");
  CHECK(jwk["alg"] == "ES256");
  CHECK(jwk["kid"] == key.kid());
  CHECK(jwk.contains("d") == false);
  const auto public_key = public_key_of_jwk(jwk);
  REQUIRE(public_key);
  const auto verified = verify_jws(jwt, public_key.get());
  REQUIRE(verified);
  CHECK(verified->payload == claims);
  // The raw signature is r || s, 64 bytes (not DER).
  CHECK(base64url_decode(jwt.substr(jwt.rfind('.') + 1))->size() == 64);

  // The same key from its PEM: the same kid.
  CHECK(SigningKey::from_pem(key.private_pem()).kid() == key.kid());
  // Another key does not verify it.
  const auto other = public_key_of_jwk(SigningKey::generate().public_jwk());
  CHECK_FALSE(verify_jws(jwt, other.get()));
  // A changed payload, a changed signature, alg none, extra parts: refused.
  const std::size_t dot1 = jwt.find('.'), dot2 = jwt.rfind('.');
  const std::string tampered = jwt.substr(0, dot1 + 1) +
                               b64u(R"({"iss":"https://op","sub":"y","aud":"rp1"})") +
                               jwt.substr(dot2);
  CHECK_FALSE(verify_jws(tampered, public_key.get()));
  std::string flipped = jwt;
  // A character in the middle of the signature (the last one also carries padding bits).
  char& c = flipped[jwt.size() - 20];
  c = c == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_jws(flipped, public_key.get()));
  const std::string none = b64u(R"({"alg":"none"})") + jwt.substr(dot1, dot2 - dot1) + ".";
  CHECK_FALSE(verify_jws(none, public_key.get()));
  CHECK_FALSE(verify_jws(jwt + ".x", public_key.get()));
  CHECK_FALSE(verify_jws("not a jws", public_key.get()));
  // A JWK off the curve is not a key.
  nlohmann::json bad = jwk;
  bad["y"] = jwk["x"];
  CHECK_FALSE(public_key_of_jwk(bad));
}

TEST_CASE("ID token claims", "[portal][oidc]") {
  Grant grant{"rp1", 7, "https://rp.example/cb", "openid", "n1", kChallenge, "aal3 crl", 1000};
  const auto claims = id_token_claims("https://op", "sub1", grant, 1010, 300);
  CHECK(claims == nlohmann::json{{"iss", "https://op"},
                                 {"sub", "sub1"},
                                 {"aud", "rp1"},
                                 {"exp", 1310},
                                 {"iat", 1010},
                                 {"auth_time", 1000},
                                 {"nonce", "n1"},
                                 {"acr", "aal3 crl"},
                                 {"amr", {"sc", "pin", "hwk"}}});
  CHECK(pseudonym_service("rp1") == "oidc-client:rp1");
}

TEST_CASE("authorization request: a good one, and redirect URIs matched exactly",
          "[portal][oidc]") {
  const auto ok =
      check_authorization_request(with(good_request(), "acr_values", "crl unknown aal3 crl"), rp1);
  REQUIRE(std::holds_alternative<AuthorizationRequest>(ok));
  const auto& request = std::get<AuthorizationRequest>(ok);
  CHECK(request.client_id == "rp1");
  CHECK(request.state == "s1");
  CHECK(request.nonce == "n1");
  CHECK(request.code_challenge == kChallenge);
  CHECK(request.acr_values == std::vector<std::string>{"crl", "aal3"});

  const Client client = *rp1("rp1");
  CHECK(redirect_uri_registered(client, "https://rp.example/cb"));
  CHECK(redirect_uri_registered(client, "https://rp.example/cb2?x=1"));
  for (const char* near :
       {"https://rp.example/cb/", "https://rp.example/cb?x=1", "https://RP.example/cb",
        "https://rp.example/c", "https://rp.example/cb#f", "http://rp.example/cb",
        "https://rp.example:443/cb"})
    CHECK_FALSE(redirect_uri_registered(client, near));
}

TEST_CASE("authorization request: client and redirect URI failures are pages, never redirects",
          "[portal][oidc]") {
  for (const auto& [params, error] : std::vector<std::pair<Params, std::string>>{
           {without(good_request(), "client_id"), "invalid_request"},
           {with(good_request(), "client_id", "nobody"), "unauthorized_client"},
           {without(good_request(), "redirect_uri"), "invalid_request"},
           {with(good_request(), "redirect_uri", "https://evil.example/cb"), "invalid_request"},
           // Even with every other mistake too: the redirect URI is judged first.
           {without(with(good_request(), "redirect_uri", "https://evil.example/cb"), "state"),
            "invalid_request"},
       }) {
    const AuthorizationError e = refusal(params);
    CHECK_FALSE(e.redirect);
    CHECK(e.error == error);
    CHECK(e.redirect_uri.empty());
  }
  Params repeated = good_request();
  repeated.emplace_back("state", "s2");
  CHECK_FALSE(refusal(repeated).redirect);
}

TEST_CASE("authorization request: the rest goes back to the client with its state",
          "[portal][oidc]") {
  struct Case {
    Params params;
    std::string error, description;
  };
  for (const Case& c : std::vector<Case>{
           {without(good_request(), "state"), "invalid_request", "state is required"},
           {without(good_request(), "nonce"), "invalid_request", "nonce is required"},
           {without(good_request(), "code_challenge"), "invalid_request",
            "code_challenge is required (PKCE)"},
           {without(good_request(), "code_challenge_method"), "invalid_request",
            "code_challenge_method must be S256"},
           {with(good_request(), "code_challenge_method", "plain"), "invalid_request",
            "code_challenge_method must be S256"},
           {with(good_request(), "code_challenge", "short"), "invalid_request",
            "code_challenge is not 43 characters of base64url"},
           {with(good_request(), "response_type", "token"), "unsupported_response_type",
            "only the authorization code flow (code)"},
           {without(good_request(), "response_type"), "invalid_request",
            "response_type is missing"},
           {with(good_request(), "scope", "profile"), "invalid_scope", "scope must contain openid"},
           {with(good_request(), "scope", "openid email"), "invalid_scope",
            "scope email is not supported"},
           {with(good_request(), "prompt", "none login"), "invalid_request",
            "prompt none goes alone"},
           {with(good_request(), "request", "eyJ"), "request_not_supported",
            "request objects are not supported"},
           {with(good_request(), "response_mode", "fragment"), "invalid_request",
            "response_mode must be query"},
           // scope sign names its transaction, and a transaction comes with scope sign.
           {with(good_request(), "scope", "openid sign"), "invalid_request",
            "scope sign and sign_transaction_id go together"},
           {with(good_request(), "sign_transaction_id", "t1"), "invalid_request",
            "scope sign and sign_transaction_id go together"},
       }) {
    const AuthorizationError e = refusal(c.params);
    CHECK(e.redirect);
    CHECK(e.error == c.error);
    CHECK(e.description == c.description);
    CHECK(e.redirect_uri == "https://rp.example/cb");
    CHECK(e.state == (c.params == without(good_request(), "state") ? "" : "s1"));
  }
  const auto signing = check_authorization_request(
      with(with(good_request(), "scope", "openid sign"), "sign_transaction_id", "t1"), rp1);
  REQUIRE(std::holds_alternative<AuthorizationRequest>(signing));
  CHECK(std::get<AuthorizationRequest>(signing).sign_transaction_id == "t1");
  CHECK(with_query("https://rp.example/cb", {{"code", "a b&c"}, {"state", "s/1"}}) ==
        "https://rp.example/cb?code=a%20b%26c&state=s%2F1");
  CHECK(with_query("https://rp.example/cb2?x=1", {{"code", "c"}}) ==
        "https://rp.example/cb2?x=1&code=c");
}

TEST_CASE("token request: client_secret_basic and the form, with RFC 6749's errors",
          "[portal][oidc]") {
  const std::string form = "application/x-www-form-urlencoded";
  // "rp1:s%3Acret": the secret "s:cret" form-encoded (RFC 6749 §2.3.1).
  const auto creds = parse_basic_authorization(
      "Basic " +
      base64_encode(ByteView(reinterpret_cast<const std::uint8_t*>("rp1:s%3Acret"), 12)));
  REQUIRE(creds);
  CHECK(creds->client_id == "rp1");
  CHECK(creds->secret == "s:cret");
  CHECK_FALSE(parse_basic_authorization("Bearer abc"));
  CHECK_FALSE(parse_basic_authorization("Basic !!!"));
  const std::string auth =
      "Basic " + base64_encode(ByteView(reinterpret_cast<const std::uint8_t*>("rp1:secret"), 10));
  const std::string body =
      "grant_type=authorization_code&code=C&redirect_uri=https%3A%2F%2Frp.example%2Fcb&code_"
      "verifier=" +
      std::string(kVerifier);
  const auto ok = check_token_request(form + "; charset=UTF-8", body, auth);
  REQUIRE(std::holds_alternative<TokenRequest>(ok));
  CHECK(std::get<TokenRequest>(ok).redirect_uri == "https://rp.example/cb");
  CHECK(std::get<TokenRequest>(ok).code_verifier == kVerifier);

  auto error = [&](const std::string& type, const std::string& b, const std::string& a) {
    const auto result = check_token_request(type, b, a);
    REQUIRE(std::holds_alternative<TokenError>(result));
    const auto& e = std::get<TokenError>(result);
    return std::to_string(e.status) + " " + e.error;
  };
  CHECK(error("application/json", body, auth) == "400 invalid_request");
  CHECK(error(form, body, "") == "401 invalid_client");
  CHECK(error(form, body + "&client_secret=x", auth) == "401 invalid_client");
  CHECK(error(form, body + "&code=D", auth) == "400 invalid_request");
  CHECK(error(form, body + "&client_id=rp2", auth) == "400 invalid_request");
  CHECK(error(form, "grant_type=password", auth) == "400 unsupported_grant_type");
  // client_credentials: scope sign only (registering sign transactions), nothing else.
  CHECK(error(form, "grant_type=client_credentials", auth) == "400 invalid_scope");
  CHECK(error(form, "grant_type=client_credentials&scope=openid", auth) == "400 invalid_scope");
  CHECK(error(form, "grant_type=client_credentials&scope=sign", "") == "401 invalid_client");
  const auto credentials = check_token_request(form, "grant_type=client_credentials&scope=sign", auth);
  REQUIRE(std::holds_alternative<TokenRequest>(credentials));
  CHECK(std::get<TokenRequest>(credentials).client_credentials);
  CHECK(std::get<TokenRequest>(credentials).scope == "sign");
  CHECK(std::get<TokenRequest>(credentials).client.client_id == "rp1");
  CHECK_FALSE(std::get<TokenRequest>(ok).client_credentials);
  // No code_verifier: parsed, so that the code is redeemed (burnt) before invalid_grant.
  const auto without_verifier =
      check_token_request(form, "grant_type=authorization_code&code=C&redirect_uri=x", auth);
  REQUIRE(std::holds_alternative<TokenRequest>(without_verifier));
  CHECK(std::get<TokenRequest>(without_verifier).code_verifier.empty());
  CHECK(error(form, "grant_type=authorization_code&redirect_uri=x", auth) == "400 invalid_request");
}

}  // namespace mynasim::portal::oidc

namespace mynasim::portal::oidc {

TEST_CASE("private_key_jwt: the client's assertion and its refusals", "[portal][oidc]") {
  const SigningKey key = SigningKey::generate();
  const std::string jwks = nlohmann::json{{"keys", {key.public_jwk()}}}.dump();
  CHECK_FALSE(check_client_jwks(jwks));
  CHECK(check_client_jwks("{}") == "not a JWKS ({\"keys\": [...]})");
  CHECK(check_client_jwks(R"({"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}]})") ==
        "it holds a private key: give the public JWKS");
  const std::string endpoint = "https://op/oidc/token";
  std::set<std::string> seen;
  auto first_use = [&seen](const std::string& k, UnixTime) { return seen.insert(k).second; };
  auto check = [&](const nlohmann::json& claims, const std::string& keys = "") {
    return check_client_assertion(key.sign_jwt(claims), "rp1", keys.empty() ? jwks : keys, endpoint,
                                  "https://op", 1000, first_use)
        .value_or("ok");
  };
  nlohmann::json good{
      {"iss", "rp1"}, {"sub", "rp1"}, {"aud", endpoint}, {"exp", 1100}, {"jti", "j1"}};
  CHECK(assertion_issuer(key.sign_jwt(good)) == "rp1");
  CHECK(check(good) == "ok");
  CHECK(check(good) == "the assertion was already used (jti)");
  auto changed = [&good](const char* name, const nlohmann::json& value) {
    nlohmann::json c = good;
    c["jti"] = std::string("j-") + name + value.dump();
    c[name] = value;
    return c;
  };
  CHECK(check(changed("aud", {"x", "https://op"})) == "ok");
  CHECK(check(changed("aud", "https://op/other")) ==
        "aud must be the token endpoint or the issuer");
  CHECK(check(changed("iss", "rp2")) == "iss and sub must be the client id");
  CHECK(check(changed("sub", "rp2")) == "iss and sub must be the client id");
  CHECK(check(changed("exp", 1000)) == "the assertion has expired");
  CHECK(check(changed("exp", 1301)) == "exp is more than 5 minutes away");
  CHECK(check(changed("jti", "")) == "jti is missing");
  const std::string other = nlohmann::json{{"keys", {SigningKey::generate().public_jwk()}}}.dump();
  CHECK(check(changed("jti", "j9"), other) ==
        "the signature does not verify with the client's registered keys");
}

}  // namespace mynasim::portal::oidc
