// Revocation by OCSP (RFC 6960), as a relying party: a request with a fresh nonce, then the
// response's signature, its signer's authority, the nonce, the certificate's status and the
// response's freshness, each a finding of its own. A response that fails the signature,
// authority or nonce checks says nothing more: its status is not believed.

#include <openssl/err.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify::detail {
namespace {

std::string aia_ocsp_url(X509* cert) {
  STACK_OF(OPENSSL_STRING)* urls = X509_get1_ocsp(cert);
  std::string url = urls && sk_OPENSSL_STRING_num(urls) > 0 ? sk_OPENSSL_STRING_value(urls, 0) : "";
  X509_email_free(urls);
  return url;
}

bool valid_at(X509* cert, UnixTime at) {
  return unix_time_of(X509_get0_notBefore(cert)) <= at &&
         at <= unix_time_of(X509_get0_notAfter(cert));
}

// RFC 6960 4.2.2.2: the CA itself, or a responder the CA certified for OCSP signing.
std::string authority_problem(X509* signer, X509* issuer, UnixTime at) {
  if (X509_cmp(signer, issuer) == 0) return {};
  if (X509_check_issued(issuer, signer) != X509_V_OK ||
      X509_verify(signer, X509_get0_pubkey(issuer)) != 1) {
    ERR_clear_error();
    return "the response is signed by a certificate the issuing CA did not issue";
  }
  if (!(X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) ||
      !(X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN))
    return "the responder certificate lacks id-kp-OCSPSigning";
  if (!valid_at(signer, at)) return "the responder certificate is not valid at this time";
  return {};
}

// A basic response's signature and its signer's authority; the signer's certificate is looked
// for in the response and `issuer`. Adds the finding and returns false when either fails.
bool trusted(OCSP_BASICRESP* basic, X509* issuer, UnixTime now, Result& result) {
  hostcrypto::X509StackPtr extra(hostcrypto::check(sk_X509_new_null(), "sk_X509_new_null"));
  hostcrypto::check(sk_X509_push(extra.get(), X509_dup(issuer)), "sk_X509_push");
  X509* signer = nullptr;
  if (OCSP_resp_get0_signer(basic, &signer, extra.get()) != 1 || !signer) {
    ERR_clear_error();
    add(result, Status::kOcspResponderNotAuthorized,
        "the response's signer is neither the CA nor a certificate it carries");
    return false;
  }
  if (OCSP_basic_verify(basic, extra.get(), nullptr, OCSP_NOVERIFY | OCSP_NOCHECKS) != 1) {
    ERR_clear_error();
    add(result, Status::kOcspBadSignature, "the response's signature does not verify");
    return false;
  }
  if (auto problem = authority_problem(signer, issuer, now); !problem.empty()) {
    add(result, Status::kOcspResponderNotAuthorized, problem);
    return false;
  }
  return true;
}

// The basic response inside a DER OCSPResponse, or null with a finding.
hostcrypto::OcspBasicPtr basic_of(const Bytes& answer, const std::string& from, Result& result) {
  const unsigned char* p = answer.data();
  hostcrypto::OcspResponsePtr response(
      d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(answer.size())));
  if (!response) {
    ERR_clear_error();
    add(result, Status::kOcspError, "the answer from " + from + " is not an OCSPResponse");
    return nullptr;
  }
  const int response_status = OCSP_response_status(response.get());
  if (response_status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    add(result, Status::kOcspError,
        std::string("the responder answered ") + OCSP_response_status_str(response_status));
    return nullptr;
  }
  hostcrypto::OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic) add(result, Status::kOcspError, "the response has no basic response");
  return basic;
}

