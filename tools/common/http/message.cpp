#include "tools/common/http/message.hpp"

#include <cctype>

namespace mynasim::http {

bool iequals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string Request::get_header_value(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

bool Request::has_header(const std::string& name) const {
  for (const auto& header : headers)
    if (iequals(header.first, name)) return true;
  return false;
}

bool Request::has_param(const std::string& name) const {
  for (const auto& param : params)
    if (param.first == name) return true;
  return false;
}

std::string Request::get_param_value(const std::string& name) const {
  for (const auto& [key, value] : params)
    if (key == name) return value;
  return {};
}

void Response::set_header(const std::string& name, const std::string& value) {
  headers.emplace_back(name, value);
}

void Response::set_content(std::string content, const std::string& content_type) {
  body = std::move(content);
  for (auto it = headers.begin(); it != headers.end();)
    it = iequals(it->first, "Content-Type") ? headers.erase(it) : it + 1;
  headers.emplace_back("Content-Type", content_type);
}

bool Response::has_header(const std::string& name) const {
  for (const auto& header : headers)
    if (iequals(header.first, name)) return true;
  return false;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(const std::string& text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string percent_encode(const std::string& text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(digits[u >> 4]);
      out.push_back(digits[u & 15]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    const std::string part = query.substr(pos, end - pos);
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      out.emplace_back(percent_decode(part.substr(0, eq), true),
                       eq == std::string::npos ? "" : percent_decode(part.substr(eq + 1), true));
    }
    pos = end + 1;
  }
  return out;
}

void split_target(const std::string& target, Request& into) {
  const std::size_t question = target.find('?');
  into.path = percent_decode(target.substr(0, question), false);
  into.params.clear();
  if (question != std::string::npos) into.params = parse_query(target.substr(question + 1));
}

}  // namespace mynasim::http
