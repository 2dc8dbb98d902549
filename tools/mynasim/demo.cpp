#include "tools/mynasim/demo.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string_view>

#include "card/apps/card_profiles.hpp"
#include "card/runtime/card.hpp"
#include "card/store/file_storage.hpp"
#include "iso7816/trace.hpp"
#include "tools/mynasim/test_card.hpp"

namespace mynasim::tools {
namespace {

class Session {
 public:
  Session(card::Card& card, bool quiet) : card_(card), quiet_(quiet) {}

  Bytes send(Bytes command) {
    Bytes response = card_.transmit(command);
    if (!quiet_) {
      std::printf("  > %s\n", iso7816::describe_command(command).c_str());
      std::printf("  < %s\n", iso7816::describe_response(response).c_str());
    }
    secure_wipe(command);
    return response;
  }

  // Sends and requires 9000; returns the data.
  bool ok(Bytes command, Bytes* data = nullptr) {
    Bytes response = send(std::move(command));
    if (response.size() < 2 || response[response.size() - 2] != 0x90 || response.back() != 0)
      return false;
    if (data) data->assign(response.begin(), response.end() - 2);
    return true;
  }

  bool read_ef(std::uint16_t fid, Bytes& out) {
    if (!ok({0x00, 0xA4, 0x02, 0x0C, 0x02, static_cast<std::uint8_t>(fid >> 8),
             static_cast<std::uint8_t>(fid)}))
      return false;
    // The DER header gives the size (30 82 LL LL), as every client does.
    Bytes header;
    if (!ok({0x00, 0xB0, 0x00, 0x00, 0x04}, &header) || header.size() != 4) return false;
    const std::size_t total = ((header[2] << 8) | header[3]) + 4u;
    out.clear();
    while (out.size() < total) {
      const std::size_t chunk = std::min<std::size_t>(256, total - out.size());
      Bytes part;
      if (!ok({0x00, 0xB0, static_cast<std::uint8_t>(out.size() >> 8),
               static_cast<std::uint8_t>(out.size()), static_cast<std::uint8_t>(chunk)},
              &part))
        return false;
      append(out, part);
    }
    return true;
  }

 private:
  card::Card& card_;
  bool quiet_;
};

bool verify_with_certificate(const Bytes& cert_der, std::string_view message, ByteView signature) {
  const unsigned char* p = cert_der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(cert_der.size()));
  if (!cert) return false;
  EVP_PKEY* key = X509_get_pubkey(cert);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      key && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  X509_free(cert);
  return ok;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "mynasim demo: %s\n", message.c_str());
  return 1;
}

}  // namespace

int run_demo(const DemoOptions& options) {
  std::string image_path = options.image_path;
  std::filesystem::path temp_dir;
  if (image_path.empty()) {
    char pattern[] = "/tmp/mynasim-demo.XXXXXX";
    if (!mkdtemp(pattern)) return fail("cannot create a temporary directory");
    temp_dir = pattern;
    image_path = (temp_dir / "card.img").string();
  }
  // 1. Issue: the card makes its keys, the (throwaway) CAs certify them, the certificates go back.
  std::printf("1. issuing a card into %s (RSA-2048 keys generated on the card)\n",
              image_path.c_str());
  if (auto error = issue_test_card(image_path, options.pin, options.sign_password, nullptr);
      !error.empty())
    return fail(error);
  const auto& profile = card::my_number_card_profile();
  card::store::FileStorage storage(image_path);
  card::Env env{card::system_random(), card::system_clock(), storage};

  // 2. Use it as a client would, over APDUs only.
  auto loaded = card::Card::load(env, profile);
  if (!loaded.card) return fail(loaded.error);
  card::Card& card = *loaded.card;
  card.power_on();
  std::printf("2. card loaded, ATR %s\n", to_hex(card.atr()).c_str());
  Session session(card, options.quiet);

  std::printf("3. reading the user-authentication certificate\n");
  Bytes cert;
  if (!session.ok({0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00,
                   0x00, 0x01}) ||
      !session.read_ef(0x000A, cert))
    return fail("could not read the user-authentication certificate");
  std::printf("   %zu bytes\n", cert.size());

  std::printf("4. verifying the PIN\n");
  Bytes verify = {0x00, 0x20, 0x00, 0x80, static_cast<std::uint8_t>(options.pin.size())};
  verify.insert(verify.end(), options.pin.begin(), options.pin.end());
  if (!session.ok({0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18}) || !session.ok(std::move(verify)))
    return fail("PIN verification failed");

  std::printf("5. signing with the authentication key\n");
  const std::string message = "mynasim demo: log me in";
  Bytes sign = {0x80, 0x2A, 0x00, 0x80, 51,   0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60,
                0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
  std::uint8_t hash[32];
  SHA256(reinterpret_cast<const unsigned char*>(message.data()), message.size(), hash);
  sign.insert(sign.end(), hash, hash + 32);
  sign.push_back(0x00);
  Bytes signature;
  if (!session.ok({0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x17}) || !session.ok(sign, &signature))
    return fail("signing failed");

  std::printf("6. checking the signature with OpenSSL against the certificate\n");
  if (!verify_with_certificate(cert, message, signature))
    return fail("the signature does NOT verify with the card's certificate");
  card.power_off();
  std::printf("OK: a %zu-byte RSA signature from the card verifies with its certificate\n",
              signature.size());
  if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
  return 0;
}

}  // namespace mynasim::tools
