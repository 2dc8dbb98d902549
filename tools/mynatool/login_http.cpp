#include "tools/mynatool/login_http.hpp"

#include <httplib.h>

#include <algorithm>

#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

// https://host[:port]: the host, the port (443 by default) and the origin as the portal
// serialises it (lower-case host, no default port).
struct Target {
  std::string host;
  int port = 443;
  std::string origin;
};

Target parse_url(const std::string& url) {
  if (url.rfind("https://", 0) != 0)
    throw CommandFailed("URL: \"" + url +
                        "\" is not https://HOST[:PORT]: the portal is HTTPS only");
  const std::string rest = url.substr(8);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  std::transform(authority.begin(), authority.end(), authority.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  Target t;
  const auto colon = authority.rfind(':');
  t.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    try {
      t.port = std::stoi(authority.substr(colon + 1));
    } catch (const std::exception&) {
      throw CommandFailed("URL: bad port in \"" + url + "\"");
    }
  }
  if (t.host.empty() || authority.find('@') != std::string::npos)
    throw CommandFailed("URL: no host in \"" + url + "\"");
  t.origin = "https://" + t.host + (t.port == 443 ? "" : ":" + std::to_string(t.port));
  return t;
}

}  // namespace

PortalClient::PortalClient(const std::string& url, const std::string& cacert) {
  const Target target = parse_url(url);
  origin_ = target.origin;
  client_ = std::make_unique<httplib::SSLClient>(target.host, target.port);
  if (!cacert.empty()) client_->set_ca_cert_path(cacert.c_str());
  client_->enable_server_certificate_verification(true);
  client_->set_connection_timeout(10);
  client_->set_read_timeout(30);
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);  // else Nagle + delayed ACK: ~40 ms per request
}

PortalClient::~PortalClient() = default;

PortalAnswer PortalClient::answer_of(const void* result_ptr, const std::string& what) {
  const auto& result = *static_cast<const httplib::Result*>(result_ptr);
  if (!result) {
    std::string why = httplib::to_string(result.error());
    if (result.error() == httplib::Error::SSLServerVerification)
      why += " (is --cacert the portal's TLS CA?)";
    throw CommandFailed(what + ": cannot reach " + origin_ + ": " + why);
  }
  // The portal rotates the session on login: keep whichever id it set last.
  const std::string set_cookie = result->get_header_value("Set-Cookie");
  if (!set_cookie.empty()) cookie_ = set_cookie.substr(0, set_cookie.find(';'));
  PortalAnswer answer;
  answer.status = result->status;
  answer.body = nlohmann::json::parse(result->body, nullptr, false);
  if (answer.body.is_discarded())
    throw CommandFailed(what + ": the portal answered " + std::to_string(result->status) +
                        " without JSON");
  return answer;
}

PortalAnswer PortalClient::get(const std::string& path) {
  httplib::Headers headers;
  if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
  auto result = client_->Get(path.c_str(), headers);
  return answer_of(&result, "GET " + path.substr(0, path.find('?')));
}

PortalAnswer PortalClient::post(const std::string& path, const nlohmann::json& body) {
  // The portal refuses a state-changing POST without its own origin (as a browser sends it for
  // the portal's pages) and a JSON body type.
  httplib::Headers headers{{"Origin", origin_}};
  if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
  auto result = client_->Post(path.c_str(), headers, body.dump(), "application/json");
  return answer_of(&result, "POST " + path);
}

}  // namespace mynasim::tools
