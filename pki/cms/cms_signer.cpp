#include "pki/cms/cms_signer.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <memory>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/cms/cms_handles.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::cms {
namespace {

// DER length octets (X.690 8.1.3).
void append_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  Bytes digits;
  for (; length > 0; length >>= 8) digits.insert(digits.begin(), static_cast<std::uint8_t>(length));
  out.push_back(static_cast<std::uint8_t>(0x80 | digits.size()));
  out.insert(out.end(), digits.begin(), digits.end());
}

hostcrypto::X509Ptr certificate(ByteView der, const char* what) {
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(der);
  if (!cert) throw PkiError(std::string(what) + " is not a DER X.509 certificate");
  return cert;
}

void add_signed(CMS_SignerInfo* si, int nid, int type, const void* data, int length) {
  hostcrypto::check(CMS_signed_add1_attr_by_NID(si, nid, type, data, length),
                    "CMS_signed_add1_attr_by_NID");
}

}  // namespace

Bytes signed_attributes_der(CMS_SignerInfo* signer_info) {
  // DER orders a SET OF by its elements' encodings (X.690 11.6), as OpenSSL does on output.
  std::vector<Bytes> attributes;
  for (int i = 0; i < CMS_signed_get_attr_count(signer_info); ++i) {
    attributes.push_back(
        der_of(CMS_signed_get_attr(signer_info, i), i2d_X509_ATTRIBUTE, "i2d_X509_ATTRIBUTE"));
  }
  std::sort(attributes.begin(), attributes.end());
  std::size_t total = 0;
  for (const Bytes& a : attributes) total += a.size();
  Bytes out{0x31};
  append_length(out, total);
  for (const Bytes& a : attributes) out.insert(out.end(), a.begin(), a.end());
  return out;
}

Bytes sign(const SignRequest& request) {
  if (request.content_sha256 && !request.detached)
    throw PkiError("a content given by its hash can only be signed detached");
  if (!request.signed_attributes && !request.detached)
    throw PkiError("a signature without signed attributes is made detached only");
  hostcrypto::X509Ptr signer = certificate(request.signer_certificate, "the signer's certificate");
  // OpenSSL wants the signer's key; the public half passes its check that key and certificate
  // belong together, and with CMS_PARTIAL nothing is signed with it.
  EVP_PKEY* public_key = X509_get0_pubkey(signer.get());
  if (!public_key || EVP_PKEY_get_base_id(public_key) != EVP_PKEY_RSA)
    throw PkiError("the signer's certificate holds no RSA key");
  const unsigned flags = CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP |
                         (request.signed_attributes ? CMS_CADES : CMS_NOATTR) |
                         (request.detached ? CMS_DETACHED : 0u);
  ContentInfoPtr cms(
      hostcrypto::check(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags), "CMS_sign"));
  CMS_SignerInfo* si = hostcrypto::check(
      CMS_add1_signer(cms.get(), signer.get(), public_key, EVP_sha256(), flags), "CMS_add1_signer");
  if (request.sha256_with_rsa_oid) {
    X509_ALGOR* algorithm = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, nullptr, &algorithm);
    hostcrypto::check(
        X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256WithRSAEncryption), V_ASN1_NULL, nullptr),
        "X509_ALGOR_set0");
  }
  for (std::size_t i = 0; i < request.ca_certificates.size(); ++i) {
    hostcrypto::X509Ptr ca = certificate(request.ca_certificates[i], "a CA certificate");
    hostcrypto::check(CMS_add1_cert(cms.get(), ca.get()), "CMS_add1_cert");
  }
  if (!request.detached) {
    ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
    if (!content) throw hostcrypto::CryptoError("CMS_get0_content: no place for the content");
    if (!*content) *content = hostcrypto::check(ASN1_OCTET_STRING_new(), "ASN1_OCTET_STRING_new");
    hostcrypto::check(ASN1_OCTET_STRING_set(*content, request.content.data(),
                                            static_cast<int>(request.content.size())),
                      "ASN1_OCTET_STRING_set");
    (*content)->flags &= ~ASN1_STRING_FLAG_CONT;  // the content is here, not streamed later
  }

  const Bytes digest =
      request.content_sha256 ? *request.content_sha256 : hostcrypto::sha256(request.content);
  if (!request.signed_attributes) {
    const Bytes signature = request.sign(hostcrypto::sha256_digest_info(digest));
    hostcrypto::check(ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(),
                                      static_cast<int>(signature.size())),
                      "ASN1_STRING_set");
    return der_of(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
  }
  add_signed(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1);
  if (request.signing_time_attribute) {
    hostcrypto::Asn1TimePtr when = asn1_time(request.signing_time);  // UTCTime until 2050
    add_signed(si, NID_pkcs9_signingTime, when->type, when.get(), -1);
  }
  add_signed(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest.data(),
             static_cast<int>(digest.size()));

  const Bytes signature =
      request.sign(hostcrypto::sha256_digest_info_of(signed_attributes_der(si)));
  hostcrypto::check(ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(),
                                    static_cast<int>(signature.size())),
                    "ASN1_STRING_set");
  if (request.timestamp) {
    const Bytes token = request.timestamp(signature);
    hostcrypto::check(
        CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                      token.data(), static_cast<int>(token.size())),
        "CMS_unsigned_add1_attr_by_NID");
  }
  return der_of(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
}

}  // namespace mynasim::pki::cms
