#include "pki/card_info/cv_certificate.hpp"

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/ber_tlv.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::card_info {

Bytes make_cv_certificate(const hostcrypto::KeyId& issuer, const hostcrypto::KeyId& subject,
                          const hostcrypto::RsaPublicKey& subject_key, EVP_PKEY* issuer_key) {
  Bytes body(issuer.begin(), issuer.end());
  append(body, subject);
  append(body, hostcrypto::encode_card_public_key(subject_key));
  if (body.size() != hostcrypto::kCvBodySize)
    throw PkiError("CV certificate: the certified key must be RSA-2048 with exponent 65537");
  Bytes inner;
  iso7816::write_ber_tlv(inner, 0x5F4E, body);
  iso7816::write_ber_tlv(inner, 0x5F37, hostcrypto::sign_sha256(issuer_key, body));
  Bytes out;
  iso7816::write_ber_tlv(out, 0x7F21, inner);
  return out;
}

}  // namespace mynasim::pki::card_info
