#include "pki/japanese_date.hpp"
#include "pki/unix_time.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::kNow;

Date parse(std::string_view text) {
  std::string error;
  auto date = parse_birth_date(text, error);
  INFO(error);
  REQUIRE(date);
  return *date;
}

std::string parse_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(parse_birth_date(text, error));
  return error;
}

UnixTime at(std::string_view iso) {
  UnixTime t = 0;
  REQUIRE(parse_iso8601(iso, t));
  return t;
}

TEST_CASE("JST days and their last second") {
  CHECK(jst_date_of(kNow) == Date{2026, 9, 22});
  CHECK(jst_date_of(at("2026-09-21T14:59:59Z")) == Date{2026, 9, 21});
  CHECK(jst_date_of(at("2026-09-21T15:00:00Z")) == Date{2026, 9, 22});
  CHECK(iso8601(jst_end_of_day({2031, 2, 17})) == "2031-02-17T14:59:59Z");
}

TEST_CASE("era of a date, at every boundary, as the certificate writes it") {
  CHECK(certificate_birth_field({1980, 2, 17}) == "319800217");
  CHECK(certificate_birth_field({1912, 7, 29}) == "119120729");
  CHECK(certificate_birth_field({1912, 7, 30}) == "219120730");
  CHECK(certificate_birth_field({1926, 12, 24}) == "219261224");
  CHECK(certificate_birth_field({1926, 12, 25}) == "319261225");
  CHECK(certificate_birth_field({1989, 1, 7}) == "319890107");
  CHECK(certificate_birth_field({1989, 1, 8}) == "419890108");
  CHECK(certificate_birth_field({2019, 4, 30}) == "420190430");
  CHECK(certificate_birth_field({2019, 5, 1}) == "520190501");
  CHECK(certificate_birth_field({1868, 1, 24}) == "018680124");
}

TEST_CASE("birth date forms") {
  CHECK(parse("1980-02-17") == Date{1980, 2, 17});
  CHECK(parse("S55-02-17") == Date{1980, 2, 17});
  CHECK(parse("s55.2.17") == Date{1980, 2, 17});
  CHECK(parse("昭和55年2月17日") == Date{1980, 2, 17});
  CHECK(parse("令和元年5月1日") == Date{2019, 5, 1});
  CHECK(parse("H31-04-30") == Date{2019, 4, 30});
  CHECK(parse("S64-01-07") == Date{1989, 1, 7});
  CHECK(parse("T01-07-30") == Date{1912, 7, 30});
  CHECK(parse("2024-02-29") == Date{2024, 2, 29});
}

TEST_CASE("impossible dates and eras are refused with the reason") {
  CHECK(parse_error("2023-02-29") == "\"2023-02-29\" is not a calendar date");
  CHECK(parse_error("1980-13-01") == "\"1980-13-01\" is not a calendar date");
  CHECK(parse_error("1980-00-10") == "\"1980-00-10\" is not a calendar date");
  CHECK(parse_error("H31-05-01") ==
        "\"H31-05-01\" is not in the 平成 era (1989-01-08 to 2019-04-30)");
  CHECK(parse_error("平成35年1月1日") ==
        "\"平成35年1月1日\" is not in the 平成 era (1989-01-08 to 2019-04-30)");
  CHECK(parse_error("S64-01-08") ==
        "\"S64-01-08\" is not in the 昭和 era (1926-12-25 to 1989-01-07)");
  CHECK(parse_error("S00-01-01") == "\"S00-01-01\" is not a calendar date");
  CHECK(parse_error("R01-04-30") == "\"R01-04-30\" is not in the 令和 era (2019-05-01 to today)");
  CHECK(parse_error("1980/02/17").rfind("\"1980/02/17\" is not a date", 0) == 0);
  CHECK(parse_error("X55-02-17").rfind("\"X55-02-17\" is not a date", 0) == 0);
  CHECK(parse_error("").rfind("\"\" is not a date", 0) == 0);
}

TEST_CASE("validity ends on the 5th birthday after the issuing day, 23:59:59 JST") {
  // Issued 2026-09-22 JST; birthdays after: 2027-02-17 ... the 5th is 2031-02-17.
  CHECK(iso8601(end_entity_not_after({1980, 2, 17}, kNow)) == "2031-02-17T14:59:59Z");
  // Birthday the day after issuance: the 1st is tomorrow, the 5th four years later.
  CHECK(iso8601(end_entity_not_after({1990, 9, 23}, kNow)) == "2030-09-23T14:59:59Z");
  // Issued on the birthday itself: that day does not count.
  CHECK(iso8601(end_entity_not_after({1990, 9, 22}, kNow)) == "2031-09-22T14:59:59Z");
}

TEST_CASE("validity: the issuing day is the JST day") {
  // 14:59:59Z is still 21 September in Japan: the birthday on the 22nd is after it.
  CHECK(iso8601(end_entity_not_after({1990, 9, 22}, at("2026-09-21T14:59:59Z"))) ==
        "2030-09-22T14:59:59Z");
  // 15:00:00Z is already the 22nd, the birthday itself.
  CHECK(iso8601(end_entity_not_after({1990, 9, 22}, at("2026-09-21T15:00:00Z"))) ==
        "2031-09-22T14:59:59Z");
}

TEST_CASE("validity: 29 February birthdays fall on 28 February in common years") {
  CHECK(iso8601(end_entity_not_after({2000, 2, 29}, kNow)) == "2031-02-28T14:59:59Z");
  // From 2023-03-01 the 5th birthday is 2028-02-29, a leap day.
  CHECK(iso8601(end_entity_not_after({2000, 2, 29}, at("2023-03-01T03:00:00Z"))) ==
        "2028-02-29T14:59:59Z");
  CHECK(birthday_in({2000, 2, 29}, 2027) == Date{2027, 2, 28});
}

TEST_CASE("age on a day") {
  CHECK(age_on({2011, 9, 22}, {2026, 9, 22}) == 15);
  CHECK(age_on({2011, 9, 23}, {2026, 9, 22}) == 14);
  CHECK(age_on({2008, 2, 29}, {2023, 2, 28}) == 15);
  CHECK(age_on({2008, 2, 29}, {2023, 2, 27}) == 14);
}

TEST_CASE("ISO 8601 parsing accepts the documented forms only") {
  UnixTime t = 0;
  CHECK(parse_iso8601("2026-09-21T22:13:20Z", t));
  CHECK(t == kNow);
  CHECK(parse_iso8601("2026-09-21 22:13:20", t));
  CHECK(t == kNow);
  CHECK(parse_iso8601("@1790028800", t));
  CHECK(t == kNow);
  CHECK(parse_iso8601("2026-09-21", t));
  CHECK(t == kNow - (22 * 3600 + 13 * 60 + 20));
  CHECK_FALSE(parse_iso8601("2026-09-21T22:13:20", t));
  CHECK_FALSE(parse_iso8601("yesterday", t));
  CHECK_FALSE(parse_iso8601("@12x", t));
}

}  // namespace
}  // namespace mynasim::pki
