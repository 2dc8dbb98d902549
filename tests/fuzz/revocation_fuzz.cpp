// libFuzzer target for the revocation checks of pki/verify (ocsp_check.cpp, crl_check.cpp): the
// first code that reads an OCSP response off the network or a CRL off a file. The first byte of
// the input picks what the rest is; the rest is the response or CRL:
//   bits 0-1: 0 an OCSP response, re-signed; 1 a CRL, re-signed; 2 an OCSP response as it is;
//             3 a CRL as it is
//   bit 2:    (re-signed OCSP) keep the response's own nonce instead of echoing the request's
// "Re-signed": what parses is signed again with the fuzzer's CA key (and, for OCSP, made to echo
// the request's nonce) before the check reads it. A mutated response would otherwise never get
// past the signature check, and the code behind it (status, reason, dates, the responder's
// authority) would never see fuzzed bytes.
// Beyond the sanitizers' findings, a broken invariant aborts:
//   - nothing throws, every finding has a detail;
//   - a CRL signed by the issuer that lists the leaf as revoked before `at` gives kRevoked, or
//     kOnHold when the reason is certificateHold (or is not taken at all);
//   - an OCSP answer signed by the CA that says "revoked" before `at` for the leaf, with the
//     nonce echoed, never gives a clean result; one that says "good" gives no revocation.

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/checks.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::pki;
using namespace mynasim::hostcrypto;
using namespace mynasim::pki::verify;

void require(bool condition) {
  if (!condition) std::abort();
}

constexpr UnixTime kAt = 1'769'904'000;  // 2026-02-01: inside every validity make_corpus uses
constexpr long kLeafSerial = 0x1234;

struct Pki {
  EvpPkeyPtr key;
  X509Ptr ca;
  X509Ptr leaf;
};

X509Ptr certificate(const char* subject, long serial, EVP_PKEY* key, X509* issuer) {
  X509Ptr cert(X509_new());
  require(cert && X509_set_version(cert.get(), 2) == 1);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(subject), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  time_t at = static_cast<time_t>(kAt);
  X509_time_adj_ex(X509_getm_notBefore(cert.get()), -3650, 0, &at);
  X509_time_adj_ex(X509_getm_notAfter(cert.get()), 3650, 0, &at);
  X509_set_pubkey(cert.get(), key);
  require(X509_sign(cert.get(), key, EVP_sha256()) > 0);
  return cert;
}

const Pki& fuzz_pki() {
  static const Pki kPki = [] {
    Pki out;
    out.key.reset(EVP_EC_gen("P-256"));  // signs fast: one signature per input
    require(out.key != nullptr);
    out.ca = certificate("fuzz CA", 1, out.key.get(), nullptr);
    out.leaf = certificate("fuzz leaf", kLeafSerial, out.key.get(), out.ca.get());
    return out;
  }();
  return kPki;
}

bool has(const Result& result, Status status) {
  return result.find(status) != nullptr;
}

void check_findings(const Result& result) {
  for (const Finding& finding : result.findings) require(!finding.detail.empty());
}

// The OCSP answer the check will read: the input, or the input signed again by the CA.
struct OcspExpectation {
  bool resigned = false;
  int status = -1;  // V_OCSP_CERTSTATUS_* for the leaf, when re-signed and found
  int reason = -1;
  bool revoked_before_at = false;
};

