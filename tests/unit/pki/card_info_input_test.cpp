// What the issuer refuses (a name or address that does not fit the card face, malformed
// numbers, a photo that is not an image) and the derived credentials (和暦, 照合番号B).

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "card_info_fixture.hpp"
#include "pki/card_info/collation.hpp"
#include "pki/card_info/text_images.hpp"
#include "pki/holder.hpp"

namespace mynasim::pki::card_info::test {
namespace {

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The field the refusal names, and its message.
std::pair<std::string, std::string> refusal(const CardInfoRecord& record) {
  try {
    build_card_info_files(record, issued().keys, issued().authority.signer());
  } catch (const InvalidField& e) {
    return {e.field(), e.what()};
  }
  return {};
}

TEST_CASE("a name too long for the name image is refused, naming the field", "[unit]") {
  CardInfoRecord r = sample_record();
  r.name = repeat("龍", 40);
  const auto [field, message] = refusal(r);
  CHECK(field == "name");
  CHECK(message.rfind("name: does not fit the card face's name image (512x48 px", 0) == 0);
  // 31 full-width characters at 16 px fit into 504 px.
  r.name = repeat("龍", 31);
  CHECK(refusal(r).first.empty());
}

TEST_CASE("an address too long for the address image is refused, naming the field", "[unit]") {
  CardInfoRecord r = sample_record();
  r.address = "東京都" + repeat("千代田区永田町", 30);
  const auto [field, message] = refusal(r);
  CHECK(field == "address");
  CHECK(message.rfind("address: does not fit the card face's address image (512x96 px", 0) == 0);
  CHECK_NOTHROW(check_card_face_text(sample_record().name, "東京都" + repeat("千代田区永田町", 8)));
}

TEST_CASE("a character no font can print is refused, naming the field", "[unit]") {
  CardInfoRecord r = sample_record();
  r.name = "個人番号\u3000\U0010FFFD";  // a private-use code point: no glyph anywhere
  const auto [field, message] = refusal(r);
  CHECK(field == "name");
  CHECK(message ==
        "name: has 1 character(s) no installed font can print (the card's font is IPAGothic)");
}

TEST_CASE("malformed numbers are refused by field", "[unit]") {
  CardInfoRecord r = sample_record();
  r.my_number = "621498320258";
  CHECK(refusal(r).first == "my-number");
  r = sample_record();
  r.security_code = "12a4";
  CHECK(refusal(r).first == "security-code");
  r = sample_record();
  r.municipality_code = "1310";
  CHECK(refusal(r).first == "municipality");
  r = sample_record();
  r.card_serial = "9";
  CHECK(refusal(r).first == "card-serial");
  r = sample_record();
  r.photo = {};
  CHECK(refusal(r).first == "photo");
}

TEST_CASE("a supplied PNG portrait is scaled to the photo size", "[unit]") {
  char dir[] = "/tmp/mynasim-card-info.XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string png_path = std::string(dir) + "/in.png";
  // Any PNG: a 1-bit one of 300x200 made by the library's own writer.
  GreyImage input{300, 200, std::vector<std::uint8_t>(300 * 200, 255)};
  for (int i = 0; i < 200; ++i) input.pixels[static_cast<std::size_t>(i * 300 + i)] = 0;
  const Bytes png = encode_png_1bit(input);
  std::ofstream(png_path, std::ios::binary)
      .write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
  const GreyImage photo = load_portrait(png_path);
  CHECK(photo.width == kPhoto.width);
  CHECK(photo.height == kPhoto.height);
  const std::string text_path = std::string(dir) + "/in.txt";
  std::ofstream(text_path) << "not an image";
  try {
    load_portrait(text_path);
    FAIL("accepted a text file");
  } catch (const InvalidField& e) {
    CHECK(e.field() == "photo");
    CHECK(std::string(e.what()) == "photo: " + text_path + ": neither a PNG nor a JPEG file");
  }
  CHECK_THROWS_AS(load_portrait(std::string(dir) + "/missing.png"), InvalidField);
  std::filesystem::remove_all(dir);
}

TEST_CASE("和暦 YYMMDD and 照合番号B as the reference's example", "[unit]") {
  CHECK(era_yymmdd({1980, 2, 17}) == "550217");
  CHECK(era_yymmdd({1989, 1, 7}) == "640107");
  CHECK(era_yymmdd({1989, 1, 8}) == "010108");
  CHECK(era_yymmdd({2019, 5, 1}) == "010501");
  CHECK(collation_b({1980, 2, 17}, {2035, 2, 17}, "2285") == "55021720352285");
  const std::string code = random_security_code();
  CHECK(code.size() == 4);
  CHECK(code.find_first_not_of("0123456789") == std::string::npos);
  CHECK(card_serial_for(42) == "900000000000042");
}

}  // namespace
}  // namespace mynasim::pki::card_info::test
