// Personalization: turning an empty card image into a holder's card, the way a card is issued.
//   1. begin(): the card generates its two RSA-2048 key pairs inside itself, stores them with the
//      PINs, the token info and the holder record, and hands out only the PUBLIC keys.
//   2. The issuer (pki/, or a test) certifies those public keys.
//   3. install_certificates(): the certificates are written back, in one atomic step.
// Each step writes the image atomically: a power cut leaves the old or the new state.
#pragma once

#include <string>
#include <vector>

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

// Wiped when destroyed. The card-info fields are required when the profile has the card-info
// applications (the physical card) and ignored otherwise (the smartphone token).
struct Credentials {
  std::string auth_pin;       // 4 digits (JPKI 0018)
  std::string sign_password;  // 6-16 of A-Z 0-9 (JPKI 001B)
  std::string text_pin;       // 4 digits: 券面事項入力補助用暗証番号 (text 0011)
  std::string
      resident_pin;  // 4 digits: 住民基本台帳用暗証番号, set in both 共通 001C and 住基 001C
  std::string collation_a;  // 照合番号A = the 12-digit My Number (text 0014, surface 0013)
  std::string collation_b;  // 照合番号B, 14 digits: 和暦 YYMMDD + expiry YYYY + security code
  std::string birth_date_key;  // 和暦 YYMMDD, 6 digits (surface 0011)
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
  // The card-info applications' own keys (empty modulus when the profile has no such AP). The
  // text and surface keys sign with 80 2A 00 00 and no credential; their public halves go into
  // the records the issuer signs (text 0007 DF51, surface DF12/DF24/DF42). The 共通 key answers
  // INTERNAL AUTHENTICATE; its public half is not on the card, the issuer records it.
  crypto::RsaPublicKey text_ap;
  crypto::RsaPublicKey surface_ap;
  crypto::RsaPublicKey common_ap;
  // The text application's secure-messaging key (DfSpec::session_key): the issuer writes its
  // public half into text EF 0006, and a terminal delivers a session key under it.
  crypto::RsaPublicKey text_session;
};

// The content of one readable EF as the issuer made it (card-info records, images, the issuer's
// signatures, CV certificates). df_id is the DfSpec id (0 = MF level). For a record EF the
// content is the stored form: each record as one length byte + the record. With df_id 0, fid
// may also be the tag of one of the profile's GET DATA objects (CardProfile::data_objects):
// the content is then what GET DATA answers (the value, without the tag and length).
struct EfContent {
  std::uint8_t df_id = 0;
  std::uint16_t fid = 0;
  Bytes content;
};

struct PersonalizeResult {
  bool ok = false;
  std::string error;  // names the field or the image, never a PIN value
};

// Step 1. Overwrites env.storage with a fresh card. On success *keys holds the public keys.
// With the card-info applications in the profile every Credentials field is required (the error
// names the field, never its value), and the card also generates the text, surface and 共通 keys.
PersonalizeResult begin_personalization(Env& env, const CardProfile& profile,
                                        const HolderRecord& holder, const Credentials& credentials,
                                        CardPublicKeys* keys);

// The public keys of a card that has begun personalization (for an issuer in another process).
PersonalizeResult read_public_keys(Env& env, const CardProfile& profile, CardPublicKeys* keys);

// Step 3. Each certificate must carry the modulus of the card's key it is for, and each EfContent
// must name a transparent or record EF of the profile; otherwise nothing is written (the error
// names the file). Certificates and card-info files are written in one atomic step.
PersonalizeResult install_certificates(Env& env, const CardProfile& profile,
                                       const JpkiCertificates& certificates,
                                       const std::vector<EfContent>& card_info = {});

}  // namespace mynasim::card
