// The text application's files parsed from hand-built bytes: what is read, and the precise error
// for each malformed shape.

#include <catch2/catch.hpp>

#include "hostcrypto/card_key_format.hpp"
#include "reader/client/text_records.hpp"
#include "tests/unit/client/card_info_builders.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using Catch::Matchers::Equals;
using client::RecordError;

namespace {

const Bytes kMyNumberFile = {0xFF, 0x10, 0x0C, '6', '2', '1', '4',  '9', '8',
                             '3',  '2',  '0',  '2', '5', '7', 0xFF, 0xFF};

Bytes attributes_file(std::string_view name = "山田\u3000花子",
                      std::string_view address = "東京都千代田区霞が関２－１－２",
                      std::string_view birth = "19800217", std::string_view sex = "2") {
  return with_offset_table(
      0xFF20, 0xDF21,
      {tlv(0xDF22, name), tlv(0xDF23, address), tlv(0xDF24, birth), tlv(0xDF25, sex)});
}

}  // namespace

TEST_CASE("text: the 17-byte My Number file", "[client][card-info]") {
  REQUIRE(kMyNumberFile.size() == client::kMyNumberFileSize);
  CHECK(client::parse_my_number_file(kMyNumberFile) == "621498320257");
  // Without the filler (a card that trims), the same number.
  CHECK(client::parse_my_number_file(ByteView(kMyNumberFile).first(15)) == "621498320257");
}

TEST_CASE("text: malformed My Number files are named precisely", "[client][card-info]") {
  Bytes bad = kMyNumberFile;
  bad[1] = 0x11;
  CHECK_THAT(error_of([&] { client::parse_my_number_file(bad); }),
             Equals("text EF 0001 (My Number): starts with tag FF11, not FF10"));
  bad = kMyNumberFile;
  bad[2] = 0x0B;
  CHECK_THAT(error_of([&] { client::parse_my_number_file(bad); }),
             Equals("text EF 0001 (My Number): the number is 11 bytes, not 12"));
  bad = kMyNumberFile;
  bad[7] = 'X';
  CHECK_THAT(error_of([&] { client::parse_my_number_file(bad); }),
             Equals("text EF 0001 (My Number): byte 5 of the number is not a digit"));
  bad = kMyNumberFile;
  bad[16] = 0x00;
  CHECK_THAT(error_of([&] { client::parse_my_number_file(bad); }),
             Equals("text EF 0001 (My Number): byte 16 after the number is not FF filler"));
  CHECK_THAT(error_of([&] { client::parse_my_number_file(ByteView(kMyNumberFile).first(10)); }),
             Equals("text EF 0001 (My Number): the value runs past the end of the buffer"));
}

TEST_CASE("text: the attributes and their offset table", "[client][card-info]") {
  const Bytes file = attributes_file();
  // FF 20 L, DF21 08 then the first field right after: offset 3 + 11 = 0x000E.
  CHECK(to_hex(ByteView(file).first(8)) == "FF 20 5C DF 21 08 00 0E");
  const auto a = client::parse_text_attributes(file);
  CHECK(a.name == "山田\u3000花子");
  CHECK(a.address == "東京都千代田区霞が関２－１－２");
  CHECK(a.birth_date.iso() == "1980-02-17");
  CHECK(a.sex == client::Sex::kFemale);
  // The integrity digest covers the FF20 value without the DF21 object.
  CHECK(client::text_attributes_digest_source(file) == Bytes(file.begin() + 14, file.end()));
}

