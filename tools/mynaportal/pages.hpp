// The portal's HTML: the login page and "my page". Every value that came from outside is
// HTML-escaped. No inline script or style: each page loads /static/portal.css and its script
// (static/login.js: asks for a login code, shows it and its QR code, polls; static/mypage.js:
// logout; static/consent.js: the consent screen's answer; static/continue.js: goes on to the
// authorization request).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/common/cli/escape.hpp"
#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal {

struct ServiceIdentifier {
  std::string service_id;
  std::string service_name;
  std::string pseudonym;
};

struct MyPage {
  Account account;
  std::vector<ServiceIdentifier> identifiers;
  std::vector<AccessRecord> records;
};

inline std::string html_escape(std::string_view text) {
  return cli::markup_escape(text);
}
// The QR code of `text` as an SVG document (libqrencode, error correction M): GET /login/qr.svg.
std::string qr_svg(const std::string& text);
// The same for every visitor: the code comes from POST /login/start, made by the page's script.
std::string login_page(const std::string& origin);
std::string my_page(const MyPage& page);
// The answer to an authorization request that came from another site without the session
// cookie: static/continue.js (or the link, without JavaScript) makes `target` (/oidc/auth?...,
// the same request) again from this origin, which brings the SameSite=Strict cookie.
std::string continue_page(const std::string& target);
std::string error_page(const std::string& title, const std::string& message);

// One attribute on the consent screen: the scope, how it is named, the value the client gets.
struct ConsentItem {
  std::string scope;
  std::string label;
  std::string value;
};
// The consent screen of an OpenID Connect client's attribute scopes (docs/oidc.md): names the
// client and each attribute with its value; its script (static/consent.js) posts the answer to
// /oidc/consent with `consent_id` and follows the redirect it gets.
// scope sign: what the card signed, shown before the signature goes to the client.
struct SignShown {
  std::string display_text;  // the client's text ("" when none)
  std::string digest_hex;    // the SHA-256 digest the client registered
};
std::string consent_page(const std::string& client_id, const std::vector<ConsentItem>& items,
                         const std::string& consent_id,
                         const std::optional<SignShown>& sign = std::nullopt);

}  // namespace mynasim::portal
