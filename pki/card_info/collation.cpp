#include "pki/card_info/collation.hpp"

#include <openssl/rand.h>

#include <cstdio>

#include "pki/pki_error.hpp"

namespace mynasim::pki::card_info {

std::string era_yymmdd(const Date& birth) {
  const Era era = era_of(birth);
  if (era == Era::kUnknown) throw PkiError("birth date " + to_string(birth) + " predates 明治");
  const int era_year = birth.year - era_info(era).first.year + 1;
  char text[8];
  std::snprintf(text, sizeof text, "%02d%02d%02d", era_year % 100, birth.month, birth.day);
  return text;
}

std::string collation_b(const Date& birth, const Date& expiry, std::string_view security_code) {
  return era_yymmdd(birth) + std::to_string(expiry.year) + std::string(security_code);
}

std::string random_security_code() {
  // Rejection sampling keeps 0000-9999 uniform (65536 is not a multiple of 10000).
  for (;;) {
    unsigned char b[2];
    if (RAND_bytes(b, sizeof b) != 1) throw PkiError("RAND_bytes failed");
    const unsigned v = (unsigned{b[0]} << 8) | b[1];
    if (v >= 60000) continue;
    char text[8];
    std::snprintf(text, sizeof text, "%04u", v % 10000);
    return text;
  }
}

std::string card_serial_for(std::int64_t card_number) {
  char text[24];
  std::snprintf(text, sizeof text, "9%014lld",
                static_cast<long long>(card_number % 100000000000000LL));
  return text;
}

}  // namespace mynasim::pki::card_info
