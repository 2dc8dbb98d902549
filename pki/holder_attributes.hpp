// Reading back the four basic attributes (基本4情報) J-LIS writes into a signature certificate's
// subjectAltName (profiles.hpp): otherName 1.2.392.200149.8.5.5.<n>, each value [0] EXPLICIT
// UTF8String, n = 1 name, 3 sex, 4 birth date (EYYYYMMDD), 5 address. The one parser of them:
// `mynatool pdf sign` names the signer with it, mynaportal's OpenID Connect provider gives them
// to a client the holder consented to.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::pki {

// The fields exactly as the certificate carries them (UTF-8, not normalised).
struct HolderAttributes {
  std::string name;     // …5.5.1, family name U+3000 given name
  std::string sex;      // …5.5.3: "1" male, "2" female, "3" not applicable (holder.hpp)
  std::string birth;    // …5.5.4: era digit + Gregorian YYYYMMDD
  std::string address;  // …5.5.5
};

// The attributes of `cert`; nullopt when it has no subjectAltName with all four as
// UTF8Strings (a user-authentication certificate carries none) or one of them appears twice.
std::optional<HolderAttributes> holder_attributes(X509* cert);
std::optional<HolderAttributes> holder_attributes(ByteView der);

// The birth date field as an ISO 8601 calendar date: "319800217" -> "1980-02-17"; nullopt when
// it is not an era digit (0-5) and 8 digits.
std::optional<std::string> iso_birth_date(const std::string& field);

}  // namespace mynasim::pki
