#include "card_info_fixture.hpp"

#include <openssl/sha.h>

#include <string>

#include "card/apps/common/common_ap.hpp"
#include "card/apps/juki/juki_ap.hpp"
#include "card/apps/surface/surface_ap.hpp"
#include "card/apps/text/text_ap.hpp"
#include "iso7816/ber_tlv.hpp"
#include "test_card.hpp"

namespace mynasim::testing {
namespace {

using iso7816::write_ber_tlv;

Bytes ascii(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

Bytes tlv(std::uint32_t tag, ByteView value) {
  Bytes out;
  write_ber_tlv(out, tag, value);
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) append(out, part);
  return out;
}

Bytes sha256(ByteView data) {
  Bytes digest(SHA256_DIGEST_LENGTH);
  SHA256(data.data(), data.size(), digest.data());
  return digest;
}

Bytes filler_signature() {
  return Bytes(256, 0x5A);
}

Bytes key_id(std::uint8_t last) {
  Bytes id = ascii("6000023/001");
  id.resize(15, ' ');
  id.push_back(last);
  return id;
}

// An issuer key for the CV certificates and the session key: its bytes only need the layout.
card::crypto::RsaPublicKey stand_in_key(std::uint8_t fill) {
  Bytes modulus(256, fill);
  modulus[0] = 0xC1;
  return {modulus, {0x01, 0x00, 0x01}};
}

// An image as the card stores it: the format's signature and a body of `size` bytes.
Bytes image(ByteView signature, std::size_t size, std::uint8_t fill) {
  Bytes out(signature.begin(), signature.end());
  out.resize(size, fill);
  return out;
}

const Bytes kPng = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
const Bytes kJp2 = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A};

// FF 20 L { DF21 <offset of each field from the file start>; fields... }: the offset table's
// size is known first (2 bytes per field), so the header size is found by building twice.
Bytes with_offset_table(std::uint32_t outer_tag, const std::vector<Bytes>& fields) {
  Bytes offsets(2 * fields.size());
  for (int pass = 0; pass < 2; ++pass) {
    Bytes value = tlv(0xDF21, offsets);
    std::vector<std::size_t> starts;
    for (const auto& field : fields) {
      starts.push_back(value.size());
      append(value, field);
    }
    Bytes file = tlv(outer_tag, value);
    const std::size_t header = file.size() - value.size();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      offsets[2 * i] = static_cast<std::uint8_t>((header + starts[i]) >> 8);
      offsets[2 * i + 1] = static_cast<std::uint8_t>(header + starts[i]);
    }
    if (pass == 1) return file;
  }
  return {};
}

Bytes cv_certificate_body(std::uint8_t subject) {
  const Bytes body =
      concat({key_id(0x01), key_id(subject), card_info_public_key(stand_in_key(0xA5))});
  return concat({tlv(0x5F4E, body), tlv(0x5F37, filler_signature())});
}

Bytes my_number_file() {
  Bytes file = tlv(0xFF10, ascii(kCollationA));
  file.push_back(0xFF);
  file.push_back(0xFF);
  return file;  // 17 bytes, as the real card stores it
}

std::vector<Bytes> attribute_fields() {
  const card::HolderRecord holder = test_holder();
  return {tlv(0xDF22, ascii(holder.name)), tlv(0xDF23, ascii(holder.address)),
          tlv(0xDF24, ascii(holder.birth_date)),
          tlv(0xDF25, Bytes{static_cast<std::uint8_t>(holder.sex)})};
}

std::vector<card::EfContent> text_files(const card::CardPublicKeys& keys) {
  using namespace card::text;
  const Bytes attributes = with_offset_table(0xFF20, attribute_fields());
  Bytes hashed_attributes;  // the FF20 value without the DF21 object
  for (const auto& field : attribute_fields()) append(hashed_attributes, field);
  const Bytes integrity = tlv(
      0xFF30, concat({tlv(0xDF31, sha256(my_number_file())), tlv(0xDF32, sha256(hashed_attributes)),
                      tlv(0xDF33, filler_signature())}));
  const Bytes basic =
      tlv(0xFF40, concat({tlv(0xDF41, Bytes{0x01, 0x03, 0x0E, 0x01}), tlv(0xDF42, key_id(0x34)),
                          tlv(0xDF43, image(Bytes(32, 0x11), 128, 0xFF))}));
  const Bytes signed_key = tlv(0xFF50, concat({tlv(0xDF51, card_info_public_key(keys.text_ap)),
                                               tlv(0xDF52, filler_signature())}));
  return {{kDfId, ef::kMyNumber, my_number_file()},
          {kDfId, ef::kAttributes, attributes},
          {kDfId, ef::kIntegrity, integrity},
          {kDfId, ef::kCvCertificate, tlv(0x7F21, cv_certificate_body(0x02))},
          {kDfId, ef::kBasicData, basic},
          {kDfId, ef::kSessionKey, tlv(0xA1, card_info_public_key(keys.text_session))},
          {kDfId, ef::kSignedPublicKey, signed_key}};
}

