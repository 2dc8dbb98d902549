// Purpose: key usage and the JPKI policy of the certificate the purpose needs.

#include "hostcrypto/openssl_handles.hpp"
#include "pki/profiles.hpp"
#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify::detail {
namespace {

bool has_policy(X509* cert, std::string_view oid) {
  using Policies =
      std::unique_ptr<CERTIFICATEPOLICIES, hostcrypto::OpenSslDeleter<CERTIFICATEPOLICIES_free>>;
  Policies policies(static_cast<CERTIFICATEPOLICIES*>(
      X509_get_ext_d2i(cert, NID_certificate_policies, nullptr, nullptr)));
  if (!policies) return false;
  ASN1_OBJECT* wanted = OBJ_txt2obj(std::string(oid).c_str(), 1);
  bool found = false;
  for (int i = 0; i < sk_POLICYINFO_num(policies.get()) && !found; ++i)
    found = OBJ_cmp(sk_POLICYINFO_value(policies.get(), i)->policyid, wanted) == 0;
  ASN1_OBJECT_free(wanted);
  return found;
}

// RFC 3161 2.3: one extendedKeyUsage, critical, whose only purpose is id-kp-timeStamping.
void check_timestamping(X509* leaf, Result& result) {
  const int at = X509_get_ext_by_NID(leaf, NID_ext_key_usage, -1);
  if (at < 0 || X509_get_extended_key_usage(leaf) != XKU_TIMESTAMP)
    return add(result, Status::kWrongPurpose,
               "the certificate's extendedKeyUsage is not timeStamping alone");
  if (!X509_EXTENSION_get_critical(X509_get_ext(leaf, at)))
    add(result, Status::kWrongPurpose, "the timeStamping extendedKeyUsage is not critical");
}

}  // namespace

void check_purpose(X509* leaf, Purpose purpose, Result& result) {
  if (purpose == Purpose::kTimestamping) return check_timestamping(leaf, result);
  const bool login = purpose == Purpose::kLogin;
  const std::string_view wanted = login ? kAuthPolicyOid : kSignPolicyOid;
  const std::string_view other = login ? kSignPolicyOid : kAuthPolicyOid;
  const char* what = login ? "login" : "a signature";
  if (!has_policy(leaf, wanted)) {
    add(result, Status::kWrongPurpose,
        has_policy(leaf, other)
            ? std::string(login ? "a signature certificate" : "a user-authentication certificate") +
                  " presented for " + what
            : "the certificate lacks the policy " + std::string(wanted) + " needed for " + what);
    return;
  }
  const std::uint32_t usage = X509_get_key_usage(leaf);
  const std::uint32_t needed =
      login ? KU_DIGITAL_SIGNATURE : KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION;
  if ((usage & needed) != needed)
    add(result, Status::kWrongPurpose,
        std::string("the key usage does not allow ") + what +
            (login ? " (digitalSignature)" : " (digitalSignature and nonRepudiation)"));
}

}  // namespace mynasim::pki::verify::detail
