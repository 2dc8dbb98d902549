// The shared card-info values parsed from hand-built bytes: dates, sex, text, keys, key ids,
// the CV certificate, image formats and sizes; SIMPLE-TLV record 1 of the common application.

#include <catch2/catch.hpp>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "reader/client/card_info_record.hpp"
#include "reader/client/common_records.hpp"
#include "tests/unit/client/card_info_builders.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using Catch::Matchers::Equals;
using client::RecordError;

TEST_CASE("card-info fields: dates and sex", "[client][card-info]") {
  CHECK(client::parse_card_date(bytes_of("20000229"), "d").iso() == "2000-02-29");
  CHECK_THAT(error_of([] { client::parse_card_date(bytes_of("19000229"), "d"); }),
             Equals("d: 19000229 is not a calendar date"));
  CHECK_THAT(error_of([] { client::parse_card_date(bytes_of("1980-2-1"), "d"); }),
             Equals("d: expected 8 digits YYYYMMDD, got 31 39 38 30 2D 32 2D 31"));
  CHECK_THAT(error_of([] { client::parse_card_date({}, "d"); }),
             Equals("d: expected 8 digits YYYYMMDD, got nothing"));
  CHECK(client::parse_sex(bytes_of("9"), "s") == client::Sex::kNotApplicable);
  CHECK_THAT(error_of([] { client::parse_sex(bytes_of("12"), "s"); }),
             Equals("s: expected 1 byte, got 2"));
}

TEST_CASE("card-info fields: UTF-8 is checked strictly", "[client][card-info]") {
  CHECK(client::parse_utf8(bytes_of("東京都\u3000"), "t") == "東京都\u3000");
  CHECK_THAT(error_of([] {
               client::parse_utf8(Bytes{0xE6, 0x9D}, "t");
             }),
             Equals("t: not UTF-8 (a character cut at byte 0)"));
  CHECK_THAT(error_of([] {
               client::parse_utf8(Bytes{0xC0, 0x80}, "t");
             }),  // overlong NUL
             Equals("t: not UTF-8 (byte 0)"));
  CHECK_THAT(error_of([] {
               client::parse_utf8(Bytes{0xED, 0xA0, 0x80}, "t");
             }),  // surrogate
             Equals("t: not UTF-8 (byte 0)"));
}

TEST_CASE("card-info fields: RSA keys as 90/91", "[client][card-info]") {
  const auto key = card_key(test_key());
  CHECK(hostcrypto::parse_card_public_key(key_field(key), "k") == key);
  CHECK_THAT(error_of([&] { hostcrypto::parse_card_public_key(tlv(0x91, key.modulus), "k"); }),
             Equals("k: no public exponent (90)"));
  CHECK_THAT(
      error_of([&] {
        hostcrypto::parse_card_public_key(concat({key_field(key), tlv(0x92, Bytes{1})}), "k");
      }),
      Equals("k: unexpected object 92 (a key is 90 exponent, 91 modulus)"));
  CHECK_THAT(error_of([] {
               hostcrypto::parse_card_public_key(
                   concat({tlv(0x90, Bytes{1, 0, 1}), tlv(0x91, Bytes(64, 0xC1))}), "k");
             }),
             Equals("k: the key is 512 bits; the card's keys are RSA-2048"));
}

TEST_CASE("card-info fields: the CV certificate", "[client][card-info]") {
  const Bytes issuer = key_id("6000023", "001"), subject = key_id("6131010", "001");
  Bytes cert = cv_certificate(test_key(1), issuer, test_key(), subject);
  CHECK(to_hex(ByteView(cert).first(9)) == "7F 21 82 02 33 5F 4E 82 01");
  CHECK(cert.size() == 568);  // the size the reference gives
  cert.resize(600, 0xFF);     // filler after the object is ignored
  const auto parsed = hostcrypto::parse_cv_certificate(cert, "cv");
  CHECK(Bytes(parsed.issuer_key_id.begin(), parsed.issuer_key_id.end()) == issuer);
  CHECK(Bytes(parsed.subject_key_id.begin(), parsed.subject_key_id.end()) == subject);
  CHECK(hostcrypto::key_id_text(parsed.subject_key_id) == "6131010/001");
  CHECK(parsed.public_key == card_key(test_key()));
  CHECK(parsed.body.size() == hostcrypto::kCvBodySize);
  CHECK(parsed.signature.size() == 256);

  CHECK_THAT(error_of([] { hostcrypto::parse_cv_certificate(tlv(0x7F4E, Bytes{1}), "cv"); }),
             Equals("cv: starts with tag 7F4E, not 7F21"));
  CHECK_THAT(error_of([] {
               hostcrypto::parse_cv_certificate(tlv(0x7F21, tlv(0x5F37, Bytes(256))), "cv");
             }),
             Equals("cv: no body (5F4E)"));
  CHECK_THAT(error_of([] {
               hostcrypto::parse_cv_certificate(
                   tlv(0x7F21, concat({tlv(0x5F4E, Bytes(296)), tlv(0x5F37, Bytes(256))})), "cv");
             }),
             Equals("cv: the body (5F4E) is 296 bytes, not 297 (two key identifiers and an "
                    "RSA-2048 key)"));
}

