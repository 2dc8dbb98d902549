#include "tools/mynaportal/oidc/sign_routes.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "pki/cms/cms_signer.hpp"
#include "tools/common/http/server.hpp"
#include "tools/mynaportal/oidc/bearer.hpp"
#include "tools/mynaportal/oidc/provider.hpp"

namespace mynasim::portal {
namespace {

using nlohmann::json;
using namespace oidc;

constexpr const char* kRegisterPath = "/oidc/sign-transactions";
constexpr const char* kResultPrefix = "/oidc/sign-transactions/";
constexpr const char* kResultSuffix = "/result";
// {"digest": 44 characters} or {"digest_info": 68}, and a short text: a few hundred bytes.
constexpr std::size_t kRegisterBodyLimit = 4096;
// What the holder is shown beside the digest: a line, not a document.
constexpr std::size_t kMaxDisplayTextBytes = 512;
constexpr std::size_t kDigestBytes = 32;

// The sign routes' error answers: bearer-token problems (401, and 403 for a token that is not
// one of scope sign's) say so in WWW-Authenticate; the others are plain OAuth errors.
void send_error(http::Response& res, int status, const std::string& error,
                const std::string& description) {
  send_bearer_error(res, status, error, description, status == 403 ? "sign" : "");
}

// A random (version 4) UUID, as the Digital Authentication App's transaction ids are.
std::string new_uuid() {
  std::uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no randomness");
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  std::string hex = to_hex(ByteView(b, sizeof b), '\0');
  for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool printable_text(const std::string& text) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

// The registration's digest: "digest" (base64 of the 32-byte SHA-256) or "digest_info" (base64
// of DER DigestInfo for SHA-256, the App's DigestInfo variant). Both are signed alike: the card
// always signs DigestInfo(SHA-256, digest). Returns the 32 bytes, or why not.
std::variant<Bytes, std::string> digest_of(const json& body) {
  const bool plain = body.contains("digest"), wrapped = body.contains("digest_info");
  if (plain == wrapped) return std::string("exactly one of digest and digest_info is required");
  const json& field = plain ? body["digest"] : body["digest_info"];
  const char* name = plain ? "digest" : "digest_info";
  if (!field.is_string()) return std::string(name) + " is not a string";
  const auto bytes = base64_decode(field.get<std::string>());
  if (!bytes) return std::string(name) + " is not base64";
  if (plain) {
    if (bytes->size() != kDigestBytes)
      return "digest is " + std::to_string(bytes->size()) + " bytes: a SHA-256 digest is 32 bytes";
    return *bytes;
  }
  const Bytes prefix = hostcrypto::sha256_digest_info(Bytes(kDigestBytes, 0));
  const std::size_t head = prefix.size() - kDigestBytes;
  if (bytes->size() != prefix.size() ||
      !std::equal(prefix.begin(), prefix.begin() + head, bytes->begin()))
    return std::string("digest_info is not a DER DigestInfo of SHA-256 (51 bytes)");
  return Bytes(bytes->begin() + static_cast<std::ptrdiff_t>(head), bytes->end());
}

// The request's live bearer token (and the raw token in `raw`); answers 401 itself and returns
// nullopt when there is none (`missing`: what to say when no token came at all).
std::optional<AccessToken> live_token(Provider& p, const http::Request& req, http::Response& res,
                                      UnixTime now, std::string& raw, const char* missing) {
  // "Bearer " with nothing after it counts as no token.
  raw = bearer_token_of(req).value_or("");
  if (raw.empty()) {
    send_bearer_error(res, 401, "", missing);
    return std::nullopt;
  }
  auto token = p.store().token(raw, now);
  if (!token)
    send_error(res, 401, "invalid_token", "the access token is unknown, expired or revoked");
  return token;
}

void register_transaction(Portal::State& s, const http::Request& req, http::Response& res) {
  Provider& p = *s.oidc;
  const UnixTime now = p.now();
  std::string raw;
  const auto token = live_token(p, req, res, now, raw,
                                "an access token (Authorization: Bearer, client_credentials "
                                "with scope sign) is required");
  if (!token) return;
  // Only a client_credentials token (no holder behind it) registers.
  if (token->account_id != 0 || token->scope != "sign")
    return send_error(res, 403, "insufficient_scope",
                      "register with a client_credentials token of scope sign");
  const std::string type = req.get_header_value("Content-Type");
  if (type.substr(0, type.find(';')) != "application/json")
    return send_error(res, 400, "invalid_request", "the body must be application/json");
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return send_error(res, 400, "invalid_request", "the body is not a JSON object");
  for (const auto& [key, value] : body.items())
    if (key != "digest" && key != "digest_info" && key != "display_text")
      return send_error(
          res, 400, "invalid_request",
          "unknown field " + key.substr(0, 40) + " (digest or digest_info, and display_text)");
  auto digest = digest_of(body);
  if (const auto* problem = std::get_if<std::string>(&digest))
    return send_error(res, 400, "invalid_request", *problem);
  std::string text;
  if (body.contains("display_text")) {
    if (!body["display_text"].is_string())
      return send_error(res, 400, "invalid_request", "display_text is not a string");
    text = body["display_text"].get<std::string>();
    if (text.size() > kMaxDisplayTextBytes || !printable_text(text))
      return send_error(res, 400, "invalid_request",
                        "display_text is over 512 bytes or holds control characters");
  }
  SignTransaction tx;
  tx.id = new_uuid();
  tx.client_id = token->client_id;
  tx.digest = std::get<Bytes>(std::move(digest));
  tx.display_text = text;
  tx.created_at = now;
  tx.expires_at = now + OidcStore::kSignTransactionLifetime;
  if (!p.store().add_sign_transaction(tx, now))
    return send_error(res, 429, "too_many_sign_transactions",
                      "this client has " +
                          std::to_string(OidcStore::kMaxSignTransactionsPerClient) +
                          " open sign transactions: wait for some to expire");
  send_portal_json(
      res, {{"sign_transaction_id", tx.id}, {"expires_in", OidcStore::kSignTransactionLifetime}},
      201);
}

void fetch_result(Portal::State& s, const http::Request& req, http::Response& res) {
  const std::string rest = req.path.substr(std::string(kResultPrefix).size());
  const std::string suffix = kResultSuffix;
  if (rest.size() <= suffix.size() ||
      rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0)
    return send_error(res, 404, "not_found", "GET /oidc/sign-transactions/{id}/result");
  const std::string id = rest.substr(0, rest.size() - suffix.size());
  Provider& p = *s.oidc;
  const UnixTime now = p.now();
  std::string raw;
  const auto token =
      live_token(p, req, res, now, raw,
                 "an access token (Authorization: Bearer) of the grant that signed is required");
  if (!token) return;
  const auto grant = p.store().token_grant(raw);
  if (!grant || grant->sign_transaction_id != id || grant->client_id != token->client_id)
    return send_error(res, 403, "insufficient_scope",
                      "this access token was not granted for this sign transaction");
  const auto tx = p.store().sign_transaction(id, now);
  if (!tx || !tx->closed || tx->declined || tx->client_id != token->client_id)
    return send_error(res, 404, "not_found", "the sign transaction expired");
  // The same signature as a detached CMS SignedData without signed attributes (RFC 5652 5.4:
  // its signature is over the content's SHA-256, which is the registered digest), for a
  // client that wants a container `openssl cms -verify -binary -content FILE` checks.
  pki::cms::SignRequest wrap;
  wrap.detached = true;
  wrap.content_sha256 = tx->digest;
  wrap.signed_attributes = false;
  wrap.signer_certificate = tx->certificate;
  const Bytes expected = hostcrypto::sha256_digest_info(tx->digest);
  wrap.sign = [&tx, &expected](ByteView digest_info) {
    if (!std::equal(digest_info.begin(), digest_info.end(), expected.begin(), expected.end()))
      throw std::logic_error("the CMS asks for a signature over another DigestInfo");
    return tx->signature;
  };
  const Bytes cms = pki::cms::sign(wrap);
  s.store->log_access(tx->account_id, now, tx->client_id, "signature",
                      "the client fetched the holder's signature over SHA-256 " +
                          digest_hex(tx->digest) +
                          (tx->display_text.empty() ? "" : " (" + tx->display_text + ")"));
  send_portal_json(res,
                   {{"sign_transaction_id", tx->id},
                    {"digest", base64_encode(tx->digest)},
                    {"signature_algorithm", "RSASSA-PKCS1-v1_5 SHA-256"},
                    {"signature", base64_encode(tx->signature)},
                    {"certificate", base64_encode(tx->certificate)},
                    {"cms", base64_encode(cms)}},
                   200);
}

}  // namespace

std::string digest_hex(ByteView digest) {
  return to_hex(digest, '\0');
}

namespace {

// sign_transaction_problem's answer for the transaction as read (`tx`: nullopt when unknown or
// expired).
std::optional<std::string> problem_of(const std::optional<SignTransaction>& tx,
                                      const std::string& client_id, const std::string& id) {
  if (!tx) return "sign_transaction_id " + id.substr(0, 64) + " is unknown or expired";
  if (tx->client_id != client_id)
    return "sign_transaction_id " + id + " was registered by another client";
  if (tx->closed) return "sign_transaction_id " + id + " was already used";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> sign_transaction_problem(OidcStore& store, const std::string& client_id,
                                                    const std::string& id, UnixTime now) {
  return problem_of(store.sign_transaction(id, now), client_id, id);
}

std::optional<json> sign_request_of(OidcStore& store, const std::string& client_id,
                                    const std::string& id, UnixTime now) {
  const auto tx = store.sign_transaction(id, now);
  if (problem_of(tx, client_id, id)) return std::nullopt;
  return json{{"sign_transaction_id", tx->id},
              {"digest", base64_encode(tx->digest)},
              {"display_text", tx->display_text}};
}

std::optional<Rejection> check_document_signature(Portal::State& s, const AttributeWish& wish,
                                                  const LoginRequest& request, UnixTime now,
                                                  std::optional<CapturedSignature>& signature) {
  if (wish.sign_transaction_id.empty()) return std::nullopt;
  const auto tx = s.oidc->store().sign_transaction(wish.sign_transaction_id, now);
  if (!tx || tx->closed || tx->client_id != wish.client_id)
    return Rejection{
        LoginError::kSignatureInvalid,
        "sign transaction: " + wish.sign_transaction_id + " expired or was used meanwhile"};
  if (!request.document_signature || !request.sign_token)
    return Rejection{LoginError::kTokenMalformed,
                     wish.client_id +
                         " asks the holder to sign: send document_signature "
                         "(mynatool login --sign-password-env or --sign-password-fd)"};
  const hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(request.sign_token->certificate);
  if (!cert || !hostcrypto::verify_digest_info(X509_get0_pubkey(cert.get()),
                                               hostcrypto::sha256_digest_info(tx->digest),
                                               *request.document_signature))
    return Rejection{LoginError::kSignatureInvalid,
                     "document_signature: not the signature key's over the sign transaction's "
                     "digest"};
  signature =
      CapturedSignature{tx->id, *request.document_signature, request.sign_token->certificate};
  return std::nullopt;
}

void route_sign_transactions(http::Server& server, Portal::State& s) {
  server.post(
      kRegisterPath, {kRegisterBodyLimit},
      [&s](const http::Request& req, http::Response& res) { register_transaction(s, req, res); });
  server.route_prefix(
      "GET", kResultPrefix, {0},
      [&s](const http::Request& req, http::Response& res) { fetch_result(s, req, res); });
}

}  // namespace mynasim::portal
