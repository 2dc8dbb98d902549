#include "tools/mynatool/login_token.hpp"

#include <openssl/evp.h>

#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/sha256.hpp"

namespace mynasim::tools {

std::string base64(ByteView bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  out.resize(static_cast<std::size_t>(EVP_EncodeBlock(
      reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()))));
  return out;
}

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
          {"certificate", base64(certificate)},
          {"algorithm", "RS256"},
          {"signature", base64(signature)}};
}

}  // namespace mynasim::tools
