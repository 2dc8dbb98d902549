#include "pki/japanese_date.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

constexpr UnixTime kJstOffset = 9 * 3600;
constexpr UnixTime kDay = 86400;

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(const Date& d) {
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400) + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

const std::array<EraInfo, 6> kEras = {{
    {Era::kUnknown, "不明", '?', {0, 1, 1}, {1868, 1, 24}},
    {Era::kMeiji, "明治", 'M', {1868, 1, 25}, {1912, 7, 29}},
    {Era::kTaisho, "大正", 'T', {1912, 7, 30}, {1926, 12, 24}},
    {Era::kShowa, "昭和", 'S', {1926, 12, 25}, {1989, 1, 7}},
    {Era::kHeisei, "平成", 'H', {1989, 1, 8}, {2019, 4, 30}},
    {Era::kReiwa, "令和", 'R', {2019, 5, 1}, {9999, 12, 31}},
}};

// Reads 1-4 ASCII digits at `pos`; advances it.
bool read_number(std::string_view text, std::size_t& pos, int& out, std::size_t max_digits = 4) {
  std::size_t end = pos;
  while (end < text.size() && end - pos < max_digits && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == pos) return false;
  std::from_chars(text.data() + pos, text.data() + end, out);
  pos = end;
  return true;
}

bool consume(std::string_view text, std::size_t& pos, std::string_view token) {
  if (text.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

std::optional<Date> from_era(const EraInfo& info, int era_year, int month, int day,
                             std::string_view text, std::string& error) {
  const Date date{info.first.year + era_year - 1, month, day};
  if (era_year < 1 || !is_valid_date(date)) {
    error = "\"" + std::string(text) + "\" is not a calendar date";
    return std::nullopt;
  }
  if (date < info.first || date > info.last) {
    error = "\"" + std::string(text) + "\" is not in the " + std::string(info.kanji) + " era (" +
            to_string(info.first) + " to " +
            (info.last.year == 9999 ? std::string("today") : to_string(info.last)) + ")";
    return std::nullopt;
  }
  return date;
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid_date(const Date& d) {
  return d.year >= 1 && d.year <= 9999 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

std::string to_string(const Date& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

std::string compact(const Date& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", d.year, d.month, d.day);
  return buffer;
}

Date jst_date_of(UnixTime t) {
  const UnixTime local = t + kJstOffset;
  return civil_from_days(local >= 0 ? local / kDay : (local - kDay + 1) / kDay);
}

UnixTime jst_end_of_day(const Date& date) {
  return (days_from_civil(date) + 1) * kDay - kJstOffset - 1;
}

const EraInfo& era_info(Era era) {
  return kEras[static_cast<std::size_t>(era)];
}

Era era_of(const Date& date) {
  for (auto it = kEras.rbegin(); it != kEras.rend(); ++it)
    if (date >= it->first) return it->era;
  return Era::kUnknown;
}

std::string certificate_birth_field(const Date& date) {
  return std::to_string(static_cast<int>(era_of(date))) + compact(date);
}

std::optional<Date> parse_birth_date(std::string_view text, std::string& error) {
  std::size_t pos = 0;
  int a = 0, b = 0, c = 0;
  // Gregorian YYYY-MM-DD.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    if (read_number(text, pos, a) && pos == 4 && consume(text, pos, "-") &&
        read_number(text, pos, b, 2) && pos == 7 && consume(text, pos, "-") &&
        read_number(text, pos, c, 2) && pos == 10) {
      const Date date{a, b, c};
      if (is_valid_date(date)) return date;
    }
    error = "\"" + std::string(text) + "\" is not a calendar date";
    return std::nullopt;
  }
  // Era letter form: S55-02-17 / S55.02.17.
  for (const EraInfo& info : kEras) {
    if (info.era == Era::kUnknown) continue;
    pos = 0;
    if (!text.empty() && (text[0] == info.letter || text[0] == info.letter + ('a' - 'A'))) {
      pos = 1;
      const bool ok = read_number(text, pos, a, 2) && pos < text.size() &&
                      (text[pos] == '-' || text[pos] == '.') && ++pos &&
                      read_number(text, pos, b, 2) && pos < text.size() &&
                      (text[pos] == '-' || text[pos] == '.') && ++pos &&
                      read_number(text, pos, c, 2) && pos == text.size();
      if (ok) return from_era(info, a, b, c, text, error);
    }
    // Era name form: 昭和55年2月17日, 令和元年5月1日.
    pos = 0;
    if (consume(text, pos, info.kanji)) {
      const bool year_ok = consume(text, pos, "元") ? (a = 1, true) : read_number(text, pos, a, 2);
      const bool ok = year_ok && consume(text, pos, "年") && read_number(text, pos, b, 2) &&
                      consume(text, pos, "月") && read_number(text, pos, c, 2) &&
                      consume(text, pos, "日") && pos == text.size();
      if (ok) return from_era(info, a, b, c, text, error);
    }
  }
  error = "\"" + std::string(text) +
          "\" is not a date: use YYYY-MM-DD, an era letter form such as S55-02-17, or "
          "昭和55年2月17日";
  return std::nullopt;
}

Date birthday_in(const Date& birth, int year) {
  if (birth.month == 2 && birth.day == 29 && !is_leap_year(year)) return {year, 2, 28};
  return {year, birth.month, birth.day};
}

UnixTime end_entity_not_after(const Date& birth, UnixTime issued_at) {
  const Date issued = jst_date_of(issued_at);
  // The first birthday strictly after the issuing day is in this year or the next.
  int year = issued.year;
  if (birthday_in(birth, year) <= issued) ++year;
  return jst_end_of_day(birthday_in(birth, year + 4));
}

int age_on(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on < birthday_in(birth, on.year)) --age;
  return age;
}

}  // namespace mynasim::pki
