#include "pki/my_number.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdio>

#include "hostcrypto/errors.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::my_number {
namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::string_view kDerivationLabel = "mynasim my number v1";

}  // namespace

char check_digit(std::string_view first11) {
  static constexpr int kWeights[11] = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 11; ++i) sum += (first11[i] - '0') * kWeights[i];
  const int r = sum % 11;
  return static_cast<char>('0' + (r <= 1 ? 0 : 11 - r));
}

std::string problem(std::string_view number) {
  if (number.size() != 12 || !all_digits(number))
    return "must be 12 digits (got " + std::to_string(number.size()) + " characters)";
  const char expected = check_digit(number.substr(0, 11));
  if (number[11] != expected)
    return std::string("check digit is wrong: the 12th digit must be ") + expected;
  return {};
}

bool is_resident_code(std::string_view code) {
  return code.size() == 11 && all_digits(code);
}

std::string derive(ByteView secret, std::string_view resident_code, unsigned attempt) {
  if (!is_resident_code(resident_code)) throw PkiError("resident-record code must be 11 digits");
  Bytes message(kDerivationLabel.begin(), kDerivationLabel.end());
  message.push_back(0);
  message.insert(message.end(), resident_code.begin(), resident_code.end());
  message.push_back(0);
  for (int shift = 24; shift >= 0; shift -= 8)
    message.push_back(static_cast<std::uint8_t>(attempt >> shift));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  hostcrypto::check(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
                         message.data(), message.size(), mac, &mac_size) != nullptr,
                    "HMAC-SHA256");
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | mac[i];
  char digits[16];
  std::snprintf(digits, sizeof digits, "%011llu",
                static_cast<unsigned long long>(value % 100'000'000'000ULL));
  std::string number(digits, 11);
  number.push_back(check_digit(number));
  return number;
}

}  // namespace mynasim::pki::my_number
