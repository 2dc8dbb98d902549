#include "tools/mynatool/signature_report.hpp"

#include <openssl/x509.h>

#include "hostcrypto/der_pem.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::tools {

using nlohmann::json;

std::string subject_of(const Bytes& der) {
  const auto cert = hostcrypto::x509_from_der(der);
  if (!cert) return "?";
  char* line = X509_NAME_oneline(X509_get_subject_name(cert.get()), nullptr, 0);
  std::string out = line ? line : "?";
  OPENSSL_free(line);
  return out;
}

json findings_json(const pki::cms::Result& result) {
  json out = json::array();
  for (const auto& f : result.findings)
    out.push_back({{"code", pki::cms::to_string(f.status)}, {"fatal", true}, {"detail", f.detail}});
  for (const auto& f : result.signer.findings)
    out.push_back({{"code", "signer-" + std::string(pki::verify::to_string(f.status))},
                   {"fatal", f.fatal},
                   {"detail", f.detail}});
  if (result.tsa)
    for (const auto& f : result.tsa->findings)
      out.push_back({{"code", "timestamp-" + std::string(pki::verify::to_string(f.status))},
                     {"fatal", f.fatal},
                     {"detail", f.detail}});
  return out;
}

void add_signature_fields(json& out, const pki::cms::Result& r) {
  out["validated_at"] = pki::iso8601(r.validated_at);
  out["revocation"] = r.revocation_source;
  if (!r.signer_certificate.empty()) out["signer"] = subject_of(r.signer_certificate);
  if (r.claimed_signing_time) out["signing_time"] = pki::iso8601(*r.claimed_signing_time);
  if (r.timestamp_time) out["timestamp_time"] = pki::iso8601(*r.timestamp_time);
}

}  // namespace mynasim::tools
