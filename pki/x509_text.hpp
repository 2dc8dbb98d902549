// X.509 names and serial numbers as text (for listings, messages and the registry's keys).
#pragma once

#include <cstdint>
#include <string>

#include "hostcrypto/openssl_handles.hpp"

namespace mynasim::pki {

// RFC 2253 form with UTF-8 kept as is.
std::string name_to_string(const X509_NAME* name);
std::string serial_to_string(const ASN1_INTEGER* serial);  // decimal
std::uint64_t serial_to_u64(const ASN1_INTEGER* serial);   // throws if negative or too big

}  // namespace mynasim::pki
