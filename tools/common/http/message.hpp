// What a route handler sees and fills in (tools/common/http/server.hpp). The member names are
// cpp-httplib's, so handlers written for it port by changing their registrations only.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mynasim::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, without the query string
  std::string body;
  std::string remote_addr;                                  // the client's IP address as text
  Headers headers;                                          // as received, in order
  std::vector<std::pair<std::string, std::string>> params;  // the query string, decoded

  // Header names compare without case; "" / false when absent.
  std::string get_header_value(const std::string& name) const;
  bool has_header(const std::string& name) const;
  bool has_param(const std::string& name) const;
  std::string get_param_value(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string body;
  Headers headers;  // a name may repeat (Set-Cookie)

  void set_header(const std::string& name, const std::string& value);
  void set_content(std::string body, const std::string& content_type);
  bool has_header(const std::string& name) const;
};

bool iequals(const std::string& a, const std::string& b);

// %XX decoding; with `plus_is_space` (query strings) '+' means a space. Malformed escapes are
// kept as they are, as browsers do.
std::string percent_decode(const std::string& text, bool plus_is_space);
// Every byte but RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX: a query value.
std::string percent_encode(const std::string& text);

// "a=1&b=x+y" -> {{"a","1"},{"b","x y"}}.
std::vector<std::pair<std::string, std::string>> parse_query(const std::string& query);

// Splits a request target into the decoded path and the parsed query.
void split_target(const std::string& target, Request& into);

}  // namespace mynasim::http
