// Making the card-verifiable certificates of EF 0004 (the format and its parser are hostcrypto's:
// hostcrypto/cv_certificate.hpp). The simulator's key ids all begin with 9.
#pragma once

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::pki::card_info {

// `subject_key` must be RSA-2048 with exponent 65537 (the body is fixed-size).
Bytes make_cv_certificate(const hostcrypto::KeyId& issuer, const hostcrypto::KeyId& subject,
                          const hostcrypto::RsaPublicKey& subject_key, EVP_PKEY* issuer_key);

}  // namespace mynasim::pki::card_info
