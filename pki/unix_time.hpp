// Time in pki/: seconds since 1970-01-01T00:00:00Z (JST only at the edges), to and from ASN.1
// times and the ISO 8601 text of listings and options.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hostcrypto/openssl_handles.hpp"

namespace mynasim::pki {

using UnixTime = std::int64_t;

hostcrypto::Asn1TimePtr asn1_time(UnixTime t);
UnixTime unix_time_of(const ASN1_TIME* t);  // throws PkiError on a malformed time

// "2026-04-01T09:00:00Z"
std::string iso8601(UnixTime t);
// Accepts "YYYY-MM-DDThh:mm:ssZ", "YYYY-MM-DD hh:mm:ss" (UTC) and "YYYY-MM-DD" (00:00 UTC), and
// "@<unix seconds>". false on anything else.
bool parse_iso8601(std::string_view text, UnixTime& out);

}  // namespace mynasim::pki
