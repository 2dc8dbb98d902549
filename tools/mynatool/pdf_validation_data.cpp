#include "tools/mynatool/pdf_validation_data.hpp"

#include <openssl/x509v3.h>

#include <ctime>

#include "hostcrypto/der_pem.hpp"
#include "tools/common/authority/ocsp_over_http.hpp"
#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

constexpr std::size_t kMaxCrl = 4 * 1024 * 1024;

// The first URI of the certificate's CRL distribution points, "" when none.
std::string crl_url(X509* cert) {
  auto* points = static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr));
  std::string url;
  for (int i = 0; points && url.empty() && i < sk_DIST_POINT_num(points); ++i) {
    const DIST_POINT* point = sk_DIST_POINT_value(points, i);
    if (!point->distpoint || point->distpoint->type != 0) continue;
    const GENERAL_NAMES* names = point->distpoint->name.fullname;
    for (int j = 0; url.empty() && j < sk_GENERAL_NAME_num(names); ++j) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, j);
      if (name->type == GEN_URI)
        url.assign(
            reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.uniformResourceIdentifier)),
            static_cast<std::size_t>(ASN1_STRING_length(name->d.uniformResourceIdentifier)));
    }
  }
  CRL_DIST_POINTS_free(points);
  return url;
}

std::string problems(const pki::verify::Result& result) {
  std::string text;
  for (const auto& f : result.findings)
    if (f.fatal)
      text += (text.empty() ? "" : "; ") + std::string(pki::verify::to_string(f.status)) + ": " +
              f.detail;
  return text;
}

}  // namespace

pdf::ValidationDataSource validation_data_over_http(http::Deadline deadline) {
  return [deadline](const Bytes& signer, const std::vector<Bytes>& cas) {
    pdf::ValidationData data;
    data.certificates.push_back(signer);
    data.certificates.insert(data.certificates.end(), cas.begin(), cas.end());
    pki::verify::TrustAnchors anchors;
    anchors.roots = cas;
    pki::verify::Options options;
    options.purpose = pki::verify::Purpose::kSignature;
    options.at = static_cast<pki::UnixTime>(std::time(nullptr));

    // OCSP: pki/verify asks and checks; the answer it accepted is the one kept.
    const pki::verify::OcspTransport http = authority::ocsp_over_http(deadline);
    std::optional<Bytes> answer;
    options.revocation = pki::verify::Revocation::kOcsp;
    options.ocsp = [&](const std::string& url, ByteView request) {
      answer = http(url, request);
      return answer;
    };
    const pki::verify::Result by_ocsp = pki::verify::validate(signer, anchors, options);
    if (!by_ocsp.ok() || !answer)
      throw CommandFailed("pades-b-lt: OCSP does not prove the signature certificate good (" +
                          problems(by_ocsp) + "); nothing was written");
    data.ocsp_responses.push_back(*answer);

    // The CRL of the certificate's distribution point, checked the same way.
    const auto cert = hostcrypto::x509_from_der(signer);
    const std::string url = cert ? crl_url(cert.get()) : "";
    if (url.empty())
      throw CommandFailed("pades-b-lt: the signature certificate names no CRL distribution point");
    std::string error;
    const auto crl = http::get(url, deadline, kMaxCrl, &error);
    if (!crl || crl->status != 200)
      throw CommandFailed("pades-b-lt: no CRL from " + url + " (" +
                          (crl ? "HTTP " + std::to_string(crl->status) : error) +
                          "); nothing was written");
    options.revocation = pki::verify::Revocation::kCrl;
    options.crls = {Bytes(crl->body.begin(), crl->body.end())};
    const pki::verify::Result by_crl = pki::verify::validate(signer, anchors, options);
    if (!by_crl.ok())
      throw CommandFailed("pades-b-lt: the CRL from " + url +
                          " does not prove the signature certificate good (" + problems(by_crl) +
                          "); nothing was written");
    data.crls.push_back(options.crls.front());
    return data;
  };
}

}  // namespace mynasim::tools
