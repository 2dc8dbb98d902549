#include "tools/mynaportal/login_protocol.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hostcrypto/sha256.hpp"

namespace mynasim::portal {
namespace {

using nlohmann::json;

// The string field `name` of `object`, or nullopt when absent or not a string.
std::optional<std::string> string_field(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

Rejection malformed(std::string detail) {
  return {LoginError::kTokenMalformed, std::move(detail)};
}

// The four fields of a token (`where`: "token" or "sign_token", for the message).
std::variant<Token, Rejection> parse_token(const json& token, const std::string& where) {
  Token out;
  const auto format = string_field(token, "format");
  if (!format) return malformed(where + ".format missing");
  // The major version: "jpki-login:1" or "jpki-login:1.<minor>".
  if (*format != kFormat && format->rfind(std::string(kFormat) + ".", 0) != 0)
    return Rejection{LoginError::kFormatUnsupported, "format \"" + format->substr(0, 40) + "\""};
  out.format = *format;
  const auto certificate = string_field(token, "certificate");
  const auto algorithm = string_field(token, "algorithm");
  const auto signature = string_field(token, "signature");
  if (!certificate || !algorithm || !signature)
    return malformed(where + ".certificate, " + where + ".algorithm and " + where +
                     ".signature are required strings");
  const auto certificate_der = base64_decode(*certificate);
  const auto signature_bytes = base64_decode(*signature);
  if (!certificate_der || certificate_der->empty())
    return malformed(where + ".certificate is not base64");
  if (!signature_bytes || signature_bytes->empty())
    return malformed(where + ".signature is not base64");
  out.certificate = *certificate_der;
  out.algorithm = *algorithm;
  out.signature = *signature_bytes;
  return out;
}

}  // namespace

std::variant<LoginRequest, Rejection> parse_login_request(std::string_view body) {
  if (body.size() > kMaxRequestBytes)
    return Rejection{LoginError::kTokenTooLarge, std::to_string(body.size()) + " bytes, at most " +
                                                     std::to_string(kMaxRequestBytes)};
  const json document = json::parse(body, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return malformed("not a JSON object");
  const auto token_it = document.find("token");
  if (token_it == document.end() || !token_it->is_object()) return malformed("no token object");
  LoginRequest request;
  auto token = parse_token(*token_it, "token");
  if (auto* rejection = std::get_if<Rejection>(&token)) return *rejection;
  request.token = std::get<Token>(token);
  if (const auto sign_it = document.find("sign_token"); sign_it != document.end()) {
    if (!sign_it->is_object()) return malformed("sign_token is not an object");
    auto sign_token = parse_token(*sign_it, "sign_token");
    if (auto* rejection = std::get_if<Rejection>(&sign_token)) return *rejection;
    request.sign_token = std::get<Token>(sign_token);
  }
  if (document.contains("document_signature")) {
    const auto text = string_field(document, "document_signature");
    const auto signature = text ? base64_decode(*text) : std::nullopt;
    // An RSA-2048 signature is 256 bytes; 512 leaves room for a 4096-bit key and no more.
    if (!signature || signature->empty() || signature->size() > 512)
      return malformed("document_signature is not base64 of at most 512 bytes");
    request.document_signature = *signature;
  }

  const auto nonce = string_field(document, "nonce");
  const auto origin = string_field(document, "origin");
  if (!nonce || !origin) return malformed("nonce and origin are required strings");
  const auto nonce_bytes = base64url_decode(*nonce);
  if (!nonce_bytes || nonce_bytes->size() != kNonceBytes)
    return malformed("nonce is not 32 bytes of base64url");
  request.nonce = *nonce;
  request.origin = *origin;
  if (document.contains("code")) {
    const auto code = string_field(document, "code");
    if (!code || code->size() > 16) return malformed("code is not a login code");
    request.code = *code;
  }
  return request;
}

Bytes signed_message(std::string_view origin, std::string_view nonce) {
  Bytes message = hostcrypto::sha256(origin);
  const Bytes nonce_hash = hostcrypto::sha256(nonce);
  message.insert(message.end(), nonce_hash.begin(), nonce_hash.end());
  return message;
}

Bytes signed_digest(std::string_view origin, std::string_view nonce) {
  return hostcrypto::sha256(signed_message(origin, nonce));
}

std::optional<std::string> origin_of(std::string_view url) {
  std::string scheme;
  if (url.rfind("https://", 0) == 0)
    scheme = "https";
  else if (url.rfind("http://", 0) == 0)
    scheme = "http";
  else
    return std::nullopt;
  std::string_view rest = url.substr(scheme.size() + 3);
  std::string authority(rest.substr(0, rest.find_first_of("/?#")));
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  // host[:port] or [IPv6][:port], the port in digits. Anything else is no origin: "h:443:443"
  // would come out as "h:443", whose own origin is "h" (found by fuzz_login_request).
  const std::size_t host_end = authority[0] == '[' ? authority.find(']') : authority.find(':');
  if (authority[0] == '[' && host_end == std::string::npos) return std::nullopt;
  const std::size_t port_at = authority[0] == '[' ? host_end + 1 : host_end;
  if (port_at == 0) return std::nullopt;  // no host
  if (port_at < authority.size()) {
    const std::string_view port = std::string_view(authority).substr(port_at + 1);
    if (authority[port_at] != ':' || port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
  }
  std::transform(authority.begin(), authority.end(), authority.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.compare(authority.size() - default_port.size(), default_port.size(),
                        default_port) == 0)
    authority.resize(authority.size() - default_port.size());
  return scheme + "://" + authority;
}

}  // namespace mynasim::portal
