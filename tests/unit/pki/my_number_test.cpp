#include <set>

#include "pki/my_number.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

Bytes test_secret() {
  Bytes secret(32);
  for (std::size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<std::uint8_t>(i);
  return secret;
}

TEST_CASE("check digit of the published examples") {
  CHECK(my_number::check_digit("62149832025") == '7');
  CHECK(my_number::check_digit("53768667718") == '8');
  CHECK(my_number::is_valid("621498320257"));
  CHECK(my_number::is_valid("537686677188"));
}

TEST_CASE("check digit: remainders 0 and 1 give 0, others 11 - r") {
  // 00000000000: sum 0, r 0 -> 0.  00000000006: 6*2 = 12, r 1 -> 0.
  CHECK(my_number::check_digit("00000000000") == '0');
  CHECK(my_number::check_digit("00000000006") == '0');
  // 00000000001: 2, r 2 -> 9.  10000000000: 6, r 6 -> 5.  00000100000: 7 -> 4.
  CHECK(my_number::check_digit("00000000001") == '9');
  CHECK(my_number::check_digit("10000000000") == '5');
  CHECK(my_number::check_digit("00000100000") == '4');
}

TEST_CASE("a wrong check digit or a wrong length is named") {
  CHECK(my_number::problem("621498320258") == "check digit is wrong: the 12th digit must be 7");
  CHECK(my_number::problem("62149832025") == "must be 12 digits (got 11 characters)");
  CHECK(my_number::problem("62149832025a") == "must be 12 digits (got 12 characters)");
  CHECK(my_number::problem("") == "must be 12 digits (got 0 characters)");
}

TEST_CASE("derivation: known answers (HMAC-SHA256, computed independently)") {
  const Bytes secret = test_secret();
  CHECK(my_number::derive(secret, "12345678901", 0) == "446255631592");
  CHECK(my_number::derive(secret, "12345678901", 1) == "445307648166");
  CHECK(my_number::derive(secret, "00000000000", 0) == "702333480896");
}

TEST_CASE("derivation: valid numbers, keyed, and refuses a malformed code") {
  const Bytes secret = test_secret();
  Bytes other = secret;
  other[0] ^= 1;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    char code[12];
    std::snprintf(code, sizeof code, "%011d", i * 7919);
    const std::string number = my_number::derive(secret, code, 0);
    CHECK(my_number::is_valid(number));
    CHECK(number != my_number::derive(other, code, 0));
    seen.insert(number);
  }
  CHECK(seen.size() == 200);
  CHECK_THROWS_WITH(my_number::derive(secret, "1234", 0), "resident-record code must be 11 digits");
}

}  // namespace
}  // namespace mynasim::pki
