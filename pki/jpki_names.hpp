// The names of JPKI (reference §5): the two CA hierarchies, their responders, the end-entity
// subjects and the issuer alternative name every certificate carries.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

enum class Hierarchy { kSign, kAuth };

// "JPKI for digital signature" / "JPKI for user authentication" (the CA's OU).
std::string_view hierarchy_unit(Hierarchy h);
// "sign" / "auth": how files, the database and the command line name a hierarchy.
std::string_view hierarchy_tag(Hierarchy h);
std::optional<Hierarchy> parse_hierarchy(std::string_view tag);

inline constexpr std::string_view kJlisUnit =
    "Japan Agency for Local Authority Information Systems";
inline constexpr std::string_view kServiceName = "公的個人認証サービス";

// C=JP, O=JPKI, OU=<hierarchy unit>, OU=Japan Agency for Local Authority Information Systems.
// Every generation of a hierarchy has this same name; generations differ by key (and key id).
hostcrypto::X509NamePtr ca_name(Hierarchy h);
// The delegated OCSP responder of one CA generation: the CA's name plus
// CN=OCSP Responder G<nn>.
hostcrypto::X509NamePtr responder_name(Hierarchy h, int generation);
// C=JP, O=公的個人認証サービス: the DirName in issuerAltName (end entities) and subjectAltName
// (CAs).
hostcrypto::X509NamePtr service_dirname();
// Signature certificate: C=JP, L=<prefecture>, L=<municipality>, CN=<cn>.
hostcrypto::X509NamePtr signature_subject(std::string_view prefecture,
                                          std::string_view municipality, std::string_view cn);
// User-authentication certificate: C=JP, CN=<cn>, and nothing about the person.
hostcrypto::X509NamePtr auth_subject(std::string_view cn);

// The end-entity CN: issuing time in JST (YYYYMMDDhhmmss), the serial as 8 digits and the
// issuing office's code (6 digits), as the CN form on real signature certificates
// (time + sequence + office id, reference §5).
std::string end_entity_cn(UnixTime issued_at, std::uint64_t serial, std::string_view office_code);

}  // namespace mynasim::pki
