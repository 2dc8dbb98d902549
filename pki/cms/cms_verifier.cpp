#include "pki/cms/cms_verifier.hpp"

#include <openssl/err.h>
#include <openssl/ess.h>

#include <algorithm>
#include <ctime>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "pki/cms/cms_handles.hpp"
#include "pki/cms/timestamp_check.hpp"

namespace mynasim::pki::cms {
namespace {

using EssV2Ptr =
    std::unique_ptr<ESS_SIGNING_CERT_V2, hostcrypto::OpenSslDeleter<ESS_SIGNING_CERT_V2_free>>;

void add(Result& result, Status status, std::string detail) {
  result.findings.push_back({status, std::move(detail)});
}

// The value of a signed attribute of this type, or null.
const void* signed_value(CMS_SignerInfo* si, int nid, int type) {
  return CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(nid), -3, type);
}

// The signed bytes: the eContent, else the detached content given; nullopt when neither.
std::optional<Bytes> content_of(CMS_ContentInfo* cms, std::optional<ByteView> given) {
  ASN1_OCTET_STRING** inside = CMS_get0_content(cms);
  if (inside && *inside) return Bytes((*inside)->data, (*inside)->data + (*inside)->length);
  if (given) return Bytes(given->begin(), given->end());
  return std::nullopt;
}

// RFC 5035: the ESSCertIDv2 of the first entry names the signer's certificate.
bool names_signer(const ASN1_STRING* attribute, X509* signer) {
  const unsigned char* p = ASN1_STRING_get0_data(attribute);
  EssV2Ptr v2(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(attribute)));
  if (!v2) return false;
  hostcrypto::X509StackPtr chain(hostcrypto::check(sk_X509_new_null(), "sk_X509_new_null"));
  X509_up_ref(signer);
  sk_X509_push(chain.get(), signer);
  const bool named = OSSL_ESS_check_signing_certs(nullptr, v2.get(), chain.get(), 1) > 0;
  ERR_clear_error();
  return named;
}

bool starts_with(verify::Status status, std::string_view prefix) {
  return verify::to_string(status).rfind(prefix, 0) == 0;
}

// pki/verify at the time of signing, revocation from the first source that gives a usable
// answer: the embedded evidence (OCSP, then CRLs), OCSP, the CRLs. A source's problems other
// than a revocation or hold ("ocsp-..." or "crl-...") send the check to the next source, and
// stay as warnings; the last source's findings are final.
void check_signer(Result& result, const Options& options) {
  verify::Options v;
  v.purpose = verify::Purpose::kSignature;
  v.at = result.validated_at;
  v.now = options.now;
  if (!options.check_revocation) {
    result.signer = verify::validate(result.signer_certificate, options.signature_anchors, v);
    return;
  }
  struct Source {
    const char* name;
    verify::Revocation revocation;
    bool archived;
    const char* problems;  // the finding names that mean "no usable answer"
  };
  std::vector<Source> sources;
  if (!options.evidence_ocsp.empty())
    sources.push_back({"dss-ocsp", verify::Revocation::kOcsp, true, "ocsp-"});
  if (!options.evidence_crls.empty())
    sources.push_back({"dss-crl", verify::Revocation::kCrl, true, "crl-"});
  if (options.ocsp) sources.push_back({"ocsp", verify::Revocation::kOcsp, false, "ocsp-"});
  sources.push_back({"crl", verify::Revocation::kCrl, false, "crl-"});

  std::vector<verify::Finding> warnings;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const Source& source = sources[i];
    v.revocation = source.revocation;
    v.archived = source.archived;
    v.ocsp = source.archived ? nullptr : options.ocsp;
    v.ocsp_responses = source.archived ? options.evidence_ocsp : std::vector<Bytes>{};
    v.crls = source.archived ? options.evidence_crls : options.crls;
    v.crl_requirement = source.archived ? nullptr : options.crl_requirement;
    result.signer = verify::validate(result.signer_certificate, options.signature_anchors, v);
    result.revocation_source = source.name;
    const auto& f = result.signer.findings;
    const bool usable = std::none_of(f.begin(), f.end(), [&](const verify::Finding& x) {
      return starts_with(x.status, source.problems);
    });
    if (usable || i + 1 == sources.size()) break;
    for (verify::Finding x : f)
      if (starts_with(x.status, source.problems)) {
        x.fatal = false;
        x.detail = std::string(source.name) + ": " + x.detail;
        warnings.push_back(std::move(x));
      }
  }
  result.signer.findings.insert(result.signer.findings.end(), warnings.begin(), warnings.end());
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kMalformed:
      return "malformed";
    case Status::kContentMissing:
      return "content-missing";
    case Status::kMissingAttribute:
      return "missing-attribute";
    case Status::kContentTypeMismatch:
      return "content-type-mismatch";
    case Status::kDigestMismatch:
      return "digest-mismatch";
    case Status::kSignerCertificateMissing:
      return "signer-certificate-missing";
    case Status::kSigningCertificateMismatch:
      return "signing-certificate-mismatch";
    case Status::kBadSignature:
      return "bad-signature";
    case Status::kTimestampMalformed:
      return "timestamp-malformed";
    case Status::kTimestampImprintMismatch:
      return "timestamp-imprint-mismatch";
    case Status::kTimestampBadSignature:
      return "timestamp-bad-signature";
    case Status::kTimestampCertificateMissing:
      return "timestamp-certificate-missing";
  }
  return "unknown";
}

