// Personalization: turning an empty card image into a holder's card, the way a card is issued.
//   1. begin(): the card generates its two RSA-2048 key pairs inside itself, stores them with the
//      PINs, the token info and the holder record, and hands out only the PUBLIC keys.
//   2. The issuer (pki/, or a test) certifies those public keys.
//   3. install_certificates(): the certificates are written back, in one atomic step.
// Each step writes the image atomically: a power cut leaves the old or the new state.
#pragma once

#include <string>

#include "card/crypto/rsa_key.hpp"
#include "card/env.hpp"
#include "card/runtime/profile.hpp"

namespace mynasim::card {

struct HolderRecord {
  std::string name;        // family name, U+3000, given name (UTF-8)
  std::string address;     // UTF-8
  std::string birth_date;  // YYYYMMDD (Gregorian)
  char sex = '9';          // '1' male, '2' female, '9' not applicable
  std::string my_number;   // 12 digits
};

// Wiped when destroyed.
struct Credentials {
  std::string auth_pin;       // 4 digits
  std::string sign_password;  // 6-16 of A-Z 0-9
  ~Credentials();
};

struct JpkiCertificates {
  Bytes auth;     // EF 000A, DER
  Bytes auth_ca;  // EF 000B
  Bytes sign;     // EF 0001; empty = no signature certificate (holders under 15)
  Bytes sign_ca;  // EF 0002
};

struct CardPublicKeys {
  crypto::RsaPublicKey auth;
  crypto::RsaPublicKey sign;
};

struct PersonalizeResult {
  bool ok = false;
  std::string error;  // names the field or the image, never a PIN value
};

// Step 1. Overwrites env.storage with a fresh card. On success *keys holds the public keys.
PersonalizeResult begin_personalization(Env& env, const CardProfile& profile,
                                        const HolderRecord& holder, const Credentials& credentials,
                                        CardPublicKeys* keys);

// The public keys of a card that has begun personalization (for an issuer in another process).
PersonalizeResult read_public_keys(Env& env, const CardProfile& profile, CardPublicKeys* keys);

// Step 3. Each certificate must carry the modulus of the card's key it is for; otherwise nothing
// is written.
PersonalizeResult install_certificates(Env& env, const CardProfile& profile,
                                       const JpkiCertificates& certificates);

}  // namespace mynasim::card