TEST_CASE("text: malformed attributes are named precisely", "[client][card-info]") {
  Bytes file = attributes_file();
  file[7] = 0x0F;
  CHECK_THAT(error_of([&] { client::parse_text_attributes(file); }),
             Equals("text EF 0002 (attributes): offset 0 of DF21 says 0x000F but DF22 starts at "
                    "0x000E"));
  CHECK_THAT(error_of([&] { client::parse_text_attributes(attributes_file("a\xFF")); }),
             Equals("text EF 0002 (attributes), DF22 (name): not UTF-8 (byte 1)"));
  CHECK_THAT(
      error_of([&] { client::parse_text_attributes(attributes_file("a", "b", "19800230")); }),
      Equals("text EF 0002 (attributes), DF24 (birth date): 19800230 is not a calendar date"));
  CHECK_THAT(
      error_of([&] { client::parse_text_attributes(attributes_file("a", "b", "19800217", "3")); }),
      Equals("text EF 0002 (attributes), DF25 (sex): 33 is not one of the codes 0, 1, 2, 9"));
  const Bytes missing = with_offset_table(
      0xFF20, 0xDF21, {tlv(0xDF22, "a"), tlv(0xDF23, "b"), tlv(0xDF24, "19800217")});
  CHECK_THAT(error_of([&] { client::parse_text_attributes(missing); }),
             Equals("text EF 0002 (attributes): no field DF25"));
  const Bytes swapped = with_offset_table(
      0xFF20, 0xDF21,
      {tlv(0xDF23, "b"), tlv(0xDF22, "a"), tlv(0xDF24, "19800217"), tlv(0xDF25, "1")});
  CHECK_THAT(error_of([&] { client::parse_text_attributes(swapped); }),
             Equals("text EF 0002 (attributes): field 1 is DF23 where DF22 belongs"));
  const Bytes no_table =
      tlv(0xFF20,
          concat({tlv(0xDF22, "a"), tlv(0xDF23, "b"), tlv(0xDF24, "19800217"), tlv(0xDF25, "1")}));
  CHECK_THAT(error_of([&] { client::parse_text_attributes(no_table); }),
             Equals("text EF 0002 (attributes): no offset table DF21"));
  Bytes short_table = attributes_file();
  short_table = with_offset_table(0xFF20, 0xDF21,
                                  {tlv(0xDF22, "a"), tlv(0xDF23, "b"), tlv(0xDF24, "19800217"),
                                   tlv(0xDF25, "1"), tlv(0xDF26, "x")});
  CHECK_THAT(error_of([&] { client::parse_text_attributes(short_table); }),
             Equals("text EF 0002 (attributes): unexpected field DF26 after DF25"));
}

TEST_CASE("text: integrity file, basic data, signed AP key", "[client][card-info]") {
  const Bytes d1(32, 0x11), d2(32, 0x22), sig(256, 0x33);
  const Bytes integrity = tlv(0xFF30, concat({tlv(0xDF31, d1), tlv(0xDF32, d2), tlv(0xDF33, sig)}));
  CHECK(integrity.size() == 336);  // the size the reference gives
  const auto parsed = client::parse_text_integrity(integrity);
  CHECK(parsed.my_number_digest == d1);
  CHECK(parsed.attributes_digest == d2);
  CHECK(parsed.signature == sig);
  CHECK(parsed.signed_data == concat({tlv(0xDF31, d1), tlv(0xDF32, d2)}));
  const Bytes short_digest =
      tlv(0xFF30, concat({tlv(0xDF31, Bytes(31)), tlv(0xDF32, d2), tlv(0xDF33, sig)}));
  CHECK_THAT(error_of([&] { client::parse_text_integrity(short_digest); }),
             Equals("text EF 0003 (integrity), DF31: a SHA-256 is 32 bytes, got 31"));

  Bytes trailing(128, 0xFF);
  std::fill(trailing.begin(), trailing.begin() + 32, 0x5A);
  const Bytes basic =
      tlv(0xFF40, concat({tlv(0xDF41, Bytes{0x01, 0x03, 0x0E, 0x01}),
                          tlv(0xDF42, key_id("6000034", "001")), tlv(0xDF43, trailing)}));
  const auto data = client::parse_text_basic_data(basic);
  CHECK(data.identification == Bytes{0x01, 0x03, 0x0E, 0x01});
  CHECK(hostcrypto::key_id_text(data.key_id) == "6000034/001");
  CHECK(data.trailing == trailing);
  const Bytes bad_id =
      tlv(0xFF40, concat({tlv(0xDF41, Bytes{1, 3, 0x0E, 1}),
                          tlv(0xDF42, bytes_of("ABCDEFGHIJKLMNOP")), tlv(0xDF43, trailing)}));
  CHECK_THAT(error_of([&] { client::parse_text_basic_data(bad_id); }),
             Equals("text EF 0005 (basic data), DF42: 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E "
                    "4F 50 is not a key identifier (7 digits, 2 bytes, 3 digits, 4 bytes)"));

  const auto key = card_key(test_key());
  const Bytes signed_key = tlv(0xFF50, concat({tlv(0xDF51, key_field(key)), tlv(0xDF52, sig)}));
  const auto ap_key = client::parse_signed_ap_key(signed_key);
  CHECK(ap_key.public_key == key);
  CHECK(ap_key.public_key.bits() == 2048);
  CHECK(ap_key.signed_data == tlv(0xDF51, key_field(key)));
}
