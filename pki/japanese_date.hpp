// Calendar dates as J-LIS handles them: Gregorian dates, the Japanese eras (和暦) for the birth
// date field of the signature certificate, JST (UTC+9, no daylight saving) for "end of day",
// and the certificate validity rule.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "pki/unix_time.hpp"

namespace mynasim::pki {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);  // 0 for a month outside 1..12
bool is_valid_date(const Date& date);
std::string to_string(const Date& date);  // YYYY-MM-DD
std::string compact(const Date& date);    // YYYYMMDD

// The JST calendar day containing `t`, and the last second (23:59:59 JST) of a day.
Date jst_date_of(UnixTime t);
UnixTime jst_end_of_day(const Date& date);

// The eras, numbered as the signature certificate's birth date field (…8.5.5.4) numbers them.
enum class Era { kUnknown = 0, kMeiji = 1, kTaisho = 2, kShowa = 3, kHeisei = 4, kReiwa = 5 };

struct EraInfo {
  Era era;
  std::string_view kanji;  // 明治 …
  char letter;             // M T S H R
  Date first;              // first Gregorian day of the era
  Date last;               // last day; {9999,12,31} for the current era
};

const EraInfo& era_info(Era era);
// The era a Gregorian date falls in; Era::kUnknown before Meiji.
Era era_of(const Date& date);
// "EYYYYMMDD": era digit, then the Gregorian date (the certificate's birth date format).
std::string certificate_birth_field(const Date& date);

// The first day the simulated J-LIS accepts as a birth date: 1873-01-01 (明治6年), when Japan
// adopted the Gregorian calendar. Earlier dates would need the lunisolar calendar.
inline constexpr Date kFirstBirthDate{1873, 1, 1};

// A birth date in one of these forms:
//   "1980-02-17"                         Gregorian
//   "S55-02-17", "S55.02.17"             era letter (M T S H R) + era year
//   "昭和55年2月17日", "令和元年5月1日"      era name + era year (元 for year 1)
// The era forms are checked against the era's span ("平成31年5月1日" does not exist). On failure
// returns nullopt and sets `error` to what is wrong (without a field name: the caller adds it).
std::optional<Date> parse_birth_date(std::string_view text, std::string& error);

// The holder's birthday in `year`. A 29 February birthday falls on 28 February in a common year
// (as the age-counting law 年齢計算ニ関スル法律 has a person born on 29 February come of age at
// the end of 28 February).
Date birthday_in(const Date& birth, int year);

// The certificate validity rule, applied to both certificates of a card:
//   notBefore = the issuing instant;
//   notAfter  = 23:59:59 JST on the holder's 5th birthday after the issuing day, counting only
//               birthdays strictly after the JST issuing day (a certificate issued on the
//               holder's birthday runs to the birthday five years later).
// So a certificate lives between 4 years + 1 day and 5 years.
UnixTime end_entity_not_after(const Date& birth, UnixTime issued_at);

// Whole years of age on `on` (a 29 February birthday counts on 28 February in common years).
int age_on(const Date& birth, const Date& on);

}  // namespace mynasim::pki
