// mynaca verify: pki/verify as a relying party runs it, against this authority's CA
// certificates (every generation, link certificates as intermediates: tools/common/authority),
// with OCSP over HTTP (the same transport as mynaportal's) or with CRL files. Prints the list of
// findings; exit 0 when the certificate is accepted.

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/files.hpp"
#include "pki/verify/validator.hpp"
#include "tools/common/authority/authority_directory.hpp"
#include "tools/common/authority/ocsp_over_http.hpp"
#include "tools/mynaca/commands.hpp"

namespace mynasim::mynaca {

int run_verify(const Context& context, const VerifyOptions& options) {
  pki::verify::Options o;
  o.purpose =
      options.purpose == "login" ? pki::verify::Purpose::kLogin : pki::verify::Purpose::kSignature;
  o.at = context.now();
  o.fail_mode = options.soft_fail ? pki::verify::FailMode::kSoft : pki::verify::FailMode::kHard;
  if (options.ocsp && !options.crls.empty()) throw CommandError("say --ocsp or --crl, not both", 2);
  if (options.ocsp) {
    o.revocation = pki::verify::Revocation::kOcsp;
    o.ocsp = authority::ocsp_over_http(http::Deadline(15000));  // connect and read, in all
    o.ocsp_url = options.ocsp_url;
    o.ocsp_max_age = options.max_age_minutes >= 0 ? options.max_age_minutes * 60LL : -1;
  } else if (!options.crls.empty()) {
    o.revocation = pki::verify::Revocation::kCrl;
    for (const std::string& file : options.crls) o.crls.push_back(pki::read_file(file));
  }
  const Bytes certificate = pki::read_file(options.certificate);
  hostcrypto::X509Ptr parsed = hostcrypto::x509_from_der_or_pem(certificate);
  const Bytes der = parsed ? hostcrypto::der_of(parsed.get()) : certificate;
  const pki::verify::Result result = pki::verify::validate(
      der, authority::AuthorityDirectory(context.dir).trust_anchors(std::nullopt), o);

  nlohmann::json findings = nlohmann::json::array();
  std::string text;
  for (const auto& f : result.findings) {
    nlohmann::json j{
        {"status", pki::verify::to_string(f.status)}, {"fatal", f.fatal}, {"detail", f.detail}};
    if (f.reason >= 0) j["reason"] = f.reason;
    findings.push_back(j);
    text += std::string(f.fatal ? "FAIL " : "warn ") +
            std::string(pki::verify::to_string(f.status)) + ": " + f.detail + "\n";
  }
  text += result.ok() ? "accepted" : "rejected";
  emit(context, {{"accepted", result.ok()}, {"findings", findings}}, text);
  return result.ok() ? 0 : 1;
}

}  // namespace mynasim::mynaca
