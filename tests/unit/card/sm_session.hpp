// A secure-messaging session on a TestCard, built host-side with the client's SM cipher (OpenSSL):
// the exact APDUs a terminal sends after the text PIN (myna-card sm.rs), the counter kept here.
#pragma once

#include <cstdint>
#include <string>

#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/secure_messaging.hpp"
#include "test_card.hpp"

namespace mynasim::testing {

// The fixed seed the tests deliver: 00 01 ... 1F (key 00 01 ... 0F).
Bytes sm_test_seed();
// EF 0006's key as the host reads it: the card's secure-messaging key.
hostcrypto::RsaPublicKey sm_card_key();

class SmSession {
 public:
  // Selects the text AP, verifies the PIN in the clear and delivers the seed: must answer 9000.
  explicit SmSession(TestCard& card);

  // "08 20 00 <p2> Lc 86 L 01 c" for `value` under N; returns the response in hex. Each of these
  // sends one SM command and advances N, as the card does for every command it unwraps.
  std::string verify(std::uint8_t p2, std::string_view value);
  std::string select(std::uint16_t fid);
  // "08 B0 <offset> 00 00 05 96 03 00 <length> 00 00"; the response in hex.
  std::string read(std::uint16_t offset, std::uint16_t length);
  // The response a READ under `n` of `plaintext` must be: `86 L 01 c 90 00`, in hex.
  std::string encrypted(std::uint32_t n, ByteView plaintext) const;

  // The whole command for an SM instruction with `data` wrapped under `n` (for tests that send
  // it themselves, with a wrong counter or a changed byte).
  Bytes command(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                std::uint32_t n) const;

  std::uint32_t n = 1;  // the next command's counter
  client::SmCipher cipher{sm_test_seed()};

 private:
  TestCard& t_;
};

}  // namespace mynasim::testing
