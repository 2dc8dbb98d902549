#include "pki/holder_attributes.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "hostcrypto/der_pem.hpp"
#include "pki/profiles.hpp"

namespace mynasim::pki {

std::optional<HolderAttributes> holder_attributes(X509* cert) {
  if (!cert) return std::nullopt;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  ERR_clear_error();
  if (!names) return std::nullopt;
  HolderAttributes out;
  std::string* fields[7] = {nullptr, &out.name, nullptr, &out.sex, &out.birth, &out.address, nullptr};
  bool seen[7] = {};
  bool ok = true;
  const std::string arc(kHolderAttributeArc);
  for (int i = 0; ok && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(names, i);
    if (entry->type != GEN_OTHERNAME) continue;
    char oid[80];
    if (OBJ_obj2txt(oid, sizeof oid, entry->d.otherName->type_id, 1) <= 0) continue;
    const std::string text(oid);
    if (text.size() != arc.size() + 1 || text.compare(0, arc.size(), arc) != 0) continue;
    const int n = text.back() - '0';
    if (n < 1 || n > 6 || !fields[n]) continue;  // .2 and .6: substitute positions, not asked
    const ASN1_TYPE* value = entry->d.otherName->value;
    if (seen[n] || !value || value->type != V_ASN1_UTF8STRING) {
      ok = false;
      break;
    }
    seen[n] = true;
    fields[n]->assign(
        reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.utf8string)),
        static_cast<std::size_t>(ASN1_STRING_length(value->value.utf8string)));
  }
  GENERAL_NAMES_free(names);
  if (!ok || !seen[1] || !seen[3] || !seen[4] || !seen[5]) return std::nullopt;
  return out;
}

std::optional<HolderAttributes> holder_attributes(ByteView der) {
  const auto cert = hostcrypto::x509_from_der(der);
  ERR_clear_error();
  return holder_attributes(cert.get());
}

std::optional<std::string> iso_birth_date(const std::string& field) {
  if (field.size() != 9 || field[0] < '0' || field[0] > '5' ||
      !std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return field.substr(1, 4) + "-" + field.substr(5, 2) + "-" + field.substr(7, 2);
}

}  // namespace mynasim::pki