bool Result::ok() const {
  return findings.empty() && signer.ok() && (!tsa || tsa->ok());
}

bool Result::has(Status status) const {
  return std::any_of(findings.begin(), findings.end(),
                     [status](const Finding& f) { return f.status == status; });
}

std::vector<std::string> Result::codes() const {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.emplace_back(to_string(f.status));
  for (const verify::Finding& f : signer.findings)
    if (f.fatal) out.push_back("signer-" + std::string(verify::to_string(f.status)));
  if (tsa)
    for (const verify::Finding& f : tsa->findings)
      if (f.fatal) out.push_back("timestamp-" + std::string(verify::to_string(f.status)));
  return out;
}

Result verify(ByteView cms_der, std::optional<ByteView> content, const Options& options) {
  Result result;
  result.validated_at = options.now;
  const unsigned char* p = cms_der.data();
  ContentInfoPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size())));
  ERR_clear_error();
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    add(result, Status::kMalformed, "not a DER CMS SignedData");
    return result;
  }
  STACK_OF(CMS_SignerInfo)* signer_infos = CMS_get0_SignerInfos(cms.get());
  if (!signer_infos || sk_CMS_SignerInfo_num(signer_infos) != 1) {
    add(result, Status::kMalformed, "a SignedData with exactly one signer is expected");
    return result;
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signer_infos, 0);

  // The signer's certificate, from the SignedData's own certificates.
  CMS_set1_signers_certs(cms.get(), nullptr, 0);
  ERR_clear_error();
  X509* signer = nullptr;
  X509_ALGOR *digest_algorithm = nullptr, *signature_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, &signer, &digest_algorithm, &signature_algorithm);
  if (!signer) {
    add(result, Status::kSignerCertificateMissing,
        "no certificate in the SignedData matches the signer's identifier");
    return result;
  }
  result.signer_certificate = hostcrypto::der_of(signer);

  const std::optional<Bytes> signed_bytes = content_of(cms.get(), content);
  if (!signed_bytes) {
    add(result, Status::kContentMissing, "the signature is detached and no content was given");
    return result;
  }
  if (CMS_signed_get_attr_count(si) <= 0) {
    add(result, Status::kMissingAttribute, "the SignerInfo has no signed attributes");
    return result;
  }
  const auto* content_type =
      static_cast<const ASN1_OBJECT*>(signed_value(si, NID_pkcs9_contentType, V_ASN1_OBJECT));
  if (!content_type)
    add(result, Status::kMissingAttribute, "no contentType attribute");
  else if (OBJ_cmp(content_type, CMS_get0_eContentType(cms.get())) != 0)
    add(result, Status::kContentTypeMismatch, "the contentType attribute is not the eContentType");

  const auto* digest = static_cast<const ASN1_OCTET_STRING*>(
      signed_value(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING));
  const EVP_MD* md = EVP_get_digestbyobj(digest_algorithm->algorithm);
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int hash_length = 0;
  if (!digest) {
    add(result, Status::kMissingAttribute, "no messageDigest attribute");
  } else if (!md || EVP_Digest(signed_bytes->data(), signed_bytes->size(), hash, &hash_length, md,
                               nullptr) != 1) {
    ERR_clear_error();
    add(result, Status::kMalformed, "the digest algorithm is unknown");
  } else if (Bytes(digest->data, digest->data + digest->length) !=
             Bytes(hash, hash + hash_length)) {
    add(result, Status::kDigestMismatch, "messageDigest is not the hash of the content");
  }

  const auto* certificate_v2 = static_cast<const ASN1_STRING*>(
      signed_value(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE));
  if (!certificate_v2)
    add(result, Status::kMissingAttribute, "no signingCertificateV2 attribute (CAdES-BES)");
  else if (!names_signer(certificate_v2, signer))
    add(result, Status::kSigningCertificateMismatch,
        "signingCertificateV2 names another certificate than the signer's");

  if (CMS_SignerInfo_verify(si) != 1) {
    ERR_clear_error();
    add(result, Status::kBadSignature, "the signature over the signed attributes does not verify");
  }
  if (const int at = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1); at >= 0) {
    const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, at), 0);
    std::tm tm{};
    if (value && (value->type == V_ASN1_UTCTIME || value->type == V_ASN1_GENERALIZEDTIME) &&
        ASN1_TIME_to_tm(value->value.utctime, &tm) == 1)
      result.claimed_signing_time = unix_time_of(value->value.utctime);
  }

  if (const int at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
      at >= 0) {
    const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0);
    const ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
    if (!value || value->type != V_ASN1_SEQUENCE)
      add(result, Status::kTimestampMalformed, "the timestamp attribute holds no SEQUENCE");
    else
      detail::check_timestamp(
          ByteView(value->value.sequence->data,
                   static_cast<std::size_t>(value->value.sequence->length)),
          ByteView(signature->data, static_cast<std::size_t>(signature->length)), options, result);
  }
  if (result.timestamp_time) result.validated_at = *result.timestamp_time;
  check_signer(result, options);
  return result;
}

Result verify_timestamp(ByteView token, ByteView stamped, const Options& options) {
  Result result;
  result.validated_at = options.now;
  detail::check_timestamp(token, stamped, options, result);
  if (result.timestamp_time) result.validated_at = *result.timestamp_time;
  return result;
}

}  // namespace mynasim::pki::cms
