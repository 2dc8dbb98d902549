#include "pki/unix_time.hpp"

#include <ctime>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki {

hostcrypto::Asn1TimePtr asn1_time(UnixTime t) {
  return hostcrypto::Asn1TimePtr(
      hostcrypto::check(ASN1_TIME_set(nullptr, static_cast<time_t>(t)), "ASN1_TIME_set"));
}

UnixTime unix_time_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) throw PkiError("malformed ASN.1 time");
  return static_cast<UnixTime>(timegm(&tm));
}

std::string iso8601(UnixTime t) {
  const time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool parse_iso8601(std::string_view text, UnixTime& out) {
  if (!text.empty() && text[0] == '@') {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(std::string(text.substr(1)), &used);
      if (used != text.size() - 1) return false;
      out = v;
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }
  std::tm tm{};
  const std::string s(text);
  for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"}) {
    tm = {};
    const char* end = strptime(s.c_str(), format, &tm);
    if (end && *end == '\0') {
      out = static_cast<UnixTime>(timegm(&tm));
      return true;
    }
  }
  return false;
}

}  // namespace mynasim::pki
