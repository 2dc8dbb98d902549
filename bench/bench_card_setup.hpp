// The card bench_card measures: personalized once in memory (key generation takes ~0.1 s), then
// written as a real image file and loaded through FileStorage, the whole durable path.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "card/runtime/card.hpp"
#include "card/store/file_storage.hpp"

namespace mynasim::bench {

inline constexpr std::string_view kAuthPin = "1234";
inline constexpr std::string_view kSignPassword = "SIGNPASS1";

// A personalized card image (deterministic keys; the certificates are the keys' SPKI DER, which
// is all install_certificates checks). The auth certificate EF is longer than 256 bytes.
Bytes issue_image();

// A card on an image file: written with FileStorage::replace, loaded, powered on. Throws
// std::runtime_error with the store's message when the image cannot be written or loaded.
class CardOnFile {
 public:
  CardOnFile(const std::string& path, ByteView image);
  ~CardOnFile();
  CardOnFile(const CardOnFile&) = delete;
  CardOnFile& operator=(const CardOnFile&) = delete;

  // Sends one APDU; throws naming `what` unless the status word is `expected_sw`.
  Bytes expect(ByteView command, std::uint16_t expected_sw, const char* what);
  card::Card& card() { return *card_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  card::store::FileStorage storage_;
  card::Env env_;
  std::unique_ptr<card::Card> card_;
};

// Command APDUs the bench sends.
Bytes select_jpki_command();
Bytes select_ef_command(std::uint16_t fid);
Bytes verify_command(std::string_view value);
Bytes sign_command();  // 80 2A 00 80 over a SHA-256 DigestInfo, Le 00

}  // namespace mynasim::bench
