#include "tools/mynatool/login_token.hpp"

#include "hostcrypto/base64.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/sha256.hpp"

namespace mynasim::tools {

Bytes login_digest(const std::string& origin, const std::string& nonce) {
  Bytes both = hostcrypto::sha256(origin);
  append(both, hostcrypto::sha256(nonce));
  return hostcrypto::sha256(both);
}

nlohmann::json sign_login_token(Session& session, ByteView certificate, const std::string& origin,
                                const std::string& nonce, client::PinType key) {
  const Bytes digest_info = hostcrypto::sha256_digest_info(login_digest(origin, nonce));
  const Bytes signature = session.jpki().sign(key, digest_info);
  return {{"format", "jpki-login:1.0"},
          {"certificate", hostcrypto::base64_encode(certificate)},
          {"algorithm", "RS256"},
          {"signature", hostcrypto::base64_encode(signature)}};
}

}  // namespace mynasim::tools
