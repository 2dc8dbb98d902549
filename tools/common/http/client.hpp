// An HTTP/1.1 client for one POST (or GET) with a bound on everything: one total deadline for
// resolving, connecting, sending and receiving, and a cap on the response's size. For a relying
// party's calls to an OCSP responder, where waiting is what an attacker wants. http:// only.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace mynasim::http {

using Deadline = std::chrono::milliseconds;  // from the call to the last byte of the answer

struct ClientResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// An http:// URL's parts: host (brackets of an IPv6 literal removed), port ("80" when absent)
// and path ("/" when absent). nullopt for another scheme or an empty host or port. The one URL
// parser of the host tools: post() uses it, and so does whoever needs a URL's port.
struct Url {
  std::string host, port, path;
};
std::optional<Url> parse_url(const std::string& url);

// nullopt on any failure (not http://, unresolvable, refused, deadline passed, answer larger than
// max_response_bytes or malformed); `error`, when given, then says which.
std::optional<ClientResponse> post(const std::string& url, const std::string& body,
                                   const std::string& content_type, Deadline total,
                                   std::size_t max_response_bytes, std::string* error = nullptr);
// The same bounds for one GET (a CRL from a certificate's distribution point).
std::optional<ClientResponse> get(const std::string& url, Deadline total,
                                  std::size_t max_response_bytes, std::string* error = nullptr);

}  // namespace mynasim::http
