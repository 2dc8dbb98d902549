// mynaca verify: pki/verify as a relying party runs it, against this authority's CA
// certificates (every generation, link certificates as intermediates), with OCSP over HTTP or
// with CRL files. Prints the list of findings; exit 0 when the certificate is accepted.
#include <filesystem>

#include "pki/verify/validator.hpp"
#include "tools/common/http/client.hpp"
#include "tools/mynaca/commands.hpp"

namespace mynasim::mynaca {
namespace {

// POST to an http:// URL (tools/common/http: one deadline for the whole exchange, the answer's
// size capped); nullopt when nothing usable comes back.
std::optional<Bytes> http_post(const std::string& url, ByteView request) {
  constexpr http::Deadline kDeadline{15000};  // the old 5 s to connect and 10 s to read, in all
  constexpr std::size_t kMaxOcspResponse = 64 * 1024;  // ours are ~2 KiB
  const auto answer = http::post(url, std::string(request.begin(), request.end()),
                                 "application/ocsp-request", kDeadline, kMaxOcspResponse);
  if (!answer || answer->status != 200) return std::nullopt;
  return Bytes(answer->body.begin(), answer->body.end());
}

pki::verify::TrustAnchors authority_anchors(const std::string& dir) {
  pki::verify::TrustAnchors anchors;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/ca")) {
    const std::string name = entry.path().filename().string();
    const bool generation = name.size() == std::string("sign-g01.pem").size() &&
                            name.find("-g") == 4 && name.ends_with(".pem");
    if (generation)
      anchors.roots.push_back(pki::read_file(entry.path().string()));
    else if (name.find("-by-") != std::string::npos)
      anchors.intermediates.push_back(pki::read_file(entry.path().string()));
  }
  return anchors;
}

}  // namespace

int run_verify(const Context& context, const VerifyOptions& options) {
  pki::verify::Options o;
  o.purpose =
      options.purpose == "login" ? pki::verify::Purpose::kLogin : pki::verify::Purpose::kSignature;
  o.at = context.now();
  o.fail_mode = options.soft_fail ? pki::verify::FailMode::kSoft : pki::verify::FailMode::kHard;
  if (options.ocsp && !options.crls.empty()) throw CommandError("say --ocsp or --crl, not both", 2);
  if (options.ocsp) {
    o.revocation = pki::verify::Revocation::kOcsp;
    o.ocsp = http_post;
    o.ocsp_url = options.ocsp_url;
    o.ocsp_max_age = options.max_age_minutes >= 0 ? options.max_age_minutes * 60LL : -1;
  } else if (!options.crls.empty()) {
    o.revocation = pki::verify::Revocation::kCrl;
    for (const std::string& file : options.crls) o.crls.push_back(pki::read_file(file));
  }
  const Bytes certificate = pki::read_file(options.certificate);
  pki::X509Ptr parsed = pki::x509_from_der_or_pem(certificate);
  const Bytes der = parsed ? pki::der_of(parsed.get()) : certificate;
  const pki::verify::Result result = pki::verify::validate(der, authority_anchors(context.dir), o);

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