std::vector<card::EfContent> surface_files(const card::CardPublicKeys& keys) {
  using namespace card::surface;
  const card::HolderRecord holder = test_holder();
  const Bytes key = card_info_public_key(keys.surface_ap);
  const Bytes age = tlv(0xFF10, concat({tlv(0xDF11, ascii(holder.birth_date)), tlv(0xDF12, key),
                                        tlv(0xDF13, filler_signature())}));
  const Bytes face = with_offset_table(
      0xFF20, {tlv(0xDF22, ascii(holder.birth_date)),
               tlv(0xDF23, Bytes{static_cast<std::uint8_t>(holder.sex)}), tlv(0xDF24, key),
               tlv(0xDF25, image(kPng, 120, 0x01)), tlv(0xDF26, image(kPng, 200, 0x02)),
               tlv(0xDF27, image(kJp2, 600, 0x03)), tlv(0xDF28, filler_signature()),
               tlv(0xDF29, ascii(kExpiry)), tlv(0xDF2A, image(kPng, 60, 0x04))});
  Bytes opaque = key_id(0x24);
  append(opaque, filler_signature());
  const Bytes basic = tlv(0xFF30, concat({tlv(0xDF31, Bytes{0x06, 0x03, 0x0E, 0x01}),
                                          tlv(0xDF32, key_id(0x24)), tlv(0xDF33, Bytes{0x00}),
                                          tlv(0xDF34, ascii(kMunicipality)), tlv(0xDF35, opaque)}));
  const Bytes my_number_image =
      tlv(0xFF40, concat({tlv(0xDF41, image(kPng, 90, 0x05)), tlv(0xDF42, key),
                          tlv(0xDF43, filler_signature())}));
  return {{kDfId, ef::kAgeRecord, age},
          {kDfId, ef::kCardFace, face},
          {kDfId, ef::kBasicData, basic},
          {kDfId, ef::kCvCertificate, tlv(0x7F21, cv_certificate_body(0x03))},
          {kDfId, ef::kMyNumberImage, my_number_image}};
}

// A record EF in the stored form: each record as one length byte, then the record.
Bytes records(std::initializer_list<Bytes> list) {
  Bytes out;
  for (const auto& record : list) {
    out.push_back(static_cast<std::uint8_t>(record.size()));
    append(out, record);
  }
  return out;
}

std::vector<card::EfContent> resident_files() {
  std::string digits = std::string(kCardSerial) + std::string(kMunicipality) + std::string(kExpiry);
  Bytes card_info = {0x01, 0x1C};
  append(card_info, ascii(digits));
  const Bytes key_reference = key_id(0x42);
  return {{card::common::kDfId, card::common::ef::kCardInfo, records({card_info})},
          {card::common::kDfId, card::common::ef::kKeyReference, records({key_reference})},
          {card::juki::kDfId, card::juki::ef::kKeyReference, records({key_reference})}};
}

std::vector<card::EfContent> mf_objects() {
  return {{0, 0x0042, key_id(0x42)},
          {0, 0x0045, ascii(kCardSerial)},
          {0, 0x00F0, ascii(kMunicipality)},
          {0, 0x00F2, ascii(kExpiry)},
          {0, 0x00F7, key_id(0x01)},
          {0, 0x00F8, cv_certificate_body(0x01)},
          {0, 0x7F21, cv_certificate_body(0x04)}};
}

}  // namespace

Bytes card_info_public_key(const card::crypto::RsaPublicKey& key) {
  return concat({tlv(0x90, key.exponent), tlv(0x91, key.modulus)});
}

Bytes sha256_digest_info(ByteView message) {
  Bytes out = hex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20");
  append(out, sha256(message));
  return out;
}

std::vector<card::EfContent> test_card_info(const card::CardPublicKeys& keys) {
  std::vector<card::EfContent> all = text_files(keys);
  for (auto& file : surface_files(keys)) all.push_back(std::move(file));
  for (auto& file : resident_files()) all.push_back(std::move(file));
  for (auto& file : mf_objects()) all.push_back(std::move(file));
  return all;
}

Bytes test_card_info_file(const card::CardPublicKeys& keys, std::uint8_t df_id, std::uint16_t fid) {
  for (const auto& file : test_card_info(keys))
    if (file.df_id == df_id && file.fid == fid) return file.content;
  return {};
}

}  // namespace mynasim::testing
