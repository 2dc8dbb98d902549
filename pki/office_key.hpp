// The municipal office's key: an RSA-2048 key pair whose PUBLIC half is written into every card
// at issuance (card/personalize/office_key.hpp) and whose private half proves the office to the
// card (EXTERNAL AUTHENTICATE, card/runtime/office_key.hpp says over what). `mynaca init` makes
// it as DIR/private/office.key.pem (0600, like the CA keys of this simulator); `mynasim
// issue-test-card --certs-dir` writes the test card's next to its certificates. Its public half
// as numbers is hostcrypto::rsa_public_key_of, its signature hostcrypto::sign_digest_info.
#pragma once

#include <string>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::pki {

inline constexpr std::string_view kOfficeKeyFile = "private/office.key.pem";

// Makes a key file (0600) unless `path` exists; returns the key either way.
hostcrypto::EvpPkeyPtr ensure_office_key(const std::string& path);
// Reads one; throws PkiError naming the path.
hostcrypto::EvpPkeyPtr load_office_key(const std::string& path);

// DigestInfo of SHA-256(challenge || card serial): what the office signs for EXTERNAL
// AUTHENTICATE.
Bytes office_digest_info(ByteView challenge, ByteView card_serial);

}  // namespace mynasim::pki
