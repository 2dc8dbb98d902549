// libFuzzer target for the card-info parsers of reader/client (card_info_fields, card_info_record
// and the text, surface and 共通 record parsers, the CV trust anchor): bytes read off a card are
// untrusted, so every parser either returns a value or throws RecordError naming the file, never
// anything else. The first byte picks the parser (kParsers below, as make_corpus.py writes it);
// the rest is the file.
// Beyond the sanitizers' findings, a broken invariant aborts:
//   - no exception but RecordError (whose message is not empty) leaves a parser;
//   - what parses keeps its shape: a CV certificate's body is kCvBodySize bytes with 16-byte key
//     ids, and checking it against its own key gives a status; a date's text reads back as the
//     date; a key has an exponent and 1024 bits or more; an image size is not negative.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "reader/client/card_info_fields.hpp"
#include "reader/client/card_info_verify.hpp"
#include "reader/client/common_records.hpp"
#include "reader/client/surface_records.hpp"
#include "reader/client/text_records.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::client;
using namespace mynasim::hostcrypto;

void require(bool condition) {
  if (!condition) std::abort();
}

void check_key(const RsaPublicKey& key) {
  require(!key.exponent.empty() && key.bits() >= 1024 && key.bits() <= key.modulus.size() * 8);
}

void check_cv(const CvCertificate& certificate) {
  require(certificate.body.size() == kCvBodySize);
  require(certificate.issuer_key_id.size() == kKeyIdSize);
  require(certificate.subject_key_id.size() == kKeyIdSize);
  check_key(certificate.public_key);
  key_id_text(certificate.issuer_key_id);
  key_id_text(certificate.subject_key_id);
  // Its own key as the anchor: OpenSSL takes whatever key and signature the bytes hold, and
  // answers with a status, never a throw.
  const CvTrustAnchor anchor{certificate.public_key, Bytes(certificate.issuer_key_id.begin(),
                                                           certificate.issuer_key_id.end())};
  check_cv_certificate(certificate, &anchor);
}

void check_date(const CardDate& date, ByteView bytes) {
  require(date.compact() == std::string(bytes.begin(), bytes.end()));
  require(date.iso().size() == 10);
}

// The field parsers, picked by the first byte of `data`.
void parse_field(ByteView data) {
  if (data.empty()) return;
  const ByteView value = data.subspan(1);
  switch (data[0] % 6) {
    case 0:
      check_date(parse_card_date(value, "fuzz date"), value);
      break;
    case 1:
      name_of(parse_sex(value, "fuzz sex"));
      break;
    case 2:
      parse_utf8(value, "fuzz text");
      break;
    case 3:
      check_key(parse_card_public_key(value, "fuzz key"));
      break;
    case 4: {
      int width = 0, height = 0;
      name_of(detect_image_format(value));
      if (image_size(value, width, height)) require(width >= 0 && height >= 0);
      break;
    }
    default:
      check_key_id(value, "fuzz key id");
      key_id_text(value);
      break;
  }
}

void parse(std::uint8_t which, ByteView file) {
  switch (which) {
    case 0:
      parse_my_number_file(file);
      break;
    case 1:
      parse_text_attributes(file);
      text_attributes_digest_source(file);
      break;
    case 2:
      parse_text_integrity(file);
      break;
    case 3:
      check_cv(parse_cv_certificate(file, "fuzz EF 0004"));
      break;
    case 4:
      parse_text_basic_data(file);
      break;
    case 5:
      check_key(parse_session_key_file(file));
      break;
    case 6:
      check_key(parse_signed_ap_key(file).public_key);
      break;
    case 7:
      parse_age_record(file);
      break;
    case 8:
      parse_card_face(file);
      break;
    case 9:
      parse_surface_basic_data(file);
      break;
    case 10:
      parse_rendered_my_number(file);
      break;
    case 11:
      parse_common_card_info(file);
      break;
    case 12:
      parse_cv_trust_anchor(file);
      break;
    default:
      parse_field(file);
      break;
  }
}

constexpr std::uint8_t kParsers = 14;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  try {
    parse(data[0] % kParsers, ByteView(data + 1, size - 1));
  } catch (const RecordError& error) {
    require(error.what()[0] != '\0');
  }
  return 0;
}
