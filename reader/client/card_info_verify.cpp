#include "reader/client/card_info_verify.hpp"

#include <algorithm>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"

namespace mynasim::client {
namespace {

using hostcrypto::sha256;
using hostcrypto::sha256_digest_info;

CheckResult signature_check(std::string name, const hostcrypto::RsaPublicKey& key,
                            ByteView signature, ByteView payload, std::string covered) {
  std::string why;
  if (verify_pkcs1_payload(key, signature, payload, why))
    return {std::move(name), CheckStatus::kOk, std::move(covered)};
  return {std::move(name), CheckStatus::kFailed, std::move(why)};
}

}  // namespace

const char* name_of(CheckStatus status) {
  switch (status) {
    case CheckStatus::kOk:
      return "ok";
    case CheckStatus::kFailed:
      return "failed";
    case CheckStatus::kNotChecked:
      return "not checked";
  }
  return "?";
}

bool verify_pkcs1_payload(const hostcrypto::RsaPublicKey& key, ByteView signature, ByteView payload,
                          std::string& why) {
  hostcrypto::EvpPkeyPtr pkey;
  try {
    pkey = hostcrypto::evp_public_key(key);
  } catch (const hostcrypto::CryptoError&) {
    why = "the public key is not a usable RSA key";
    return false;
  }
  if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey.get()))) {
    why = "the signature is " + std::to_string(signature.size()) + " bytes for a " +
          std::to_string(key.bits()) + "-bit key";
    return false;
  }
  const auto recovered = hostcrypto::open_pkcs1_signature(pkey.get(), signature);
  if (!recovered) {
    why = "the signature does not open under the key (not PKCS#1 v1.5 by this key)";
    return false;
  }
  if (*recovered != Bytes(payload.begin(), payload.end())) {
    why = "the signature opens but signs other data than this record";
    return false;
  }
  return true;
}

CvTrustAnchor parse_cv_trust_anchor(ByteView bytes) {
  CvTrustAnchor anchor;
  if (bytes.size() >= 2 && bytes[0] == 0x7F && bytes[1] == 0x21) {
    const hostcrypto::CvCertificate root =
        hostcrypto::parse_cv_certificate(bytes, "the CV root certificate");
    anchor.key = root.public_key;
    anchor.key_id.assign(root.subject_key_id.begin(), root.subject_key_id.end());
    return anchor;
  }
  const std::string what = "the CV trust anchor";
  const hostcrypto::EvpPkeyPtr key = hostcrypto::public_key_from_any(bytes);
  if (!key)
    throw RecordError(what +
                      ": neither a CV certificate (7F21) nor a public key or certificate in PEM "
                      "or DER");
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) throw RecordError(what + ": not an RSA key");
  try {
    anchor.key = hostcrypto::rsa_public_key_of(key.get());
  } catch (const hostcrypto::CryptoError&) {
    throw RecordError(what + ": the RSA key has no modulus or exponent");
  }
  return anchor;
}

CheckResult check_cv_certificate(const hostcrypto::CvCertificate& certificate,
                                 const CvTrustAnchor* anchor) {
  const std::string name = "cv-certificate";
  if (!anchor)
    return {name, CheckStatus::kNotChecked, "no trust anchor given (the CV root, --ca-cv)"};
  if (!anchor->key_id.empty() && !std::ranges::equal(anchor->key_id, certificate.issuer_key_id))
    return {name, CheckStatus::kFailed,
            "issued by key " + hostcrypto::key_id_text(certificate.issuer_key_id) +
                ", not by the root " + hostcrypto::key_id_text(anchor->key_id)};
  return signature_check(name, anchor->key, certificate.signature,
                         sha256_digest_info(sha256(certificate.body)),
                         "issuer " + hostcrypto::key_id_text(certificate.issuer_key_id) +
                             ", subject " + hostcrypto::key_id_text(certificate.subject_key_id));
}

CheckResult check_text_integrity(const TextIntegrity& integrity, ByteView my_number_file,
                                 ByteView attributes_file,
                                 const hostcrypto::CvCertificate& certificate) {
  const std::string name = "integrity";
  CheckResult result = signature_check(name, certificate.public_key, integrity.signature,
                                       sha256_digest_info(sha256(integrity.signed_data)),
                                       "signature over DF31-DF32");
  if (result.status != CheckStatus::kOk) return result;
  if (!my_number_file.empty()) {
    if (sha256(my_number_file) != integrity.my_number_digest)
      return {name, CheckStatus::kFailed, "DF31 is not the SHA-256 of the My Number file"};
    result.detail += "; DF31 matches the My Number file";
  } else {
    result.detail += "; DF31 not compared (My Number not read)";
  }
  if (!attributes_file.empty()) {
    if (sha256(text_attributes_digest_source(attributes_file)) != integrity.attributes_digest)
      return {name, CheckStatus::kFailed, "DF32 is not the SHA-256 of the attributes"};
    result.detail += "; DF32 matches the attributes";
  } else {
    result.detail += "; DF32 not compared (attributes not read)";
  }
  return result;
}

CheckResult check_signed_ap_key(const SignedApKey& record,
                                const hostcrypto::CvCertificate& certificate) {
  return signature_check("signed-ap-key", certificate.public_key, record.signature,
                         sha256_digest_info(sha256(record.signed_data)), "signature over DF51");
}

CheckResult check_card_face(const CardFace& face, const hostcrypto::CvCertificate& certificate) {
  Bytes digests;
  for (const auto& group : face.signed_groups) append(digests, sha256(group));
  return signature_check("card-face", certificate.public_key, face.signature,
                         sha256_digest_info(digests),
                         "signature over SHA-256 of DF22-DF24, DF25-DF26, DF27 (DF29, DF2A are "
                         "not signed)");
}

CheckResult check_age_record(const AgeRecord& record,
                             const hostcrypto::CvCertificate& certificate) {
  return signature_check("age-record", certificate.public_key, record.signature,
                         sha256_digest_info(sha256(record.signed_data)),
                         "signature over DF11-DF12");
}

CheckResult check_rendered_my_number(const RenderedMyNumber& record,
                                     const hostcrypto::CvCertificate& certificate) {
  return signature_check("rendered-my-number", certificate.public_key, record.signature,
                         sha256_digest_info(sha256(record.signed_data)),
                         "signature over DF41-DF42");
}

CheckResult check_card_signature(const hostcrypto::RsaPublicKey& ap_key, ByteView challenge,
                                 ByteView signature) {
  return signature_check("card-signature", ap_key, signature, sha256_digest_info(sha256(challenge)),
                         "the AP's key signed a fresh challenge (80 2A 00 00)");
}

CheckResult check_surface_basic_data(const SurfaceBasicData& data,
                                     const hostcrypto::CvCertificate& certificate) {
  const ByteView df35(data.opaque);
  if (!std::equal(certificate.subject_key_id.begin(), certificate.subject_key_id.end(),
                  df35.begin()))
    return {"basic-data", CheckStatus::kFailed,
            "DF35 does not start with the key id of the CV certificate's subject"};
  return signature_check("basic-data", certificate.public_key, df35.subspan(hostcrypto::kKeyIdSize),
                         sha256_digest_info(sha256(data.signed_data)),
                         "signature in DF35 over DF31-DF34");
}

}  // namespace mynasim::client
