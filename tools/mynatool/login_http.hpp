// mynatool login's side of jpki-login:1 over HTTPS (docs/jpki-login.md §4): the portal's
// challenge, the login, the report of a card problem to a waiting browser, and my page. Keeps
// the session cookie the portal sets (and rotates) like a browser would.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace httplib {
class SSLClient;
}

namespace mynasim::tools {

struct PortalAnswer {
  int status = 0;
  nlohmann::json body;
};

class PortalClient {
 public:
  // `url`: https://host[:port][/...]; `cacert`: PEM file to trust (empty: the system's store).
  PortalClient(const std::string& url, const std::string& cacert);
  ~PortalClient();

  const std::string& origin() const { return origin_; }
  PortalAnswer get(const std::string& path);
  PortalAnswer post(const std::string& path, const nlohmann::json& body);

 private:
  PortalAnswer answer_of(const void* result, const std::string& what);
  std::string origin_;
  std::string cookie_;
  std::unique_ptr<httplib::SSLClient> client_;
};

}  // namespace mynasim::tools
