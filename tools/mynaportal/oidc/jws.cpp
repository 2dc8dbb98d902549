#include "tools/mynaportal/oidc/jws.hpp"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>

#include <stdexcept>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal::oidc {
namespace {

using hostcrypto::EvpPkeyPtr;
using nlohmann::json;

constexpr std::size_t kCoordinate = 32;  // P-256: x, y, r and s are 32 bytes each

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("JWS: " + what);
}

std::string b64u(std::string_view text) {
  return base64url_encode(
      ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// The uncompressed point 04 || x || y of an EC public key.
Bytes public_point(EVP_PKEY* key) {
  Bytes point(1 + 2 * kCoordinate);
  std::size_t n = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point.data(),
                                      point.size(), &n) != 1 ||
      n != point.size() || point[0] != 0x04)
    fail("not an uncompressed P-256 public key");
  return point;
}

bool is_p256(EVP_PKEY* key) {
  char group[64] = {};
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
         EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                        nullptr) == 1 &&
         std::string_view(group) == "prime256v1";
}

// ECDSA's DER SEQUENCE { r, s } <-> JWS's fixed-size r || s (RFC 7518 §3.4).
Bytes raw_of_der(ByteView der) {
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (!sig) fail("the signature is not DER");
  Bytes raw(2 * kCoordinate);
  const bool ok =
      BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), kCoordinate) == kCoordinate &&
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + kCoordinate, kCoordinate) == kCoordinate;
  ECDSA_SIG_free(sig);
  if (!ok) fail("r or s is too long");
  return raw;
}

std::optional<Bytes> der_of_raw(ByteView raw) {
  if (raw.size() != 2 * kCoordinate) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(raw.data(), kCoordinate, nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + kCoordinate, kCoordinate, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  const int n = i2d_ECDSA_SIG(sig, nullptr);
  Bytes der(n > 0 ? static_cast<std::size_t>(n) : 0);
  unsigned char* p = der.data();
  if (n <= 0 || i2d_ECDSA_SIG(sig, &p) != n) der.clear();
  ECDSA_SIG_free(sig);
  if (der.empty()) return std::nullopt;
  return der;
}

std::optional<json> json_of_b64u(std::string_view part) {
  const auto bytes = base64url_decode(part);
  if (!bytes) return std::nullopt;
  json parsed = json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

}  // namespace

SigningKey::SigningKey(EvpPkeyPtr key) : key_(std::move(key)) {
  if (!key_ || !is_p256(key_.get())) fail("the key is not EC P-256");
  // RFC 7638: SHA-256 of the required members in lexicographic order, no whitespace.
  const json jwk = public_jwk();
  const std::string canonical = R"({"crv":"P-256","kty":"EC","x":")" + jwk["x"].get<std::string>() +
                                R"(","y":")" + jwk["y"].get<std::string>() + R"("})";
  kid_ = base64url_encode(hostcrypto::sha256(canonical));
}

SigningKey SigningKey::generate() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) fail("cannot generate a P-256 key");
  return SigningKey(std::move(key));
}

SigningKey SigningKey::from_pem(std::string_view private_pem) {
  return SigningKey(hostcrypto::private_key_from_pem(private_pem));
}

std::string SigningKey::private_pem() const {
  return hostcrypto::private_key_pem(key_.get());
}

json SigningKey::public_jwk() const {
  const Bytes point = public_point(key_.get());
  json jwk{{"kty", "EC"},
           {"crv", "P-256"},
           {"x", base64url_encode(ByteView(point.data() + 1, kCoordinate))},
           {"y", base64url_encode(ByteView(point.data() + 1 + kCoordinate, kCoordinate))},
           {"use", "sig"},
           {"alg", kSigningAlgorithm}};
  if (!kid_.empty()) jwk["kid"] = kid_;
  return jwk;
}

std::string SigningKey::sign_jwt(const json& claims) const {
  const json header{{"alg", kSigningAlgorithm}, {"typ", "JWT"}, {"kid", kid_}};
  const std::string input = b64u(header.dump()) + "." + b64u(claims.dump());
  hostcrypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t n = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1)
    fail("cannot sign");
  Bytes der(n);
  if (EVP_DigestSign(ctx.get(), der.data(), &n,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    fail("cannot sign");
  der.resize(n);
  return input + "." + base64url_encode(raw_of_der(der));
}

namespace {

EvpPkeyPtr rsa_key_of_jwk(const json& jwk) {
  if (!jwk.contains("n") || !jwk["n"].is_string() || !jwk.contains("e") || !jwk["e"].is_string())
    return nullptr;
  const auto n = base64url_decode(jwk["n"].get<std::string>());
  const auto e = base64url_decode(jwk["e"].get<std::string>());
  if (!n || !e) return nullptr;
  try {
    const hostcrypto::RsaPublicKey numbers{*n, *e};
    if (numbers.bits() < 2048) return nullptr;
    return hostcrypto::evp_public_key(numbers);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

EvpPkeyPtr public_key_of_jwk(const json& jwk) {
  if (jwk.is_object() && jwk.value("kty", "") == "RSA") return rsa_key_of_jwk(jwk);
  if (!jwk.is_object() || jwk.value("kty", "") != "EC" || jwk.value("crv", "") != "P-256" ||
      !jwk.contains("x") || !jwk["x"].is_string() || !jwk.contains("y") || !jwk["y"].is_string())
    return nullptr;
  const auto x = base64url_decode(jwk["x"].get<std::string>());
  const auto y = base64url_decode(jwk["y"].get<std::string>());
  if (!x || !y || x->size() != kCoordinate || y->size() != kCoordinate) return nullptr;
  Bytes point{0x04};
  append(point, *x);
  append(point, *y);
  hostcrypto::ParamBuildPtr build(OSSL_PARAM_BLD_new());
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1)
    return nullptr;
  hostcrypto::ParamPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  hostcrypto::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  // fromdata checks that the point is on the curve.
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return nullptr;
  return EvpPkeyPtr(key);
}

std::optional<json> jws_header(std::string_view compact) {
  const std::size_t dot = compact.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return json_of_b64u(compact.substr(0, dot));
}

std::optional<VerifiedJws> verify_jws(std::string_view compact, EVP_PKEY* key) {
  try {
    const std::size_t first = compact.find('.');
    const std::size_t second =
        first == std::string_view::npos ? first : compact.find('.', first + 1);
    if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
      return std::nullopt;
    auto header = json_of_b64u(compact.substr(0, first));
    auto payload = json_of_b64u(compact.substr(first + 1, second - first - 1));
    const auto raw = base64url_decode(compact.substr(second + 1));
    if (!header || !payload || !raw || !key) return std::nullopt;
    const std::string alg = header->value("alg", "");
    const bool rsa = EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    if (!(alg == kSigningAlgorithm && is_p256(key)) && !(alg == "RS256" && rsa))
      return std::nullopt;
    // RS256's signature is PKCS#1 v1.5 as it is; ES256's r || s becomes DER for OpenSSL.
    const auto der = rsa ? std::optional<Bytes>(*raw) : der_of_raw(*raw);
    if (!der) return std::nullopt;
    const std::string_view input = compact.substr(0, second);
    hostcrypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestVerify(ctx.get(), der->data(), der->size(),
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
      return std::nullopt;
    return VerifiedJws{std::move(*header), std::move(*payload)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace mynasim::portal::oidc
