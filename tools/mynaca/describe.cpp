#include "tools/mynaca/describe.hpp"

#include "pki/revocation_reason.hpp"

namespace mynasim::mynaca {

std::string issuer_label(const pki::Authority& authority, std::int64_t ca_id) {
  const pki::Generation* g = authority.generation_by_id(ca_id);
  return g ? pki::generation_label(g->record.hierarchy, g->record.generation) : "?";
}

nlohmann::json certificate_json(const pki::Authority& authority, const pki::CertificateRecord& r) {
  nlohmann::json j{{"serial", r.serial},
                   {"kind", pki::to_string(r.kind)},
                   {"issuer", issuer_label(authority, r.ca_id)},
                   {"subject", r.subject},
                   {"not_before", pki::iso8601(r.not_before)},
                   {"not_after", pki::iso8601(r.not_after)},
                   {"status", pki::to_string(r.status)}};
  if (r.card_id) j["card"] = r.card_id;
  if (r.status != pki::CertificateStatus::kGood) {
    j["reason"] = pki::crl_reason_name(r.reason);
    j["revoked_at"] = pki::iso8601(r.revoked_at);
  }
  if (r.replaced_by) j["replaced_by"] = r.replaced_by;
  return j;
}

std::string certificate_line(const pki::Authority& authority, const pki::CertificateRecord& r) {
  std::string status(pki::to_string(r.status));
  if (r.status != pki::CertificateStatus::kGood)
    status += "(" + pki::crl_reason_name(r.reason) + ")";
  return std::to_string(r.serial) + "\t" + std::string(pki::to_string(r.kind)) + "\t" +
         (r.card_id ? "card " + std::to_string(r.card_id) : std::string("-")) + "\t" + status +
         "\t" + pki::iso8601(r.not_before) + ".." + pki::iso8601(r.not_after) + "\t" +
         issuer_label(authority, r.ca_id) + "\t" + r.subject;
}

nlohmann::json holder_json(const pki::HolderRecord& h) {
  return {{"my_number", h.my_number}, {"resident_code", h.resident_code},
          {"name", h.name},           {"address", h.address},
          {"birth", h.birth},         {"sex", h.sex}};
}

nlohmann::json card_json(const pki::CardRecord& c) {
  return {{"card", c.id},
          {"state", c.state},
          {"image", c.image_path},
          {"created_at", pki::iso8601(c.created_at)}};
}

}  // namespace mynasim::mynaca
