#include "pki/jpki_names.hpp"

#include <cstdio>
#include <ctime>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

void add_entry(X509_NAME* name, const char* field, std::string_view value) {
  hostcrypto::check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                               reinterpret_cast<const unsigned char*>(value.data()),
                                               static_cast<int>(value.size()), -1, 0),
                    std::string("name attribute ") + field);
}

hostcrypto::X509NamePtr new_name() {
  return hostcrypto::X509NamePtr(hostcrypto::check(X509_NAME_new(), "X509_NAME_new"));
}

}  // namespace

std::string_view hierarchy_unit(Hierarchy h) {
  return h == Hierarchy::kSign ? "JPKI for digital signature" : "JPKI for user authentication";
}

std::string_view hierarchy_tag(Hierarchy h) {
  return h == Hierarchy::kSign ? "sign" : "auth";
}

std::optional<Hierarchy> parse_hierarchy(std::string_view tag) {
  if (tag == "sign") return Hierarchy::kSign;
  if (tag == "auth") return Hierarchy::kAuth;
  return std::nullopt;
}

hostcrypto::X509NamePtr ca_name(Hierarchy h) {
  hostcrypto::X509NamePtr name = new_name();
  add_entry(name.get(), "C", "JP");
  add_entry(name.get(), "O", "JPKI");
  add_entry(name.get(), "OU", hierarchy_unit(h));
  add_entry(name.get(), "OU", kJlisUnit);
  return name;
}

hostcrypto::X509NamePtr responder_name(Hierarchy h, int generation) {
  hostcrypto::X509NamePtr name = ca_name(h);
  char cn[32];
  std::snprintf(cn, sizeof cn, "OCSP Responder G%02d", generation);
  add_entry(name.get(), "CN", cn);
  return name;
}

hostcrypto::X509NamePtr service_dirname() {
  hostcrypto::X509NamePtr name = new_name();
  add_entry(name.get(), "C", "JP");
  add_entry(name.get(), "O", kServiceName);
  return name;
}

hostcrypto::X509NamePtr signature_subject(std::string_view prefecture,
                                          std::string_view municipality, std::string_view cn) {
  hostcrypto::X509NamePtr name = new_name();
  add_entry(name.get(), "C", "JP");
  add_entry(name.get(), "L", prefecture);
  add_entry(name.get(), "L", municipality);
  add_entry(name.get(), "CN", cn);
  return name;
}

hostcrypto::X509NamePtr auth_subject(std::string_view cn) {
  hostcrypto::X509NamePtr name = new_name();
  add_entry(name.get(), "C", "JP");
  add_entry(name.get(), "CN", cn);
  return name;
}

std::string end_entity_cn(UnixTime issued_at, std::uint64_t serial, std::string_view office_code) {
  const time_t jst = static_cast<time_t>(issued_at + 9 * 3600);
  std::tm tm{};
  gmtime_r(&jst, &tm);
  char time_part[16];
  std::strftime(time_part, sizeof time_part, "%Y%m%d%H%M%S", &tm);
  char serial_part[24];
  std::snprintf(serial_part, sizeof serial_part, "%08llu",
                static_cast<unsigned long long>(serial % 100'000'000ULL));
  return std::string(time_part) + serial_part + std::string(office_code);
}

}  // namespace mynasim::pki
