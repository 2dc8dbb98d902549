// build_card_info_files: the record checked field by field, then the three applications' files;
// and the 共通 AP's record EF.

#include "pki/card_info/card_info_files.hpp"

#include <algorithm>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "pki/card_info/card_face_profile.hpp"
#include "pki/card_info/text_images.hpp"
#include "pki/card_info/tlv_building.hpp"
#include "pki/holder.hpp"
#include "pki/my_number.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::card_info {
namespace {

void require_digits(const std::string& value, std::size_t count, const std::string& field) {
  if (value.size() != count ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw InvalidField(field, std::to_string(count) + " digits are needed (got " +
                                  std::to_string(value.size()) + " characters)");
}

void check_record(const CardInfoRecord& r) {
  utf8_length(r.name, "name");
  utf8_length(r.address, "address");
  check_card_face_text(r.name, r.address);
  if (r.sex != '0' && r.sex != '1' && r.sex != '2' && r.sex != '9')
    throw InvalidField("sex", "must be 0, 1, 2 or 9");
  if (const std::string problem = my_number::problem(r.my_number); !problem.empty())
    throw InvalidField("my-number", problem);
  require_digits(r.security_code, 4, "security-code");
  require_digits(r.municipality_code, 5, "municipality");
  require_digits(r.card_serial, 15, "card-serial");
  if (!is_valid_date(r.birth)) throw InvalidField("birth", "not a calendar date");
  if (!is_valid_date(r.expiry)) throw InvalidField("expiry", "not a calendar date");
  if (r.photo.width != kPhoto.width || r.photo.height != kPhoto.height ||
      r.photo.pixels.size() != static_cast<std::size_t>(kPhoto.width * kPhoto.height))
    throw InvalidField("photo", "must be " + std::to_string(kPhoto.width) + "x" +
                                    std::to_string(kPhoto.height) + " (load_portrait scales it)");
}

// What GET DATA 00F8 / 7F21 answers: a CV certificate's 7F21 contents (5F4E ... 5F37 ...)
// without the 7F21 header (myna-card tests/fixtures/README.md, read off a test card).
Bytes template_contents(const Bytes& certificate) {
  const auto outer = iso7816::read_ber_tlv(certificate);
  if (!outer.ok()) throw PkiError("card-info: a CV certificate does not parse");
  return Bytes(outer.tlv.value.begin(), outer.tlv.value.end());
}

}  // namespace

hostcrypto::KeyId common_ap_key_id() {
  return hostcrypto::make_key_id("9000014", "001");
}

std::vector<CardInfoFile> common_ap_files(const CardInfoRecord& record, const ApPublicKeys& keys,
                                          const CardInfoSigner& signer) {
  // Record 1 of EF 0001: SIMPLE-TLV 01 1C + serial(15) municipality(5) expiry(8), stored as one
  // length byte + the record.
  const std::string digits = record.card_serial + record.municipality_code + compact(record.expiry);
  Bytes record_bytes = tlv(0x01, ascii(digits));
  Bytes stored{static_cast<std::uint8_t>(record_bytes.size())};
  append(stored, record_bytes);
  // 共通 0002 / 住基 0002: one 16-byte key reference record, the same in both (as on real cards).
  const hostcrypto::KeyId common_id = common_ap_key_id();
  Bytes key_reference{static_cast<std::uint8_t>(common_id.size())};
  append(key_reference, common_id);
  const hostcrypto::CvCertificate signer_certificate =
      hostcrypto::parse_cv_certificate(signer.certificate, "card-info signer's CV certificate");
  const std::string expiry = compact(record.expiry);
  std::vector<CardInfoFile> out = {
      {kCommonDf, 0x0001, std::move(stored)},
      {kCommonDf, 0x0002, key_reference},
      {kResidentDf, 0x0002, key_reference},
      {0, 0x0042,
       Bytes(signer_certificate.issuer_key_id.begin(), signer_certificate.issuer_key_id.end())},
      {0, 0x0045, Bytes(record.card_serial.begin(), record.card_serial.end())},
      {0, 0x00F0, Bytes(record.municipality_code.begin(), record.municipality_code.end())},
      {0, 0x00F2, Bytes(expiry.begin(), expiry.end())},
      {0, 0x00F7, Bytes(signer.key_id.begin(), signer.key_id.end())},
      {0, 0x00F8, template_contents(signer.certificate)},
  };
  if (keys.common_ap)
    out.push_back({0, 0x7F21,
                   template_contents(make_cv_certificate(signer.key_id, common_id, *keys.common_ap,
                                                         signer.key.get()))});
  return out;
}

std::vector<CardInfoFile> build_card_info_files(const CardInfoRecord& record,
                                                const ApPublicKeys& keys,
                                                const CardInfoSigner& signer) {
  check_record(record);
  std::vector<CardInfoFile> out = text_ap_files(record, keys, signer);
  for (auto& f : surface_ap_files(record, keys, signer)) out.push_back(std::move(f));
  for (auto& f : common_ap_files(record, keys, signer)) out.push_back(std::move(f));
  return out;
}

}  // namespace mynasim::pki::card_info