// The certificate's status in a trusted response, and the response's freshness: current at
// `now`, or for archived evidence issued between `at` and `now`.
void judge_status(OCSP_BASICRESP* basic, OCSP_CERTID* id, const Options& options, UnixTime now,
                  Result& result) {
  int status = 0, reason = -1;
  ASN1_GENERALIZEDTIME *revoked_at = nullptr, *this_update = nullptr, *next_update = nullptr;
  if (OCSP_resp_find_status(basic, id, &status, &reason, &revoked_at, &this_update, &next_update) !=
      1)
    return add(result, Status::kOcspError, "the response holds no status for this certificate");
  // Times that are no valid time fail the freshness checks; the status still counts.
  const auto produced = time_in(this_update);
  if (!produced)
    add(result, Status::kOcspNotYetValid, "thisUpdate is not a valid time");
  else if (*produced > now + options.ocsp_skew)
    add(result, Status::kOcspNotYetValid, "thisUpdate " + iso8601(*produced) + " is in the future");
  if (options.archived) {
    if (produced && *produced < options.at)
      add(result, Status::kOcspStale,
          "thisUpdate " + iso8601(*produced) + " predates the time of signing " +
              iso8601(options.at) + ": it cannot show the certificate was good then");
  } else if (!next_update || time_in(next_update)) {
    const UnixTime next = next_update ? time_in(next_update).value_or(0) : 0;
    if (next_update && next + options.ocsp_skew < now)
      add(result, Status::kOcspStale, "nextUpdate " + iso8601(next) + " has passed");
    else if (produced && options.ocsp_max_age >= 0 && now - *produced > options.ocsp_max_age)
      add(result, Status::kOcspStale,
          "thisUpdate " + iso8601(*produced) + " is older than the freshness window");
  } else {
    add(result, Status::kOcspStale, "nextUpdate is not a valid time");
  }
  const auto revoked = revoked_at ? time_in(revoked_at) : std::nullopt;
  if (status == V_OCSP_CERTSTATUS_REVOKED && revoked && *revoked > options.at)
    return;  // revoked later than the time asked about: still good then
  if (status == V_OCSP_CERTSTATUS_REVOKED) {
    const std::string when = revoked ? " at " + iso8601(*revoked) : "";
    if (reason == OCSP_REVOKED_STATUS_CERTIFICATEHOLD)
      add(result, Status::kOnHold, "on hold" + when, reason);
    else
      add(result, Status::kRevoked, "revoked" + when, reason < 0 ? 0 : reason);
  } else if (status == V_OCSP_CERTSTATUS_UNKNOWN) {
    add(result, Status::kOcspUnknown, "the responder does not know this certificate");
  }
}

// Archived evidence: the first response that speaks of this certificate decides.
void check_archived_ocsp(OCSP_CERTID* id, X509* issuer, const Options& options, UnixTime now,
                         Result& result) {
  for (const Bytes& answer : options.ocsp_responses) {
    Result scratch;
    hostcrypto::OcspBasicPtr basic = basic_of(answer, "the evidence", scratch);
    int status = 0;
    if (!basic ||
        OCSP_resp_find_status(basic.get(), id, &status, nullptr, nullptr, nullptr, nullptr) != 1)
      continue;
    if (trusted(basic.get(), issuer, now, result))
      judge_status(basic.get(), id, options, now, result);
    return;
  }
  add(result, Status::kOcspUnavailable, "no OCSP response in the evidence is for this certificate");
}

}  // namespace

void check_ocsp(X509* leaf, X509* issuer, const Options& options, Result& result) {
  const UnixTime now = options.now >= 0 ? options.now : options.at;
  hostcrypto::OcspCertIdPtr id(
      hostcrypto::check(OCSP_cert_to_id(EVP_sha1(), leaf, issuer), "OCSP_cert_to_id"));
  if (options.archived) return check_archived_ocsp(id.get(), issuer, options, now, result);

  const std::string url = options.ocsp_url.empty() ? aia_ocsp_url(leaf) : options.ocsp_url;
  if (url.empty())
    return add(result, Status::kOcspUnavailable, "the certificate names no OCSP URL");
  if (!options.ocsp) return add(result, Status::kOcspUnavailable, "no way to reach " + url);
  hostcrypto::OcspRequestPtr request(hostcrypto::check(OCSP_REQUEST_new(), "OCSP_REQUEST_new"));
  hostcrypto::check(OCSP_request_add0_id(request.get(), OCSP_CERTID_dup(id.get())) != nullptr,
                    "OCSP_request_add0_id");
  hostcrypto::check(OCSP_request_add1_nonce(request.get(), nullptr, -1), "OCSP_request_add1_nonce");
  const std::optional<Bytes> answer = options.ocsp(url, hostcrypto::der_of(request.get()));
  if (!answer) return add(result, Status::kOcspUnavailable, "no response from " + url);

  hostcrypto::OcspBasicPtr basic = basic_of(*answer, url, result);
  if (!basic || !trusted(basic.get(), issuer, now, result)) return;
  switch (OCSP_check_nonce(request.get(), basic.get())) {
    case 0:
      return add(result, Status::kOcspNonceMismatch, "the response answers another request");
    case -1:
      return add(result, Status::kOcspNonceMissing, "the response does not echo the nonce");
    default:
      break;
  }
  judge_status(basic.get(), id.get(), options, now, result);
}

}  // namespace mynasim::pki::verify::detail
