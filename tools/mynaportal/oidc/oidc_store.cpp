#include "tools/mynaportal/oidc/oidc_store.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "hostcrypto/sha256.hpp"
#include "tools/mynaportal/oidc/client_assertion.hpp"

namespace mynasim::portal::oidc {
namespace {

using nlohmann::json;

Bytes secret_hash(ByteView salt, const std::string& secret) {
  Bytes input(salt.begin(), salt.end());
  input.insert(input.end(), secret.begin(), secret.end());
  return hostcrypto::sha256(input);
}

// Throws when a field of a client to register is bad.
void check_client(const Client& client, const std::string& secret) {
  if (client.id.empty() || client.id.size() > 128)
    throw std::runtime_error("client id: 1 to 128 characters");
  for (const char c : client.id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      throw std::runtime_error("client id \"" + client.id + "\": no spaces or control characters");
  if (client.redirect_uris.empty()) throw std::runtime_error("a client needs a redirect URI");
  for (const std::string& uri : client.redirect_uris)
    if ((uri.rfind("https://", 0) != 0 && uri.rfind("http://127.0.0.1", 0) != 0 &&
         uri.rfind("http://localhost", 0) != 0) ||
        uri.find('#') != std::string::npos)
      throw std::runtime_error("redirect URI \"" + uri +
                               "\": https://, or http:// on 127.0.0.1 or localhost, and no "
                               "fragment (OpenID Connect Core §3.1.2.1)");
  if (!client.jwks.empty()) {
    if (!secret.empty()) throw std::runtime_error("a client has a secret or keys, not both");
    if (const auto bad = check_client_jwks(client.jwks))
      throw std::runtime_error("the client's JWKS: " + *bad);
  } else if (secret.empty()) {
    throw std::runtime_error("a client needs a secret or keys");
  } else if (secret.size() < OidcStore::kMinSecretBytes) {
    throw std::runtime_error("the client secret has " + std::to_string(secret.size()) +
                             " characters: at least 32 are needed");
  }
}

}  // namespace

void OidcStore::add_client(const Client& client, const std::string& secret) {
  check_client(client, secret);
  if (!client.jwks.empty()) return insert_client(client, std::nullopt);
  StoredSecret stored{Bytes(16), {}};
  if (RAND_bytes(stored.salt.data(), static_cast<int>(stored.salt.size())) != 1)
    throw std::runtime_error("no randomness");
  stored.hash = secret_hash(stored.salt, secret);
  insert_client(client, stored);
}

bool OidcStore::client_secret_matches(const std::string& id, const std::string& secret) {
  const auto stored = stored_secret(id);
  if (!stored) return false;
  const Bytes given = secret_hash(stored->salt, secret);
  return given.size() == stored->hash.size() &&
         CRYPTO_memcmp(given.data(), stored->hash.data(), given.size()) == 0;
}

std::string OidcStore::already_registered(const std::string& id) {
  return "a client " + id + " is already registered";
}

std::string OidcStore::uris_text(const std::vector<std::string>& uris) {
  return json(uris).dump();
}

std::vector<std::string> OidcStore::uris_of(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

std::string OidcStore::grant_text(const Grant& g) {
  json j{{"client_id", g.client_id},
         {"account_id", g.account_id},
         {"redirect_uri", g.redirect_uri},
         {"scope", g.scope},
         {"nonce", g.nonce},
         {"code_challenge", g.code_challenge},
         {"acr", g.acr},
         {"auth_time", g.auth_time}};
  if (!g.claims.empty()) j["claims"] = g.claims;
  if (!g.sign_transaction_id.empty()) j["sign_transaction_id"] = g.sign_transaction_id;
  return j.dump();
}

Grant OidcStore::grant_of(const std::string& text) {
  const json j = json::parse(text);
  Grant g;
  g.client_id = j.at("client_id");
  g.account_id = j.at("account_id");
  g.redirect_uri = j.at("redirect_uri");
  g.scope = j.at("scope");
  g.nonce = j.at("nonce");
  g.code_challenge = j.at("code_challenge");
  g.acr = j.at("acr");
  g.auth_time = j.at("auth_time");
  g.claims = j.value("claims", "");
  g.sign_transaction_id = j.value("sign_transaction_id", "");
  return g;
}

std::shared_ptr<const SigningKey> OidcStore::key_of(const std::string& kid,
                                                    const std::string& pem) {
  std::lock_guard lock(keys_mutex_);
  auto& slot = keys_[kid];
  if (!slot) slot = std::make_shared<const SigningKey>(SigningKey::from_pem(pem));
  return slot;
}

}  // namespace mynasim::portal::oidc
