#include "tools/mynaportal/holder_identity.hpp"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <filesystem>
#include <stdexcept>

#include "pki/files.hpp"
#include "pki/private_files.hpp"

namespace mynasim::portal {
namespace {

std::string hex(const std::uint8_t* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 15]);
  }
  return out;
}

Bytes hmac(ByteView key, std::string_view data) {
  Bytes out(32);
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &n);
  out.resize(n);
  return out;
}

}  // namespace

const std::vector<Service>& services() {
  static const std::vector<Service> list = {
      {"mynaportal", "マイナポータル (this portal)"},
      {"e-tax", "e-Tax, National Tax Agency (demo)"},
      {"health-insurance", "Health insurance online eligibility (demo)"},
  };
  return list;
}

HolderIdentity::HolderIdentity(Bytes master_secret, const std::string& registry_path)
    : master_(std::move(master_secret)) {
  if (!registry_path.empty())
    registry_ = std::make_unique<pki::Registry>(pki::Registry::open_read_only(registry_path));
}

HolderIdentity::~HolderIdentity() = default;

std::string HolderIdentity::identity(std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  if (const auto it = first_of_.find(serial); it != first_of_.end())
    return "jpki-auth:" + std::to_string(it->second);
  const std::uint64_t first = registry_ ? registry_->first_of_renewal_line(serial) : serial;
  first_of_[serial] = first;
  return "jpki-auth:" + std::to_string(first);
}

std::string HolderIdentity::pseudonym(const std::string& service_id,
                                      const std::string& identity) const {
  const Bytes service_secret = hmac(master_, "service:" + service_id);
  const Bytes mac = hmac(service_secret, identity);
  return hex(mac.data(), 16);
}

Bytes HolderIdentity::load_or_create_secret(const std::string& path) {
  if (std::filesystem::exists(path)) {
    Bytes secret = pki::read_private_file(path);
    if (secret.size() != 32) throw std::runtime_error(path + ": not a 32-byte secret");
    return secret;
  }
  Bytes secret(32);
  if (RAND_bytes(secret.data(), 32) != 1) throw std::runtime_error("no randomness");
  pki::write_file_atomically(path, secret, 0600);
  return secret;
}

}  // namespace mynasim::portal
