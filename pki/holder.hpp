// The holder data J-LIS certifies (基本4情報 + My Number), checked field by field. Every refusal
// names the field ("birth: ...") so that nothing is issued from malformed data; PIN refusals
// say what form is required and never echo the value.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "pki/japanese_date.hpp"

namespace mynasim::pki {

// What an operator types or a batch file holds. Empty my_number / resident_code: the authority
// assigns them (a fresh resident-record code, and a My Number derived from it).
struct HolderInput {
  std::string name;
  std::string address;
  std::string birth;  // see parse_birth_date()
  std::string sex;    // "1" male, "2" female, "9" not applicable
  std::string my_number;
  std::string resident_code;
};

struct Holder {
  std::string name;     // UTF-8, family name U+3000 given name by convention
  std::string address;  // UTF-8
  Date birth;
  char sex = '9';
  std::string my_number;      // may be empty until the authority assigns one
  std::string resident_code;  // may be empty
  std::string prefecture;     // 都道府県 the address starts with, e.g. 東京都
  std::string municipality;  // 市区町村 that follows, e.g. 千代田区 (郡 included: 西多摩郡奥多摩町)
};

// A field that is not acceptable. field() is the name used on the command line and in batch
// files: name, address, birth, sex, my-number, resident-code, pin, sign-password.
class InvalidField : public std::invalid_argument {
 public:
  InvalidField(std::string field, const std::string& problem)
      : std::invalid_argument(field + ": " + problem), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Limits (characters = Unicode code points): name 1..100, address 1..200 (the certificate's
// address field allows 200); no control characters; valid UTF-8. The birth date must lie between
// kFirstBirthDate and `today` (JST). The address must begin with one of the 47 prefectures.
inline constexpr std::size_t kMaxNameChars = 100;
inline constexpr std::size_t kMaxAddressChars = 200;

// Throws InvalidField for the first bad field, in the order name, address, birth, sex,
// my-number, resident-code.
Holder validate_holder(const HolderInput& input, const Date& today);

// Code points in a UTF-8 string; throws InvalidField(field, ...) if it is not valid UTF-8 or
// holds a control character.
std::size_t utf8_length(std::string_view text, const std::string& field);

// The user-authentication PIN: exactly 4 digits. The signature password: 6 to 16 of A-Z 0-9
// (the card compares bytes, so lower case is refused here rather than burning a try later).
void check_auth_pin(std::string_view pin);
void check_sign_password(std::string_view password);

// The value of the certificate's sex field (…8.5.5.3) for the card's code: "1" male,
// "2" female, and "3" for 9 (not applicable). UNCONFIRMED: one second-hand source gives "3" as
// the "unknown" value; the card's own code is 9 (JIS X 5070 style).
std::string certificate_sex_field(char sex);

// 0/1 per character of `text` (substitute-character positions, …8.5.5.2 and .6). The simulator
// never substitutes a character, so every position is '0'.
std::string substitute_positions(std::string_view text);

}  // namespace mynasim::pki
