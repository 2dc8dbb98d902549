#include "pki/office_key.hpp"

#include <filesystem>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"

namespace mynasim::pki {
hostcrypto::EvpPkeyPtr ensure_office_key(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return load_office_key(path);
  hostcrypto::EvpPkeyPtr key = hostcrypto::generate_rsa_key(2048);
  write_file_atomically(path, hostcrypto::view_of(hostcrypto::private_key_pem(key.get())), 0600);
  return key;
}

hostcrypto::EvpPkeyPtr load_office_key(const std::string& path) {
  const Bytes pem = read_private_file(path);
  hostcrypto::EvpPkeyPtr key;
  try {
    key = hostcrypto::private_key_from_pem({reinterpret_cast<const char*>(pem.data()), pem.size()});
  } catch (const hostcrypto::CryptoError&) {
    throw PkiError(path + ": not a private key in PEM");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    throw PkiError(path + ": not an RSA private key in PEM");
  return key;
}

Bytes office_digest_info(ByteView challenge, ByteView card_serial) {
  Bytes message(challenge.begin(), challenge.end());
  append(message, card_serial);
  return hostcrypto::sha256_digest_info_of(message);
}

}  // namespace mynasim::pki
