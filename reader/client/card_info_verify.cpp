#include "reader/client/card_info_verify.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

#include "pki/openssl_util.hpp"

namespace mynasim::client {
namespace {

using pki::BioPtr;
using pki::OpenSslDeleter;
using pki::X509Ptr;
using PkeyPtr = pki::EvpPkeyPtr;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM_free>>;

BnPtr bignum(ByteView bytes) {
  return BnPtr(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

PkeyPtr public_key_of(const CardRsaKey& key) {
  auto n = bignum(key.modulus), e = bignum(key.exponent);
  ParamBldPtr build(OSSL_PARAM_BLD_new());
  if (!n || !e || !build || !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
    return nullptr;
  ParamPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
    return nullptr;
  return PkeyPtr(raw);
}

CardRsaKey card_key_of(EVP_PKEY* key, const std::string& what) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) throw RecordError(what + ": not an RSA key");
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
      !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e)) {
    BN_free(n);
    throw RecordError(what + ": the RSA key has no modulus or exponent");
  }
  BnPtr n_owned(n), e_owned(e);
  CardRsaKey out;
  out.modulus.resize(BN_num_bytes(n));
  out.exponent.resize(BN_num_bytes(e));
  BN_bn2bin(n, out.modulus.data());
  BN_bn2bin(e, out.exponent.data());
  return out;
}

CheckResult signature_check(std::string name, const CardRsaKey& key, ByteView signature,
                            ByteView payload, std::string covered) {
  std::string why;
  if (verify_pkcs1_payload(key, signature, payload, why))
    return {std::move(name), CheckStatus::kOk, std::move(covered)};
  return {std::move(name), CheckStatus::kFailed, std::move(why)};
}

}  // namespace

pki::EvpPkeyPtr rsa_public_key(const CardRsaKey& key) {
  return public_key_of(key);
}

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

Bytes sha256(ByteView data) {
  Bytes out(32);
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_sha256(), nullptr);
  return out;
}

Bytes sha256_digest_info(ByteView digests) {
  // SEQUENCE { SEQUENCE { OID sha256, NULL }, OCTET STRING digests } (RFC 8017 §9.2)
  static const std::uint8_t kAlgorithm[] = {0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00};
  Bytes octets;
  octets.push_back(0x04);
  if (digests.size() >= 0x80) octets.push_back(0x81);
  octets.push_back(static_cast<std::uint8_t>(digests.size()));
  append(octets, digests);
  const std::size_t inner = sizeof kAlgorithm + octets.size();
  Bytes out;
  out.push_back(0x30);
  if (inner >= 0x80) out.push_back(0x81);
  out.push_back(static_cast<std::uint8_t>(inner));
  append(out, ByteView(kAlgorithm, sizeof kAlgorithm));
  append(out, octets);
  return out;
}

bool verify_pkcs1_payload(const CardRsaKey& key, ByteView signature, ByteView payload,
                          std::string& why) {
  PkeyPtr pkey = public_key_of(key);
  if (!pkey) {
    ERR_clear_error();
    why = "the public key is not a usable RSA key";
    return false;
  }
  if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey.get()))) {
    why = "the signature is " + std::to_string(signature.size()) + " bytes for a " +
          std::to_string(key.bits()) + "-bit key";
    return false;
  }
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new(pkey.get(), nullptr));
  Bytes recovered(EVP_PKEY_get_size(pkey.get()));
  std::size_t size = recovered.size();
  if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_verify_recover(ctx.get(), recovered.data(), &size, signature.data(),
                              signature.size()) <= 0) {
    ERR_clear_error();
    why = "the signature does not open under the key (not PKCS#1 v1.5 by this key)";
    return false;
  }
  recovered.resize(size);
  if (recovered != Bytes(payload.begin(), payload.end())) {
    why = "the signature opens but signs other data than this record";
    return false;
  }
  return true;
}

