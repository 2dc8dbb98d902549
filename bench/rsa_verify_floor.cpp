#include "bench/rsa_verify_floor.hpp"

#include <chrono>
#include <stdexcept>
#include <vector>

namespace mynasim::bench {
namespace {

std::vector<unsigned char> sign_once(EVP_PKEY* key, const std::vector<unsigned char>& message) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t length = 0;
  std::vector<unsigned char> signature;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestSign(ctx, nullptr, &length, message.data(), message.size()) == 1;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(ctx, signature.data(), &length, message.data(), message.size()) == 1;
    signature.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("cannot sign the floor's message");
  return signature;
}

}  // namespace

double rsa_verify_per_s(EVP_PKEY* key, double seconds) {
  const std::vector<unsigned char> message(64, 0x5a);
  const std::vector<unsigned char> signature = sign_once(key, message);
  std::size_t n = 0;
  const auto start = std::chrono::steady_clock::now();
  std::chrono::duration<double> elapsed{};
  do {
    for (int i = 0; i < 100; ++i, ++n) {
      EVP_MD_CTX* ctx = EVP_MD_CTX_new();
      const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                      EVP_DigestVerify(ctx, signature.data(), signature.size(), message.data(),
                                       message.size()) == 1;
      EVP_MD_CTX_free(ctx);
      if (!ok) throw std::runtime_error("RSA verification failed in the floor");
    }
    elapsed = std::chrono::steady_clock::now() - start;
  } while (elapsed.count() < seconds);
  return static_cast<double>(n) / elapsed.count();
}

}  // namespace mynasim::bench
