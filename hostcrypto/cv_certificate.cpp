#include "hostcrypto/cv_certificate.hpp"

#include "hostcrypto/errors.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "iso7816/ber_tlv.hpp"

namespace mynasim::hostcrypto {

CvCertificate parse_cv_certificate(ByteView bytes, const std::string& what) {
  const auto outer = iso7816::read_ber_tlv(bytes);
  if (!outer.ok()) throw FormatError(what + ": " + iso7816::describe(outer.error));
  if (outer.tlv.tag != 0x7F21)
    throw FormatError(what + ": starts with tag " + tag_name(outer.tlv.tag) + ", not 7F21");
  iso7816::BerReader reader(outer.tlv.value);
  iso7816::BerTlv tlv;
  CvCertificate cert;
  bool has_body = false, has_signature = false;
  while (reader.next(tlv)) {
    if (tlv.tag == 0x5F4E && !has_body) {
      cert.body.assign(tlv.value.begin(), tlv.value.end());
      has_body = true;
    } else if (tlv.tag == 0x5F37 && !has_signature) {
      cert.signature.assign(tlv.value.begin(), tlv.value.end());
      has_signature = true;
    } else {
      throw FormatError(what + ": unexpected object " + tag_name(tlv.tag) + " in 7F21");
    }
  }
  if (reader.error() != iso7816::BerError::kNone)
    throw FormatError(what + ": " + iso7816::describe(reader.error()));
  if (!has_body) throw FormatError(what + ": no body (5F4E)");
  if (!has_signature) throw FormatError(what + ": no signature (5F37)");
  if (cert.body.size() != kCvBodySize)
    throw FormatError(what + ": the body (5F4E) is " + std::to_string(cert.body.size()) +
                      " bytes, not 297 (two key identifiers and an RSA-2048 key)");
  const ByteView body(cert.body);
  cert.issuer_key_id = parse_key_id(body.subspan(0, kKeyIdSize), what + ", issuer key identifier");
  cert.subject_key_id =
      parse_key_id(body.subspan(kKeyIdSize, kKeyIdSize), what + ", subject key identifier");
  cert.public_key = parse_card_public_key(body.subspan(2 * kKeyIdSize), what + ", public key");
  return cert;
}

bool verify_cv_certificate(const CvCertificate& certificate, EVP_PKEY* issuer_public_key) {
  return verify_sha256(issuer_public_key, certificate.body, certificate.signature);
}

}  // namespace mynasim::hostcrypto
