// The files of the 券面事項確認AP (surface application) parsed from their bytes
// (shared/reference/jpki-card.md §2.3). Every parser throws RecordError naming the file, the
// field and what is wrong.
#pragma once

#include <array>
#include <string>

#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/card_info_fields.hpp"

namespace mynasim::client {

// EF 0001: FF10 { DF11 生年月日, DF12 the card's public key, DF13 the issuer's signature }.
struct AgeRecord {
  CardDate birth_date;
  hostcrypto::RsaPublicKey public_key;
  Bytes signature;
  Bytes signed_data;  // DF11 and DF12 as written
};
AgeRecord parse_age_record(ByteView file);

// EF 0002, the card face: FF20 { DF21 offsets, DF22 生年月日, DF23 性別, DF24 public key,
// DF25 氏名 image (PNG), DF26 住所 image (PNG), DF27 顔写真 (JPEG 2000), DF28 signature,
// DF29 有効期限, DF2A security-code image (PNG) }.
struct CardFace {
  CardDate birth_date;
  Sex sex = Sex::kUnknown;
  hostcrypto::RsaPublicKey public_key;
  Bytes name_image;
  Bytes address_image;
  Bytes photo;
  Bytes signature;
  CardDate expiry;
  Bytes security_code_image;
  // What DF28 signs, one SHA-256 each: DF22-DF24, DF25-DF26, DF27 as written. DF29 and DF2A
  // come after the signature and are not covered.
  std::array<Bytes, 3> signed_groups;
};
CardFace parse_card_face(ByteView file);

// EF 0005: FF40 { DF41 the My Number as printed (PNG), DF42 public key, DF43 signature }.
struct RenderedMyNumber {
  Bytes image;
  hostcrypto::RsaPublicKey public_key;
  Bytes signature;
  Bytes signed_data;  // DF41 and DF42 as written
};
RenderedMyNumber parse_rendered_my_number(ByteView file);

// EF 0003: FF30 { DF31 4 bytes, DF32 key identifier, DF33 version, DF34 municipality code
// (5 digits), DF35 16-byte key identifier + 256 bytes }. On a real card DF35 is opaque; the
// simulated issuer puts its signer's key id and a signature over DF31-DF34 there (pki/README.md).
struct SurfaceBasicData {
  Bytes identification;
  Bytes key_id;
  int version = 0;
  std::string municipality_code;
  Bytes opaque;       // DF35 value
  Bytes signed_data;  // DF31-DF34 as written
};
SurfaceBasicData parse_surface_basic_data(ByteView file);

}  // namespace mynasim::client
