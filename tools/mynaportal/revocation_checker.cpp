#include "tools/mynaportal/revocation_checker.hpp"

#include <openssl/err.h>

#include <optional>

#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/unix_time.hpp"
#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal {
namespace {

using pki::verify::Finding;
using pki::verify::Status;

constexpr std::size_t kMaxCached = 100000;

bool is_revocation_status(Status s) {
  switch (s) {
    case Status::kRevoked:
    case Status::kOnHold:
    case Status::kOcspUnavailable:
    case Status::kOcspError:
    case Status::kOcspBadSignature:
    case Status::kOcspResponderNotAuthorized:
    case Status::kOcspNonceMismatch:
    case Status::kOcspNonceMissing:
    case Status::kOcspStale:
    case Status::kOcspNotYetValid:
    case Status::kOcspUnknown:
    case Status::kCrlMissing:
    case Status::kCrlBadSignature:
    case Status::kCrlExpired:
    case Status::kCrlNotYetValid:
    case Status::kCrlOutdated:
      return true;
    default:
      return false;
  }
}

// No answer at all: the only case the CRLs may stand in for.
bool no_ocsp_answer(const pki::verify::Result& r) {
  return r.has(Status::kOcspUnavailable) || r.has(Status::kOcspError);
}

// An answer that was verified and says something: good, revoked or on hold.
bool ocsp_answer_verified(const pki::verify::Result& r) {
  for (const Finding& f : r.findings)
    if (is_revocation_status(f.status) && f.status != Status::kRevoked &&
        f.status != Status::kOnHold)
      return false;
  return true;
}

bool chain_ok(const pki::verify::Result& r) {
  for (const Finding& f : r.findings)
    if (!is_revocation_status(f.status)) return false;
  return true;
}

// The certificate's bytes: what was checked is exactly what is looked up.
std::string cache_key(ByteView certificate) {
  const Bytes hash = hostcrypto::sha256(certificate);
  return std::string(hash.begin(), hash.end());
}

}  // namespace

pki::verify::Options RevocationChecker::options(pki::UnixTime now,
                                                pki::verify::Revocation revocation) const {
  pki::verify::Options o;
  o.purpose = config_.purpose;
  o.at = now;
  o.revocation = revocation;
  o.fail_mode = config_.fail_mode;
  o.ocsp_url = config_.ocsp_url;
  o.ocsp_skew = config_.skew;
  o.ocsp_max_age = config_.max_age;
  return o;
}

ChainCheck RevocationChecker::check(ByteView certificate, const pki::verify::TrustAnchors& anchors,
                                    pki::UnixTime now) {
  // A certificate whose chain verified and whose OCSP answer is still current needs neither
  // again: its validity period is checked on every login (login_validator.cpp step 4), and a
  // CA generation always outlives the certificates it issued.
  const std::string key = cache_key(certificate);
  {
    std::lock_guard lock(mutex_);
    const auto it = cache_.find(key);
    if (it != cache_.end() && now < it->second.next_update) {
      ChainCheck out{{}, "ocsp-cache"};
      out.result.findings = it->second.findings;
      return out;
    }
  }
  std::string ocsp_silence;  // why the CRLs are consulted, for the findings' detail
  if (config_.ocsp) {
    Bytes response;
    pki::verify::Options o = options(now, pki::verify::Revocation::kOcsp);
    o.ocsp = [&](const std::string& url, ByteView request) {
      auto answer = config_.ocsp(url, request);
      if (answer) response = *answer;
      return answer;
    };
    ChainCheck out{pki::verify::validate(certificate, anchors, o), "ocsp"};
    if (!no_ocsp_answer(out.result) || !config_.crls) {
      if (chain_ok(out.result) && ocsp_answer_verified(out.result)) {
        std::vector<Finding> status;
        for (const Finding& f : out.result.findings)
          if (is_revocation_status(f.status)) status.push_back(f);
        remember(key, response, status, now);
      }
      if (!out.result.ok() || ocsp_answer_verified(out.result)) return out;
      out.revocation_source = "none";  // soft-fail let an unanswered check through
      return out;
    }
    for (const Finding& f : out.result.findings)
      if (f.status == Status::kOcspUnavailable || f.status == Status::kOcspError)
        ocsp_silence = f.detail;
  }
  if (config_.crls) {
    pki::verify::Options o = options(now, pki::verify::Revocation::kCrl);
    o.crls = config_.crls();
    o.crl_requirement = config_.crl_requirement;
    ChainCheck out{pki::verify::validate(certificate, anchors, o), "crl"};
    for (Finding& f : out.result.findings) {
      if (!is_revocation_status(f.status)) continue;
      if (!ocsp_silence.empty())
        f.detail += " (checked by crl: OCSP did not answer: " + ocsp_silence + ")";
      if (f.status != Status::kRevoked && f.status != Status::kOnHold && !f.fatal)
        out.revocation_source = "none";  // soft-fail: no current status, let through
    }
    return out;
  }
  // Neither OCSP nor CRLs configured: revocation cannot be checked.
  ChainCheck out{
      pki::verify::validate(certificate, anchors, options(now, pki::verify::Revocation::kNone)),
      "none"};
  out.result.findings.push_back({Status::kOcspUnavailable,
                                 config_.fail_mode == pki::verify::FailMode::kHard, -1,
                                 "no OCSP responder and no CRL configured"});
  return out;
}

void RevocationChecker::remember(const std::string& key, const Bytes& response,
                                 const std::vector<Finding>& findings, pki::UnixTime now) {
  const unsigned char* p = response.data();
  hostcrypto::OcspResponsePtr parsed(
      d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(response.size())));
  if (!parsed) return ERR_clear_error();
  hostcrypto::OcspBasicPtr basic(OCSP_response_get1_basic(parsed.get()));
  if (!basic || OCSP_resp_count(basic.get()) < 1) return ERR_clear_error();
  int reason = 0;
  ASN1_GENERALIZEDTIME *revoked = nullptr, *this_update = nullptr, *next_update = nullptr;
  OCSP_single_get0_status(OCSP_resp_get0(basic.get(), 0), &reason, &revoked, &this_update,
                          &next_update);
  if (!next_update) return;  // "newer information is always available": never cached
  const pki::UnixTime until = pki::unix_time_of(next_update);
  if (until <= now) return;
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) {
    for (auto it = cache_.begin(); it != cache_.end();)
      it = it->second.next_update <= now ? cache_.erase(it) : std::next(it);
    if (cache_.size() >= kMaxCached) return;
  }
  cache_[key] = {findings, until};
}

std::size_t RevocationChecker::cached() const {
  std::lock_guard lock(mutex_);
  return cache_.size();
}

void RevocationChecker::clear_cache() {
  std::lock_guard lock(mutex_);
  cache_.clear();
}

}  // namespace mynasim::portal
