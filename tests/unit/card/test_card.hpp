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
#include "iso7816/bytes.hpp"

namespace mynasim::testing {

inline constexpr std::string_view kAuthPin = "1234";
inline constexpr std::string_view kSignPassword = "SIGNPASS1";
// The card-info credentials of the test holder (born 1980-02-17 = 昭和55年; card expiry year
// 2035, security code 2285: the example of reference §4).
inline constexpr std::string_view kTextPin = "2468";
inline constexpr std::string_view kResidentPin = "1357";
inline constexpr std::string_view kCollationA = "537686677188";  // the My Number
inline constexpr std::string_view kCollationB = "55021720352285";
inline constexpr std::string_view kBirthDateKey = "550217";

struct FixedClock final : card::Clock {
  std::uint64_t unix_seconds() override { return 1'790'000'000; }
};

struct IssuedCard {
  Bytes image;  // the card image right after personalization
  card::CardPublicKeys keys;
  card::JpkiCertificates certificates;
};

// The applications' AIDs in hex, for select_df().
inline constexpr std::string_view kJpkiAid = "D3 92 F0 00 26 01 00 00 00 01";
inline constexpr std::string_view kTextAid = "D3 92 10 00 31 00 01 01 04 08";
inline constexpr std::string_view kSurfaceAid = "D3 92 10 00 31 00 01 01 04 02";
inline constexpr std::string_view kCommonAid = "D3 92 10 00 31 00 01 01 01 00";
inline constexpr std::string_view kJukiAid = "D3 92 10 00 31 00 01 01 04 01";
inline constexpr std::string_view kIsdAid = "A0 00 00 01 51 00 00";

// The holder, PINs and certificates every runtime test uses.
const IssuedCard& issued_card();
card::HolderRecord test_holder();
card::Credentials test_credentials();

// A card issued under the smartphone token's profile with `credentials`; its "certificates" are
// throwaways that carry the right moduli (enough for access tests).
IssuedCard android_token_card(const card::Credentials& credentials);

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
  // SELECT by name (an AID in hex, kTextAid ...); must answer 9000.
  void select_df(std::string_view aid_hex);
  // SELECT EF fid, then VERIFY with `value`; returns VERIFY's response.
  std::string verify_key(std::uint16_t fid, std::string_view value);
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
