#include "tools/mynaportal/request_guard.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace mynasim::portal {
namespace {

// A header value quoted back in a message: printable ASCII only (the answer is JSON, which must
// be UTF-8), and short.
std::string quoted(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return "\"" + out + "\"";
}

}  // namespace

bool is_json_content_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!type.empty() && space(type.front())) type.remove_prefix(1);
  while (!type.empty() && space(type.back())) type.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  return type.size() == kJson.size() &&
         std::equal(type.begin(), type.end(), kJson.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

std::optional<Rejection> check_state_changing(std::string_view origin_header,
                                              std::string_view content_type,
                                              std::string_view portal_origin) {
  if (origin_header.empty())
    return Rejection{LoginError::kOriginRefused, "the request has no Origin header"};
  if (origin_header != portal_origin)
    return Rejection{
        LoginError::kOriginRefused,
        "Origin " + quoted(origin_header) + " is not the portal's, " + quoted(portal_origin)};
  if (!is_json_content_type(content_type))
    return Rejection{LoginError::kContentTypeUnsupported,
                     content_type.empty()
                         ? std::string("the request has no Content-Type")
                         : "Content-Type " + quoted(content_type) + " is not application/json"};
  return std::nullopt;
}

}  // namespace mynasim::portal
