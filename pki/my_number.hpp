// 個人番号 (My Number): 12 digits, the last a check digit (総務省令第85号 第5条, reference §8).
//
// J-LIS makes a person's number from their resident-record code (住民票コード, 11 digits) so
// that the code cannot be recovered from the number (the seeds: 「住民票コードを復元すること
// のできる規則性を備えるものでないこと」). The simulator does it with a keyed one-way function:
//   body(attempt) = HMAC-SHA256(authority secret, "mynasim my number v1" 00 code 00 attempt(4B BE))
//                   first 8 bytes as a big-endian integer, mod 10^11, as 11 digits
//   number        = body || check digit
// Without the secret nothing links a number to its code; attempt starts at 0 and is raised only
// when the number is already held by someone else (the authority keeps numbers unique).
#pragma once

#include <string>
#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::pki::my_number {

// Check digit of 11 digits: weights 6 5 4 3 2 7 6 5 4 3 2 from the left, r = sum mod 11,
// check = 0 when r <= 1, else 11 - r. Precondition: `first11` is 11 ASCII digits.
char check_digit(std::string_view first11);

// Empty when `number` is a well-formed My Number; otherwise what is wrong with it (no field name,
// and not the number itself beyond its length and expected check digit).
std::string problem(std::string_view number);
inline bool is_valid(std::string_view number) {
  return problem(number).empty();
}

// Whether `code` has the form of a resident-record code: 11 ASCII digits.
bool is_resident_code(std::string_view code);

// The number for `resident_code` at `attempt` (see above). `secret` is the authority's key.
std::string derive(ByteView secret, std::string_view resident_code, unsigned attempt);

}  // namespace mynasim::pki::my_number