TEST_CASE("card-info fields: image formats and sizes", "[client][card-info]") {
  int w = 0, h = 0;
  CHECK(client::detect_image_format(png_header(72, 12)) == client::ImageFormat::kPng);
  CHECK(client::image_size(png_header(72, 12), w, h));
  CHECK((w == 72 && h == 12));
  CHECK(client::detect_image_format(jp2_header(300, 400)) == client::ImageFormat::kJpeg2000);
  CHECK(client::image_size(jp2_header(300, 400), w, h));
  CHECK((w == 300 && h == 400));
  CHECK(client::detect_image_format(bytes_of("GIF89a")) == client::ImageFormat::kUnknown);
  CHECK_FALSE(client::image_size(ByteView(png_header(1, 1)).first(20), w, h));
  Bytes broken = jp2_header(1, 1);
  broken[35] = 0xFF;  // the jp2h box claims to run past the end
  CHECK_FALSE(client::image_size(broken, w, h));
  // Found by fuzz_card_info: a size above INT_MAX came back as a negative int.
  w = h = 7;
  CHECK_FALSE(client::image_size(png_header(0x80000000u, 12), w, h));
  CHECK_FALSE(client::image_size(jp2_header(300, 0xC1C1C1C1u), w, h));
  CHECK((w == 7 && h == 7));
  CHECK(client::image_size(png_header(0x7FFFFFFFu, 1), w, h));
  CHECK((w == 0x7FFFFFFF && h == 1));
}

TEST_CASE("card-info record: filler and duplicate fields", "[client][card-info]") {
  Bytes file = tlv(0xFF40, concat({tlv(0xDF41, Bytes{1}), Bytes(3, 0xFF)}));
  client::CardInfoRecord record(file, 0xFF40, std::nullopt, "f");
  CHECK(record.fields().size() == 1);
  file = tlv(0xFF40, concat({tlv(0xDF41, Bytes{1}), Bytes{0xFF, 0x01}}));
  CHECK_THAT(error_of([&] { client::CardInfoRecord(file, 0xFF40, std::nullopt, "f"); }),
             Equals("f: FF filler followed by other bytes at offset 0x0007"));
  file = tlv(0xFF40, concat({tlv(0xDF41, Bytes{1}), tlv(0xDF41, Bytes{2})}));
  CHECK_THAT(error_of([&] { client::CardInfoRecord(file, 0xFF40, std::nullopt, "f"); }),
             Equals("f: field DF41 appears twice"));
  file = tlv(0xFF40, concat({tlv(0xDF41, Bytes{1}), Bytes{0xDF, 0x42, 0x05, 0x00}}));
  CHECK_THAT(error_of([&] { client::CardInfoRecord(file, 0xFF40, std::nullopt, "f"); }),
             Equals("f: the field at offset 0x0007: the value runs past the end of the buffer"));
}

TEST_CASE("common: record 1 of EF 0001", "[client][card-info]") {
  const Bytes record = concat({Bytes{0x01, 0x1C}, bytes_of("4000000127198431322120350217")});
  const auto info = client::parse_common_card_info(record);
  CHECK(info.serial == "400000012719843");
  CHECK(info.municipality_code == "13221");
  CHECK(info.expiry.iso() == "2035-02-17");
  CHECK_THAT(error_of([] {
               client::parse_common_card_info(
                   concat({Bytes{0x02, 0x1C}, bytes_of("4000000127198431322120350217")}));
             }),
             Equals("common EF 0001 record 1 (card info): tag 02, not 01"));
  CHECK_THAT(error_of([] {
               client::parse_common_card_info(
                   concat({Bytes{0x01, 0x1B}, bytes_of("400000012719843132212035021")}));
             }),
             Equals("common EF 0001 record 1 (card info): 27 bytes, not 28 (serial 15 + "
                    "municipality 5 + expiry 8)"));
  CHECK_THAT(error_of([] {
               client::parse_common_card_info(
                   concat({Bytes{0x01, 0x1C}, bytes_of("40000001271984313221203502XX")}));
             }),
             Equals("common EF 0001 record 1 (card info): byte 27 of the value is not a digit"));
  CHECK_THAT(
      error_of([] {
        client::parse_common_card_info(
            concat({Bytes{0x01, 0x1C}, bytes_of("4000000127198431322120351317")}));
      }),
      Equals("common EF 0001 record 1 (card info), expiry: 20351317 is not a calendar date"));
}
