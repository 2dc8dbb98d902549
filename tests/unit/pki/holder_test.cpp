#include "pki/holder.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::adult_input;

std::string refusal(const HolderInput& input) {
  try {
    test::holder_from(input);
  } catch (const InvalidField& e) {
    return e.what();
  }
  FAIL("accepted");
  return {};
}

std::pair<std::string, std::string> place(const std::string& address) {
  HolderInput input = adult_input();
  input.address = address;
  const Holder h = test::holder_from(input);
  return {h.prefecture, h.municipality};
}

TEST_CASE("a well-formed holder") {
  const Holder h = test::holder_from(adult_input());
  CHECK(h.name == "個人番号\u3000花子");
  CHECK(h.birth == Date{1980, 2, 17});
  CHECK(h.sex == '2');
  CHECK(h.prefecture == "東京都");
  CHECK(h.municipality == "千代田区");
  CHECK(h.my_number.empty());
}

TEST_CASE("prefecture and municipality from the address") {
  using P = std::pair<std::string, std::string>;
  CHECK(place("京都府京都市左京区吉田本町") == P{"京都府", "京都市"});
  CHECK(place("神奈川県横浜市中区日本大通１") == P{"神奈川県", "横浜市"});
  CHECK(place("東京都西多摩郡奥多摩町氷川２１５") == P{"東京都", "西多摩郡奥多摩町"});
  CHECK(place("東京都町田市森野２丁目") == P{"東京都", "町田市"});
  CHECK(place("千葉県市川市八幡１丁目") == P{"千葉県", "市川市"});
  CHECK(place("三重県四日市市諏訪町１番５号") == P{"三重県", "四日市市"});
  CHECK(place("長野県大町市大町３８８７") == P{"長野県", "大町市"});
  CHECK(place("東京都千代田区市谷本村町") == P{"東京都", "千代田区"});
  CHECK(place("東京都大島町元町１丁目") == P{"東京都", "大島町"});
  CHECK(place("福島県郡山市朝日１丁目") == P{"福島県", "郡山市"});
  CHECK(place("奈良県大和郡山市北郡山町２４８") == P{"奈良県", "大和郡山市"});
  CHECK(place("北海道札幌市中央区北１条西２丁目") == P{"北海道", "札幌市"});
}

TEST_CASE("each malformed field is named") {
  HolderInput in = adult_input();
  in.name = "";
  CHECK(refusal(in) == "name: is empty");
  in.name = std::string(101, 'A');
  CHECK(refusal(in) == "name: is 101 characters long; at most 100 are allowed");
  in.name = "\xFF\xFE";
  CHECK(refusal(in) == "name: is not valid UTF-8 (byte 0)");
  in.name = "個人\xE7\x95";  // a cut 3-byte sequence
  CHECK(refusal(in) == "name: is not valid UTF-8 (byte 6)");
  in.name = "\xC0\xAF";  // overlong '/'
  CHECK(refusal(in) == "name: is not valid UTF-8 (byte 0)");
  in.name = "花子\n";
  CHECK(refusal(in) == "name: contains a control character (character 3)");
  in.name = " 花子";
  CHECK(refusal(in) == "name: begins or ends with a space");

  in = adult_input();
  in.address = "";
  CHECK(refusal(in) == "address: is empty");
  in.address = "東京都" + std::string(198, 'x');
  CHECK(refusal(in) == "address: is 201 characters long; at most 200 are allowed");
  in.address = "Tokyo 1-2-3";
  CHECK(refusal(in) == "address: must begin with a prefecture (都道府県), e.g. 東京都");
  in.address = "東京都";
  CHECK(refusal(in) == "address: must name a municipality (市区町村) after 東京都");

  in = adult_input();
  in.birth = "1980-02-30";
  CHECK(refusal(in) == "birth: \"1980-02-30\" is not a calendar date");
  in.birth = "H31-05-01";
  CHECK(refusal(in) == "birth: \"H31-05-01\" is not in the 平成 era (1989-01-08 to 2019-04-30)");
  in.birth = "2026-09-23";
  CHECK(refusal(in) == "birth: 2026-09-23 is in the future (today is 2026-09-22 JST)");
  in.birth = "1872-12-31";
  CHECK(refusal(in) ==
        "birth: 1872-12-31 is before 1873-01-01, when Japan adopted the Gregorian calendar");

  in = adult_input();
  for (const char* sex : {"", "0", "3", "12", "M"}) {
    in.sex = sex;
    CHECK(refusal(in) == "sex: must be 1 (male), 2 (female) or 9 (not applicable)");
  }

  in = adult_input();
  in.my_number = "621498320258";
  CHECK(refusal(in) == "my-number: check digit is wrong: the 12th digit must be 7");
  in.my_number = "62149832025";
  CHECK(refusal(in) == "my-number: must be 12 digits (got 11 characters)");
  in.my_number = "621498320257";
  in.resident_code = "1234567890";
  CHECK(refusal(in) == "resident-code: must be 11 digits");
}

TEST_CASE("the first bad field is reported, in form order") {
  HolderInput in = adult_input();
  in.address = "";
  in.sex = "x";
  CHECK(refusal(in) == "address: is empty");
}

TEST_CASE("limits are inclusive") {
  HolderInput in = adult_input();
  in.name = std::string(100, 'A');
  in.address = "東京都千代田区" + std::string(193, 'x');
  const Holder h = test::holder_from(in);
  CHECK(h.name.size() == 100);
  in.birth = "1873-01-01";
  CHECK(test::holder_from(in).birth == Date{1873, 1, 1});
  in.birth = "2026-09-22";
  CHECK(test::holder_from(in).birth == Date{2026, 9, 22});
}

TEST_CASE("PIN forms; the value never appears in the message") {
  CHECK_NOTHROW(check_auth_pin("0000"));
  for (const char* pin : {"", "123", "12345", "12a4", "１２３４"})
    CHECK_THROWS_WITH(check_auth_pin(pin),
                      "pin: the user-authentication PIN must be exactly 4 digits");
  CHECK_NOTHROW(check_sign_password("ABC123"));
  CHECK_NOTHROW(check_sign_password("ABCDEFGHIJ123456"));
  for (const char* pw : {"ABC12", "ABCDEFGHIJ1234567", "abc123", "ABC 123", "ABC-123"})
    CHECK_THROWS_WITH(check_sign_password(pw),
                      "sign-password: the signature password must be 6 to 16 characters of A-Z "
                      "and 0-9 (upper case)");
}

TEST_CASE("certificate fields derived from the holder") {
  CHECK(certificate_sex_field('1') == "1");
  CHECK(certificate_sex_field('2') == "2");
  CHECK(certificate_sex_field('9') == "3");
  CHECK(substitute_positions("個人番号\u3000花子") == "0000000");
}

}  // namespace
}  // namespace mynasim::pki
