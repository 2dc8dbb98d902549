#include "pki/holder.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "pki/my_number.hpp"

namespace mynasim::pki {
namespace {

constexpr std::array<std::string_view, 47> kPrefectures = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};

// Decodes one UTF-8 sequence at `pos`; returns the code point or -1.
long decode_utf8(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  int extra = 0;
  long cp = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07;
  } else {
    return -1;
  }
  if (pos + static_cast<std::size_t>(extra) >= s.size()) return -1;
  for (int i = 1; i <= extra; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  static constexpr long kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  pos += static_cast<std::size_t>(extra) + 1;
  return cp;
}

// Splits UTF-8 text into characters (valid UTF-8 assumed: checked before).
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t at = pos;
    if (decode_utf8(text, pos) < 0) break;
    out.push_back(text.substr(at, pos - at));
  }
  return out;
}

// The municipality (市区町村) that follows the prefecture. Heuristic, for Japanese addresses:
//   1. "<郡>郡<town>町|村" when a 町 or 村 follows the 郡 before any 市 (西多摩郡奥多摩町);
//   2. a city: up to the first 市 (and any 市 right after it: 四日市市), if it comes before the
//      first 区 (横浜市中区 -> 横浜市; but 千代田区市谷 -> 千代田区);
//   3. a Tokyo ward: up to the first 区;
//   4. a town or village: up to the first 町 or 村 (大島町).
// No rule matches at the first character, so 市川市, 町田市 and 郡山市 come out whole.
std::string municipality_of(std::string_view rest) {
  const auto chars = characters(rest);
  const auto find = [&](std::initializer_list<std::string_view> which, std::size_t from) {
    for (std::size_t i = std::max<std::size_t>(from, 1); i < chars.size(); ++i)
      if (std::find(which.begin(), which.end(), chars[i]) != which.end()) return i;
    return chars.size();
  };
  const auto through = [&](std::size_t last) {
    std::string out;
    for (std::size_t i = 0; i <= last; ++i) out += chars[i];
    return out;
  };
  const std::size_t none = chars.size();
  const std::size_t gun = find({"郡"}, 1);
  if (gun != none) {
    const std::size_t town = find({"町", "村"}, gun + 1);
    if (town != none && town < find({"市"}, gun + 1)) return through(town);
  }
  std::size_t city = find({"市"}, 1);
  const std::size_t ward = find({"区"}, 1);
  if (city != none && city < ward) {
    while (city + 1 < none && chars[city + 1] == "市") ++city;
    return through(city);
  }
  if (ward != none) return through(ward);
  const std::size_t town = find({"町", "村"}, 1);
  return town != none ? through(town) : std::string();
}

void check_text(const std::string& field, std::string_view value, std::size_t max_chars) {
  if (value.empty()) throw InvalidField(field, "is empty");
  const std::size_t chars = utf8_length(value, field);
  if (chars > max_chars)
    throw InvalidField(field, "is " + std::to_string(chars) + " characters long; at most " +
                                  std::to_string(max_chars) + " are allowed");
  if (value.front() == ' ' || value.back() == ' ')
    throw InvalidField(field, "begins or ends with a space");
}

}  // namespace

std::size_t utf8_length(std::string_view text, const std::string& field) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    const std::size_t at = pos;
    const long cp = decode_utf8(text, pos);
    if (cp < 0) throw InvalidField(field, "is not valid UTF-8 (byte " + std::to_string(at) + ")");
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
      throw InvalidField(
          field, "contains a control character (character " + std::to_string(count + 1) + ")");
  }
  return count;
}

Holder validate_holder(const HolderInput& input, const Date& today) {
  Holder holder;
  check_text("name", input.name, kMaxNameChars);
  holder.name = input.name;

  check_text("address", input.address, kMaxAddressChars);
  for (std::string_view prefecture : kPrefectures) {
    if (std::string_view(input.address).substr(0, prefecture.size()) == prefecture) {
      holder.prefecture = prefecture;
      holder.municipality =
          municipality_of(std::string_view(input.address).substr(prefecture.size()));
      break;
    }
  }
  if (holder.prefecture.empty())
    throw InvalidField("address", "must begin with a prefecture (都道府県), e.g. 東京都");
  if (holder.municipality.empty())
    throw InvalidField("address", "must name a municipality (市区町村) after " + holder.prefecture);
  holder.address = input.address;

  std::string error;
  const auto birth = parse_birth_date(input.birth, error);
  if (!birth) throw InvalidField("birth", error);
  if (*birth < kFirstBirthDate)
    throw InvalidField("birth", to_string(*birth) +
                                    " is before 1873-01-01, when Japan adopted the Gregorian "
                                    "calendar");
  if (*birth > today)
    throw InvalidField(
        "birth", to_string(*birth) + " is in the future (today is " + to_string(today) + " JST)");
  holder.birth = *birth;

  if (input.sex != "1" && input.sex != "2" && input.sex != "9")
    throw InvalidField("sex", "must be 1 (male), 2 (female) or 9 (not applicable)");
  holder.sex = input.sex[0];

  if (!input.my_number.empty()) {
    if (auto problem = my_number::problem(input.my_number); !problem.empty())
      throw InvalidField("my-number", problem);
    holder.my_number = input.my_number;
  }
  if (!input.resident_code.empty()) {
    if (!my_number::is_resident_code(input.resident_code))
      throw InvalidField("resident-code", "must be 11 digits");
    holder.resident_code = input.resident_code;
  }
  return holder;
}

void check_auth_pin(std::string_view pin) {
  if (pin.size() != 4 ||
      !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw InvalidField("pin", "the user-authentication PIN must be exactly 4 digits");
}

void check_sign_password(std::string_view password) {
  const bool chars_ok = std::all_of(password.begin(), password.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  });
  if (password.size() < 6 || password.size() > 16 || !chars_ok)
    throw InvalidField("sign-password",
                       "the signature password must be 6 to 16 characters of A-Z and 0-9 "
                       "(upper case)");
}

std::string certificate_sex_field(char sex) {
  return sex == '9' ? "3" : std::string(1, sex);
}

std::string substitute_positions(std::string_view text) {
  return std::string(utf8_length(text, "text"), '0');
}

}  // namespace mynasim::pki
