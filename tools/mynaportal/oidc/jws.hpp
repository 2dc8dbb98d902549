// JSON Web Signatures for the OpenID Connect provider (docs/oidc.md): ES256 (ECDSA P-256 with
// SHA-256, RFC 7518 §3.4) in the compact serialisation, the public key as a JWK, and its kid as
// the RFC 7638 thumbprint. The signature itself is OpenSSL 3's; only the framing (JSON,
// base64url, DER <-> r||s) is done here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::portal::oidc {

inline constexpr std::string_view kSigningAlgorithm = "ES256";

// A P-256 key pair (fresh, or from its PKCS#8 PEM) with its JWK and kid.
class SigningKey {
 public:
  static SigningKey generate();
  static SigningKey from_pem(std::string_view private_pem);

  std::string private_pem() const;
  const std::string& kid() const { return kid_; }
  // {"kty":"EC","crv":"P-256","x","y","kid","use":"sig","alg":"ES256"}
  nlohmann::json public_jwk() const;
  EVP_PKEY* key() const { return key_.get(); }

  // header.payload.signature, the header {"alg":"ES256","typ":"JWT","kid":kid}.
  std::string sign_jwt(const nlohmann::json& claims) const;

 private:
  explicit SigningKey(hostcrypto::EvpPkeyPtr key);
  hostcrypto::EvpPkeyPtr key_;
  std::string kid_;
};

// The public key of a JWK: EC P-256, or RSA of 2048 bits or more (a client's private_key_jwt
// key); nullptr when it is neither.
hostcrypto::EvpPkeyPtr public_key_of_jwk(const nlohmann::json& jwk);

// A compact JWS split and checked: its header and payload parsed as JSON objects, the signature
// verified with `key` for the header's `alg`, which must be the key's: ES256 for a P-256 key,
// RS256 for an RSA key (anything else, "none" included, fails). nullopt on any failure; never
// throws.
struct VerifiedJws {
  nlohmann::json header;
  nlohmann::json payload;
};
std::optional<VerifiedJws> verify_jws(std::string_view compact, EVP_PKEY* key);

// The header of a compact JWS without verifying it (to find its kid), or nullopt.
std::optional<nlohmann::json> jws_header(std::string_view compact);

}  // namespace mynasim::portal::oidc
