#include "tools/mynatool/signature_report.hpp"

#include <openssl/x509.h>

#include <ctime>

#include "hostcrypto/der_pem.hpp"
#include "pki/crl_requirement.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"
#include "tools/common/authority/ocsp_over_http.hpp"

namespace mynasim::tools {

using nlohmann::json;

pki::cms::Options verifier_options(const authority::AuthorityDirectory& dir,
                                   bool check_revocation) {
  pki::cms::Options o;
  o.signature_anchors = dir.trust_anchors(pki::Hierarchy::kSign);
  o.tsa_anchors = dir.tsa_anchors();
  o.now = static_cast<pki::UnixTime>(std::time(nullptr));
  o.ocsp = authority::ocsp_over_http(http::Deadline{10'000});  // a responder that stalls
  o.crls = dir.crls();
  // A CRL counts only when issued after the CA's last status change, as the portal holds it.
  o.crl_requirement = pki::crl_requirement_from(dir.registry_path());
  o.check_revocation = check_revocation;
  return o;
}

std::string subject_of(const Bytes& der) {
  const auto cert = hostcrypto::x509_from_der(der);
  if (!cert) return "?";
  return pki::name_to_string(X509_get_subject_name(cert.get()));  // RFC 2253, UTF-8 as is
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
