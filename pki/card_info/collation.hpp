// The credentials printed on (or derived from) the card face, as the issuer sets them
// (reference §4): 照合番号B = 和暦 YYMMDD of the birth date + expiry year (Gregorian YYYY) +
// the 4-digit security code; the surface AP's 生年月日 key = 和暦 YYMMDD; a fresh security code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pki/japanese_date.hpp"

namespace mynasim::pki::card_info {

// "550217" for 1980-02-17 (昭和55). Throws PkiError before Meiji.
std::string era_yymmdd(const Date& birth);
// "55021720352285" for 1980-02-17, an expiry in 2035 and code 2285.
std::string collation_b(const Date& birth, const Date& expiry, std::string_view security_code);
// Four digits, uniform over 0000-9999, from OpenSSL's CSPRNG.
std::string random_security_code();
// The 共通 AP's card serial (15 digits) for an authority's card number: "9" + 14 digits.
std::string card_serial_for(std::int64_t card_number);

}  // namespace mynasim::pki::card_info
