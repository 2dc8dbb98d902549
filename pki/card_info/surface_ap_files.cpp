// 券面事項確認AP (surface) EFs 0001-0006, reference §2.3.

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/card_info/card_face_profile.hpp"
#include "pki/card_info/card_info_files.hpp"
#include "pki/card_info/text_images.hpp"
#include "pki/card_info/tlv_building.hpp"

namespace mynasim::pki::card_info {
namespace {

// 0001: FF 10 { DF11 YYYYMMDD; DF12 surface AP key; DF13 signature over DF11 DF12 as written }.
Bytes age_record_file(const CardInfoRecord& r, const Bytes& ap_key, EVP_PKEY* signer) {
  const Bytes signed_part = concat({tlv(0xDF11, ascii(compact(r.birth))), tlv(0xDF12, ap_key)});
  return tlv(0xFF10,
             concat({signed_part, tlv(0xDF13, hostcrypto::sign_sha256(signer, signed_part))}));
}

// 0002: FF 20 { DF21 offsets; DF22 birth; DF23 sex; DF24 key; DF25 name PNG; DF26 address PNG;
// DF27 photo JP2; DF28 signature; DF29 expiry; DF2A security-code PNG }. DF28 is PKCS#1 v1.5
// over DigestInfo(sha256, SHA-256(DF22 DF23 DF24) | SHA-256(DF25 DF26) | SHA-256(DF27)), the
// objects as written; DF29 and DF2A are not signed (as on real cards).
Bytes card_face_file(const CardInfoRecord& r, const Bytes& ap_key, EVP_PKEY* signer) {
  const std::string sex(1, r.sex);
  const Bytes birth = tlv(0xDF22, ascii(compact(r.birth)));
  const Bytes sex_object = tlv(0xDF23, ascii(sex));
  const Bytes key = tlv(0xDF24, ap_key);
  const Bytes name = tlv(0xDF25, encode_png_1bit(render_name(r.name)));
  const Bytes address = tlv(0xDF26, encode_png_1bit(render_address(r.address)));
  const Bytes photo = tlv(0xDF27, encode_jp2(r.photo, kPhotoCompressionRatio));
  const Bytes digests =
      concat({hostcrypto::sha256(concat({birth, sex_object, key})),
              hostcrypto::sha256(concat({name, address})), hostcrypto::sha256(photo)});
  const Bytes signature =
      tlv(0xDF28, hostcrypto::sign_digest_info(signer, hostcrypto::sha256_digest_info(digests)));
  const Bytes expiry = tlv(0xDF29, ascii(compact(r.expiry)));
  const Bytes code = tlv(
      0xDF2A, encode_png_1bit(render_digits(r.security_code, kSecurityCodeImage, "security-code")));
  return with_offset_table(0xFF20, 0xDF21,
                           {birth, sex_object, key, name, address, photo, signature, expiry, code});
}

// 0003: FF 30 { DF31 06 03 0E 01; DF32 key id; DF33 version 00 (myna-card tests/signatures.rs,
// read off a test card); DF34 municipality;
// DF35 signer key id (16) + signer's signature over DF31-DF34 as written (256) }.
Bytes basic_data_file(const CardInfoRecord& r, const CardInfoSigner& signer) {
  static constexpr std::uint8_t kIdentification[] = {0x06, 0x03, 0x0E, 0x01};
  static constexpr std::uint8_t kVersion[] = {0x00};
  const Bytes signed_part =
      concat({tlv(0xDF31, kIdentification), tlv(0xDF32, surface_ap_key_id()), tlv(0xDF33, kVersion),
              tlv(0xDF34, ascii(r.municipality_code))});
  const Bytes opaque =
      concat({signer.key_id, hostcrypto::sign_sha256(signer.key.get(), signed_part)});
  return tlv(0xFF30, concat({signed_part, tlv(0xDF35, opaque)}));
}

// 0005: FF 40 { DF41 My Number PNG; DF42 key; DF43 signature over DF41 DF42 as written }.
Bytes my_number_image_file(const CardInfoRecord& r, const Bytes& ap_key, EVP_PKEY* signer) {
  const Bytes signed_part =
      concat({tlv(0xDF41, encode_png_1bit(render_digits(r.my_number, kMyNumberImage, "my-number"))),
              tlv(0xDF42, ap_key)});
  return tlv(0xFF40,
             concat({signed_part, tlv(0xDF43, hostcrypto::sign_sha256(signer, signed_part))}));
}

}  // namespace

hostcrypto::KeyId surface_ap_key_id() {
  return hostcrypto::make_key_id("9000024", "001");
}

std::vector<CardInfoFile> surface_ap_files(const CardInfoRecord& record, const ApPublicKeys& keys,
                                           const CardInfoSigner& signer) {
  const Bytes ap_key = hostcrypto::encode_card_public_key(keys.surface_ap);
  std::vector<CardInfoFile> out;
  out.push_back({kSurfaceDf, 0x0001, age_record_file(record, ap_key, signer.key.get())});
  out.push_back({kSurfaceDf, 0x0002, card_face_file(record, ap_key, signer.key.get())});
  out.push_back({kSurfaceDf, 0x0003, basic_data_file(record, signer)});
  out.push_back({kSurfaceDf, 0x0004, signer.certificate});
  out.push_back({kSurfaceDf, 0x0005, my_number_image_file(record, ap_key, signer.key.get())});
  out.push_back({kSurfaceDf, 0x0006, Bytes(16, 0xFF)});
  return out;
}

}  // namespace mynasim::pki::card_info
