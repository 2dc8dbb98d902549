// CMS SignedData (RFC 5652) for a key that signs elsewhere (the card): CAdES-BES, and CAdES-T
// with a signature timestamp (ETSI EN 319 122-1). The profile:
//   - SignedData version 1, one SignerInfo by issuerAndSerialNumber, digest SHA-256, signature
//     rsaEncryption (PKCS#1 v1.5, what JPKI's signature key does);
//   - signed attributes: contentType id-data, signingTime (the signer's clock: a claim, not a
//     proof), messageDigest, signingCertificateV2 (ESSCertIDv2, SHA-256, with issuerSerial);
//   - certificates: the signer's, then the CA certificates given (the signature CA);
//   - with a timestamper: the unsigned attribute id-aa-signatureTimeStampToken, a TSA's token
//     over SHA-256 of the signature value;
//   - the content inside (eContent) or detached.
// The card signs DigestInfo(SHA-256(DER of the signed attributes as a SET OF)), as RFC 5652
// 5.4 says (or, with signed_attributes false, DigestInfo(SHA-256 of the content) and no
// attributes at all); OpenSSL's CMS API builds the rest, and the signature value is set into it.
#pragma once

#include <openssl/cms.h>

#include <functional>
#include <optional>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki::cms {

// Returns the RSA PKCS#1 v1.5 signature of a DigestInfo (the card's COMPUTE DIGITAL SIGNATURE).
using RawSigner = std::function<Bytes(ByteView digest_info)>;
// Returns a DER TimeStampToken over SHA-256 of the given signature value.
using Timestamper = std::function<Bytes(ByteView signature_value)>;

struct SignRequest {
  ByteView content;
  bool detached = false;
  // SHA-256 of the content, when the caller hashed it itself (a PDF's ByteRange, two pieces of a
  // file): messageDigest is this, and `content` is not read (the signature must be detached).
  std::optional<Bytes> content_sha256;
  // PAdES (ETSI EN 319 142-1, PA-6.3-T13) forbids the signingTime attribute: the PDF's /M
  // carries the claimed time. CMS and CAdES keep it.
  bool signing_time_attribute = true;
  // The SignerInfo's signatureAlgorithm as sha256WithRSAEncryption instead of rsaEncryption (the
  // same PKCS#1 v1.5 signature; the registry's format checks for this OID, jpki-local-signer C9).
  bool sha256_with_rsa_oid = false;
  // Without signed attributes (RFC 5652 5.4: the signature is then over the content's digest
  // itself, DigestInfo(SHA-256, content digest)): for a signature the card made over a digest
  // someone registered (mynaportal's scope sign), wrapped afterwards. Detached only.
  bool signed_attributes = true;
  Bytes signer_certificate;            // DER
  std::vector<Bytes> ca_certificates;  // DER
  UnixTime signing_time = 0;
  RawSigner sign;
  Timestamper timestamp;  // empty: CAdES-BES
};

// DER ContentInfo. Throws PkiError (a certificate that is no certificate, or that is not RSA),
// CryptoError, or whatever `sign` or `timestamp` throw.
Bytes sign(const SignRequest& request);

// The DER of a SignerInfo's signed attributes as the signature covers them (SET OF, DER order).
// Shared by sign() and the tests that check a signature by hand.
Bytes signed_attributes_der(CMS_SignerInfo* signer_info);

}  // namespace mynasim::pki::cms