CvTrustAnchor parse_cv_trust_anchor(ByteView bytes) {
  CvTrustAnchor anchor;
  if (bytes.size() >= 2 && bytes[0] == 0x7F && bytes[1] == 0x21) {
    const CvCertificate root = parse_cv_certificate(bytes, "the CV root certificate");
    anchor.key = root.public_key;
    anchor.key_id = root.subject_key_id;
    return anchor;
  }
  const std::string what = "the CV trust anchor";
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    bio.reset(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
      const unsigned char* p = bytes.data();
      cert.reset(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
    }
    if (cert) {
      key.reset(X509_get_pubkey(cert.get()));
    } else {
      const unsigned char* p = bytes.data();
      key.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(bytes.size())));
    }
  }
  ERR_clear_error();
  if (!key)
    throw RecordError(what +
                      ": neither a CV certificate (7F21) nor a public key or certificate in PEM "
                      "or DER");
  anchor.key = card_key_of(key.get(), what);
  return anchor;
}

CheckResult check_cv_certificate(const CvCertificate& certificate, const CvTrustAnchor* anchor) {
  const std::string name = "cv-certificate";
  if (!anchor)
    return {name, CheckStatus::kNotChecked, "no trust anchor given (the CV root, --ca-cv)"};
  if (!anchor->key_id.empty() && anchor->key_id != certificate.issuer_key_id)
    return {name, CheckStatus::kFailed,
            "issued by key " + key_id_text(certificate.issuer_key_id) + ", not by the root " +
                key_id_text(anchor->key_id)};
  return signature_check(name, anchor->key, certificate.signature,
                         sha256_digest_info(sha256(certificate.body)),
                         "issuer " + key_id_text(certificate.issuer_key_id) + ", subject " +
                             key_id_text(certificate.subject_key_id));
}

CheckResult check_text_integrity(const TextIntegrity& integrity, ByteView my_number_file,
                                 ByteView attributes_file, const CvCertificate& certificate) {
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

CheckResult check_signed_ap_key(const SignedApKey& record, const CvCertificate& certificate) {
  return signature_check("signed-ap-key", certificate.public_key, record.signature,
                         sha256_digest_info(sha256(record.signed_data)), "signature over DF51");
}

CheckResult check_card_face(const CardFace& face, const CvCertificate& certificate) {
  Bytes digests;
  for (const auto& group : face.signed_groups) append(digests, sha256(group));
  return signature_check("card-face", certificate.public_key, face.signature,
                         sha256_digest_info(digests),
                         "signature over SHA-256 of DF22-DF24, DF25-DF26, DF27 (DF29, DF2A are "
                         "not signed)");
}

CheckResult check_age_record(const AgeRecord& record, const CvCertificate& certificate) {
  return signature_check("age-record", certificate.public_key, record.signature,
                         sha256_digest_info(sha256(record.signed_data)),
                         "signature over DF11-DF12");
}

CheckResult check_rendered_my_number(const RenderedMyNumber& record,
                                     const CvCertificate& certificate) {
  return signature_check("rendered-my-number", certificate.public_key, record.signature,
                         sha256_digest_info(sha256(record.signed_data)),
                         "signature over DF41-DF42");
}

CheckResult check_card_signature(const CardRsaKey& ap_key, ByteView challenge, ByteView signature) {
  return signature_check("card-signature", ap_key, signature, sha256_digest_info(sha256(challenge)),
                         "the AP's key signed a fresh challenge (80 2A 00 00)");
}

CheckResult check_surface_basic_data(const SurfaceBasicData& data,
                                     const CvCertificate& certificate) {
  const ByteView df35(data.opaque);
  if (!std::equal(certificate.subject_key_id.begin(), certificate.subject_key_id.end(),
                  df35.begin()))
    return {"basic-data", CheckStatus::kFailed,
            "DF35 does not start with the key id of the CV certificate's subject"};
  return signature_check("basic-data", certificate.public_key, df35.subspan(kKeyIdSize),
                         sha256_digest_info(sha256(data.signed_data)),
                         "signature in DF35 over DF31-DF34");
}

}  // namespace mynasim::client
