// A personalized card for the runtime tests. RSA key generation is slow, so the image is made
// once per test program (deterministic RNG; certificates from pki::InMemoryAuthority) and every
// TestCard starts from a fresh copy of it in memory.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "card/apps/card_profiles.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/runtime/card.hpp"
#include "card/store/memory_storage.hpp"

namespace mynasim::testing {

inline constexpr std::string_view kAuthPin = "1234";
inline constexpr std::string_view kSignPassword = "SIGNPASS1";

struct FixedClock final : card::Clock {
  std::uint64_t unix_seconds() override { return 1'790'000'000; }
};

struct IssuedCard {
  Bytes image;  // the card image right after personalization
  card::CardPublicKeys keys;
  card::JpkiCertificates certificates;
};

// The holder, PINs and certificates every runtime test uses.
const IssuedCard& issued_card();
card::HolderRecord test_holder();
card::Credentials test_credentials();

// Bytes from "00 A4 04 0C" / "00A4040C"; aborts the test on bad hex.
Bytes hex(std::string_view text);

class TestCard {
 public:
  explicit TestCard(const card::CardProfile& profile = card::my_number_card_profile());
  explicit TestCard(Bytes image, const card::CardProfile& profile = card::my_number_card_profile());

  // Sends a command given in hex; returns the whole response in hex ("90 00", "8F 8F 00 90 00").
  std::string tx(std::string_view command_hex);
  // Sends raw bytes; returns the raw response.
  Bytes transmit(ByteView command);
  // The status word alone, as hex ("63 C2").
  std::string sw(std::string_view command_hex);

  card::Card& card() { return *card_; }
  card::store::MemoryStorage& storage() { return storage_; }
  // Drops the card (as a process would die) and loads it again from what storage holds now.
  void reload();

  // Convenience sequences.
  void select_jpki();
  std::string verify_auth(std::string_view pin = kAuthPin);
  std::string verify_sign(std::string_view password = kSignPassword);
  Bytes read_ef(std::uint16_t fid);  // SELECT EF + READ BINARY in 256-byte chunks; must succeed

 private:
  const card::CardProfile& profile_;
  card::store::MemoryStorage storage_;
  card::SeededRandom random_{7};
  FixedClock clock_;
  card::Env env_{random_, clock_, storage_};
  std::unique_ptr<card::Card> card_;
};

// "VERIFY with the ASCII value": 00 20 00 80 Lc value
std::string verify_apdu(std::string_view value);

}  // namespace mynasim::testing