Bytes resign_ocsp(ByteView input, ByteView request_der, bool echo_nonce, OcspExpectation& out) {
  const Bytes raw(input.begin(), input.end());
  const unsigned char* p = input.data();
  OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(input.size())));
  if (!response) return ERR_clear_error(), raw;
  OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic) return ERR_clear_error(), raw;
  const unsigned char* q = request_der.data();
  OcspRequestPtr request(d2i_OCSP_REQUEST(nullptr, &q, static_cast<long>(request_der.size())));
  require(request != nullptr);
  if (echo_nonce) {
    for (int at;
         (at = OCSP_BASICRESP_get_ext_by_NID(basic.get(), NID_id_pkix_OCSP_Nonce, -1)) >= 0;)
      X509_EXTENSION_free(OCSP_BASICRESP_delete_ext(basic.get(), at));
    require(OCSP_copy_nonce(basic.get(), request.get()) == 1);
  }
  // OCSP_basic_sign sets the responder ID as the flags say, over the one there: by name it frees
  // the old value as a name (a crash when it was a key hash), by key it drops the old value
  // without freeing it. So the ID keeps its kind, and an old key hash is freed here.
  const ASN1_OCTET_STRING* old_key = nullptr;
  const X509_NAME* old_name = nullptr;
  require(OCSP_resp_get0_id(basic.get(), &old_key, &old_name) == 1);
  const unsigned long flags = old_key ? OCSP_RESPID_KEY : 0;
  const int signed_ok = OCSP_basic_sign(basic.get(), fuzz_pki().ca.get(), fuzz_pki().key.get(),
                                        EVP_sha256(), nullptr, flags);
  if (old_key) ASN1_OCTET_STRING_free(const_cast<ASN1_OCTET_STRING*>(old_key));
  if (signed_ok != 1) {
    ERR_clear_error();
    return raw;
  }
  OcspResponsePtr signed_response(
      OCSP_response_create(OCSP_response_status(response.get()), basic.get()));
  require(signed_response != nullptr);
  out.resigned = echo_nonce && OCSP_response_status(response.get()) == 0;
  OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), fuzz_pki().leaf.get(), fuzz_pki().ca.get()));
  ASN1_GENERALIZEDTIME* revoked_at = nullptr;
  // A revocation time that is no time counts as before `at`, as the check reads it.
  if (OCSP_resp_find_status(basic.get(), id.get(), &out.status, &out.reason, &revoked_at, nullptr,
                            nullptr) == 1)
    out.revoked_before_at = !revoked_at || detail::time_in(revoked_at).value_or(kAt) <= kAt;
  ERR_clear_error();
  return der_of(signed_response.get());
}

void fuzz_ocsp(ByteView input, bool resign, bool echo_nonce) {
  OcspExpectation expected;
  Options options;
  options.at = kAt;
  options.revocation = Revocation::kOcsp;
  options.ocsp_url = "http://ocsp.fuzz/";
  options.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
    if (!resign) return Bytes(input.begin(), input.end());
    return resign_ocsp(input, request, echo_nonce, expected);
  };
  Result result;
  detail::check_ocsp(fuzz_pki().leaf.get(), fuzz_pki().ca.get(), options, result);
  check_findings(result);
  const bool revocation = has(result, Status::kRevoked) || has(result, Status::kOnHold);
  // Revoked: a revocation finding, or another finding that fails the check (the fuzzer's bytes
  // may carry a certificate that takes the CA's place as the signer); never a clean result.
  if (expected.resigned && expected.status == V_OCSP_CERTSTATUS_REVOKED &&
      expected.revoked_before_at)
    require(revocation || !result.findings.empty());
  if (expected.resigned && expected.status == V_OCSP_CERTSTATUS_GOOD) require(!revocation);
}

void fuzz_crl(ByteView input, bool resign) {
  X509CrlPtr crl = crl_from_der_or_pem(input);
  ERR_clear_error();
  Options options;
  options.at = kAt;
  options.revocation = Revocation::kCrl;
  bool leaf_revoked = false;
  int reason = 0;
  if (resign && crl && X509_CRL_sign(crl.get(), fuzz_pki().key.get(), EVP_sha256()) > 0) {
    options.crls.push_back(der_of(crl.get()));
    X509_REVOKED* entry = nullptr;
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(fuzz_pki().ca.get())) ==
            0 &&
        X509_CRL_get0_by_serial(crl.get(), &entry, X509_get0_serialNumber(fuzz_pki().leaf.get())) ==
            1 &&
        entry && detail::time_in(X509_REVOKED_get0_revocationDate(entry)).value_or(kAt) <= kAt) {
      leaf_revoked = true;
      auto* code = static_cast<ASN1_ENUMERATED*>(
          X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr));
      reason = code ? static_cast<int>(ASN1_ENUMERATED_get(code)) : 0;
      ASN1_ENUMERATED_free(code);
    }
  } else {
    options.crls.emplace_back(input.begin(), input.end());
  }
  ERR_clear_error();
  Result result;
  detail::check_crl(fuzz_pki().leaf.get(), fuzz_pki().ca.get(), options, result);
  check_findings(result);
  // Listed: revoked or on hold as the reason says, or the CRL not taken at all (fails closed).
  if (leaf_revoked)
    require(has(result, reason == 6 ? Status::kOnHold : Status::kRevoked) ||
            has(result, Status::kCrlMissing) || has(result, Status::kCrlBadSignature));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz_pki();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const ByteView input(data + 1, size - 1);
  switch (data[0] & 3) {
    case 0:
      fuzz_ocsp(input, true, (data[0] & 4) == 0);
      break;
    case 1:
      fuzz_crl(input, true);
      break;
    case 2:
      fuzz_ocsp(input, false, false);
      break;
    default:
      fuzz_crl(input, false);
      break;
  }
  ERR_clear_error();
  return 0;
}
