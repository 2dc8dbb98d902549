// The files of the 券面事項入力補助AP (text application) parsed from their bytes
// (shared/reference/jpki-card.md §2.2). Every parser throws RecordError naming the file, the
// field and what is wrong.
#pragma once

#include <string>

#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/card_info_fields.hpp"

namespace mynasim::client {

// EF 0001: `FF 10 0C` + 12 ASCII digits, then FF filler (17 bytes on the card).
inline constexpr std::size_t kMyNumberFileSize = 17;
std::string parse_my_number_file(ByteView file);

// EF 0002: FF20 { DF21 offsets, DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別 }.
struct TextAttributes {
  std::string name;     // UTF-8; family and given name separated by U+3000
  std::string address;  // UTF-8
  CardDate birth_date;
  Sex sex = Sex::kUnknown;
};
TextAttributes parse_text_attributes(ByteView file);
// What the integrity file's DF32 hashes: the FF20 value without the DF21 object.
Bytes text_attributes_digest_source(ByteView file);

// EF 0003: FF30 { DF31 SHA-256 of EF 0001 (17 bytes as stored), DF32 SHA-256 of the attributes
// (see above), DF33 the signature }.
struct TextIntegrity {
  Bytes my_number_digest;
  Bytes attributes_digest;
  Bytes signature;
  Bytes signed_data;  // DF31 and DF32 as written: what DF33 signs
};
TextIntegrity parse_text_integrity(ByteView file);

// EF 0005: FF40 { DF41 4 bytes (version, extended length, vendor ...), DF42 key identifier,
// DF43 128 bytes }.
struct TextBasicData {
  Bytes identification;
  Bytes key_id;
  Bytes trailing;
};
TextBasicData parse_text_basic_data(ByteView file);

// EF 0006: A1 { 90 e, 91 n }, the key a terminal delivers a secure-messaging session key under.
hostcrypto::RsaPublicKey parse_session_key_file(ByteView file);

// EF 0007: FF50 { DF51 the public half of the AP's signing key 0013, DF52 the issuer's
// signature over DF51 }.
struct SignedApKey {
  hostcrypto::RsaPublicKey public_key;
  Bytes signature;
  Bytes signed_data;  // DF51 as written
};
SignedApKey parse_signed_ap_key(ByteView file);

}  // namespace mynasim::client
