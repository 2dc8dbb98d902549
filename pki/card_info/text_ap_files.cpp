// 券面事項入力補助AP (text) EFs 0001-0008, reference §2.2.

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/card_info/card_face_profile.hpp"
#include "pki/card_info/card_info_files.hpp"
#include "pki/card_info/tlv_building.hpp"

namespace mynasim::pki::card_info {
namespace {

// 0001: FF 10 0C + 12 digits + FF FF filler (17 bytes; the integrity digest covers all 17).
Bytes my_number_file(const std::string& my_number) {
  Bytes out = tlv(0xFF10, ascii(my_number));
  out.push_back(0xFF);
  out.push_back(0xFF);
  return out;
}

// 0002: FF 20 { DF21 offsets; DF22 name; DF23 address; DF24 YYYYMMDD; DF25 sex }.
Bytes attributes_file(const CardInfoRecord& r) {
  const std::string sex(1, r.sex);
  return with_offset_table(0xFF20, 0xDF21,
                           {tlv(0xDF22, ascii(r.name)), tlv(0xDF23, ascii(r.address)),
                            tlv(0xDF24, ascii(compact(r.birth))), tlv(0xDF25, ascii(sex))});
}

// The FF20 value without its DF21 object: DF22 to the end (what DF32 hashes, as on real cards).
ByteView attributes_digest_source(const Bytes& file) {
  const auto outer = iso7816::read_ber_tlv(file);
  const auto table = iso7816::read_ber_tlv(outer.tlv.value);
  return outer.tlv.value.subspan(table.tlv.total_size());
}

// 0003: FF 30 { DF31 SHA-256(0001, 17 B); DF32 SHA-256(0002 value minus DF21); DF33 signature
// over the DF31 and DF32 objects as written }.
Bytes integrity_file(const Bytes& my_number, const Bytes& attributes, EVP_PKEY* signer) {
  const Bytes signed_part =
      concat({tlv(0xDF31, hostcrypto::sha256(my_number)),
              tlv(0xDF32, hostcrypto::sha256(attributes_digest_source(attributes)))});
  return tlv(0xFF30,
             concat({signed_part, tlv(0xDF33, hostcrypto::sign_sha256(signer, signed_part))}));
}

// 0005: FF 40 { DF41 01 03 0E 01; DF42 key id; DF43 SHA-256 of the AP key object + 96 FF }.
Bytes basic_data_file(const Bytes& ap_key) {
  static constexpr std::uint8_t kIdentification[] = {0x01, 0x03, 0x0E, 0x01};
  Bytes trailer = hostcrypto::sha256(ap_key);
  trailer.resize(128, 0xFF);
  return tlv(0xFF40, concat({tlv(0xDF41, kIdentification), tlv(0xDF42, text_ap_key_id()),
                             tlv(0xDF43, trailer)}));
}

// 0006: A1 { 90 e; 91 n }, the card's secure-messaging key.
Bytes session_key_file(const hostcrypto::RsaPublicKey& key) {
  return tlv(0xA1, hostcrypto::encode_card_public_key(key));
}

// 0007: FF 50 { DF51 the text AP key; DF52 signature over the DF51 object as written }.
Bytes signed_key_file(const Bytes& ap_key, EVP_PKEY* signer) {
  const Bytes key_object = tlv(0xDF51, ap_key);
  return tlv(0xFF50,
             concat({key_object, tlv(0xDF52, hostcrypto::sign_sha256(signer, key_object))}));
}

}  // namespace

hostcrypto::KeyId text_ap_key_id() {
  return hostcrypto::make_key_id("9000034", "001");
}

std::vector<CardInfoFile> text_ap_files(const CardInfoRecord& record, const ApPublicKeys& keys,
                                        const CardInfoSigner& signer) {
  const Bytes ap_key = hostcrypto::encode_card_public_key(keys.text_ap);
  Bytes my_number = my_number_file(record.my_number);
  Bytes attributes = attributes_file(record);
  Bytes integrity = integrity_file(my_number, attributes, signer.key.get());
  std::vector<CardInfoFile> out;
  out.push_back({kTextDf, 0x0001, std::move(my_number)});
  out.push_back({kTextDf, 0x0002, std::move(attributes)});
  out.push_back({kTextDf, 0x0003, std::move(integrity)});
  out.push_back({kTextDf, 0x0004, signer.certificate});
  out.push_back({kTextDf, 0x0005, basic_data_file(ap_key)});
  out.push_back({kTextDf, 0x0006, session_key_file(keys.session_key)});
  out.push_back({kTextDf, 0x0007, signed_key_file(ap_key, signer.key.get())});
  out.push_back({kTextDf, 0x0008, Bytes(16, 0xFF)});
  return out;
}

}  // namespace mynasim::pki::card_info
