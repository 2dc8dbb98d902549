#include "tools/mynasim/test_card_office.hpp"

#include <filesystem>

#include "card/apps/card_profiles.hpp"
#include "card/personalize/office_key.hpp"
#include "card/store/file_storage.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/office_key.hpp"

namespace mynasim::tools {

std::string install_test_office_key(const std::string& image_path, const std::string& pem_path) {
  try {
    std::error_code ignored;
    std::filesystem::remove(pem_path, ignored);  // a new card, a new office key
    hostcrypto::EvpPkeyPtr key = pki::ensure_office_key(pem_path);
    const hostcrypto::RsaPublicKey parts = hostcrypto::rsa_public_key_of(key.get());
    card::store::FileStorage storage(image_path);
    card::Env env{card::system_random(), card::system_clock(), storage};
    const auto result = card::install_office_key(env, card::my_number_card_profile(),
                                                 {parts.modulus, parts.exponent});
    return result.ok ? std::string() : result.error;
  } catch (const std::exception& e) {
    return std::string("the office key: ") + e.what();
  }
}

}  // namespace mynasim::tools
