// The municipal office's key: an RSA-2048 key pair whose PUBLIC half is written into every card
// at issuance (card/personalize/office_key.hpp) and whose private half proves the office to the
// card (EXTERNAL AUTHENTICATE, card/runtime/office_key.hpp says over what). `mynaca init` makes
// it as DIR/private/office.key.pem (0600, like the CA keys of this simulator); `mynasim
// issue-test-card --certs-dir` writes the test card's next to its certificates.
#pragma once

#include <string>

#include "pki/openssl_util.hpp"

namespace mynasim::pki {

inline constexpr std::string_view kOfficeKeyFile = "private/office.key.pem";

// Makes a key file (0600) unless `path` exists; returns the key either way.
EvpPkeyPtr ensure_office_key(const std::string& path);
// Reads one; throws PkiError naming the path.
EvpPkeyPtr load_office_key(const std::string& path);

// The public half as big-endian modulus and exponent (what the card stores).
struct RsaPublicParts {
  Bytes modulus;
  Bytes exponent;
};
RsaPublicParts rsa_public_parts(EVP_PKEY* key);

// RSASSA-PKCS1-v1_5 over a DigestInfo as given (no hashing here: the caller built it).
Bytes sign_digest_info(EVP_PKEY* key, ByteView digest_info);

// DigestInfo of SHA-256(challenge || card serial): what the office signs for EXTERNAL
// AUTHENTICATE.
Bytes office_digest_info(ByteView challenge, ByteView card_serial);

}  // namespace mynasim::pki
