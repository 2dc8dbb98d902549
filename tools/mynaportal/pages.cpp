#include "tools/mynaportal/pages.hpp"

#include <qrencode.h>

#include "pki/unix_time.hpp"

namespace mynasim::portal {
namespace {

// The style sheet and the page's script are files the portal serves (static_assets.hpp): the
// CSP allows no inline script or style. `script` empty: none.
std::string head(const std::string& title, const std::string& script = "") {
  return "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" +
         html_escape(title) + "</title><link rel=\"stylesheet\" href=\"/static/portal.css\">" +
         (script.empty() ? "" : "<script src=\"/static/" + script + "\" defer></script>") +
         "</head><body>";
}

}  // namespace

std::string qr_svg(const std::string& text) {
  QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!qr) return "";
  const int n = qr->width, border = 4, size = n + 2 * border;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(size * 6) + "\" height=\"" + std::to_string(size * 6) +
                    "\" viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (qr->data[y * n + x] & 1)
        svg += "M" + std::to_string(x + border) + " " + std::to_string(y + border) + "h1v1h-1z";
  svg += "\"/></svg>";
  QRcode_free(qr);
  return svg;
}

std::string login_page(const std::string& origin) {
  // mynasim-login.js: the extension's page API; login.js (deferred after it) offers the card
  // reader when the extension answers (docs/native-host.md).
  return head("マイナポータル (mynasim): log in", "mynasim-login.js") +
         "<script src=\"/static/login.js\" defer></script>"
         "<h1>Log in with your My Number card</h1>"
         "<div id=\"card-reader\" hidden><p><button id=\"card-login\" type=\"button\">Log in "
         "with this computer's card reader</button></p><p id=\"card-status\"></p></div>"
         "<p>Put the card in the reader and run, on this computer:</p>"
         "<pre>mynatool login " +
         html_escape(origin) +
         " --code <span id=\"command-code\">…</span></pre>"
         "<p>Login code (valid 5 minutes):</p><div id=\"code-slot\"></div>"
         "<img id=\"qr\" alt=\"QR code of the login code\" hidden>"
         "<p id=\"status\">Asking the portal for a login code…</p>"
         "<noscript><p class=\"error\">This page needs JavaScript for its login code; without it, "
         "run <code>mynatool login " +
         html_escape(origin) +
         "</code> to log in on the command line.</p></noscript></body></html>";
}

std::string my_page(const MyPage& page) {
  const Account& a = page.account;
  std::string html = head("マイナポータル (mynasim): my page", "mypage.js") +
                     "<h1>My page</h1><p id=\"holder\">Logged in as holder <code>" +
                     html_escape(a.pseudonym) +
                     "</code></p>"
                     "<p><button id=\"logout\" type=\"button\">Log out</button></p>"
                     "<h2>Your identifier at each service</h2><table id=\"identifiers\">"
                     "<tr><th>service</th><th>identifier</th></tr>";
  for (const auto& id : page.identifiers)
    html += "<tr><td>" + html_escape(id.service_name) + "</td><td><code>" +
            html_escape(id.pseudonym) + "</code></td></tr>";
  html +=
      "</table><p>Each service gets its own identifier; none can be traced back to you or "
      "linked to another's.</p><h2>Your certificate</h2><p id=\"certificate\">"
      "User-authentication certificate serial " +
      std::to_string(a.cert_serial) + ", valid until " + pki::iso8601(a.cert_not_after) +
      ": <strong>" + html_escape(a.cert_status) + "</strong> (checked " +
      pki::iso8601(a.status_at) + " by " + html_escape(a.status_source) +
      ")</p>"
      "<h2>Who accessed your information</h2><table id=\"access\"><tr><th>when</th>"
      "<th>service</th><th>what</th><th>purpose</th></tr>";
  for (const auto& r : page.records)
    html += "<tr><td>" + pki::iso8601(r.at) + "</td><td>" + html_escape(r.service) + "</td><td>" +
            html_escape(r.purpose) + "</td><td>" + html_escape(r.detail) + "</td></tr>";
  return html + "</table></body></html>";
}

std::string continue_page(const std::string& target) {
  return head("マイナポータル (mynasim): signing in", "continue.js") +
         "<h1>Signing in…</h1><p><a id=\"continue\" href=\"" + html_escape(target) +
         "\">Continue</a></p></body></html>";
}

std::string error_page(const std::string& title, const std::string& message) {
  return head(title) + "<h1>" + html_escape(title) + "</h1><p class=\"error\">" +
         html_escape(message) + "</p><p><a href=\"/login\">Log in again</a></p></body></html>";
}

std::string consent_page(const std::string& client_id, const std::vector<ConsentItem>& items,
                         const std::string& consent_id, const std::optional<SignShown>& sign) {
  std::string html = head("マイナポータル (mynasim): consent", "consent.js") +
                     "<h1>A service asks for your information</h1>";
  if (!items.empty()) {
    html += "<p>The service <strong id=\"client\">" + html_escape(client_id) +
            "</strong> asks for these attributes from your card's signature "
            "certificate:</p><table id=\"attributes\"><tr><th>attribute</th>"
            "<th>what it will get</th></tr>";
    for (const ConsentItem& item : items)
      html += "<tr data-scope=\"" + html_escape(item.scope) + "\"><td>" + html_escape(item.label) +
              "</td><td>" + html_escape(item.value) + "</td></tr>";
    html += "</table>";
  }
  if (sign)
    html += "<p>The service <strong id=\"sign-client\">" + html_escape(client_id) +
            "</strong> asks for your electronic signature (署名用電子証明書) over:</p><table "
            "id=\"sign\"><tr><th>text</th><td id=\"sign-text\">" +
            html_escape(sign->display_text) +
            "</td></tr><tr><th>SHA-256 digest</th><td id=\"sign-digest\">" +
            html_escape(sign->digest_hex) +
            "</td></tr></table><p>Your card has signed it; the signature and your signature "
            "certificate go to the service only if you allow it.</p>";
  return html +
         "<p>Nothing is sent unless you allow it; the access is recorded on your "
         "page.</p><p id=\"consent\" data-consent=\"" +
         html_escape(consent_id) +
         "\"><button id=\"allow\" type=\"button\">Allow</button> <button id=\"deny\" "
         "type=\"button\">Decline</button></p><p id=\"consent-status\"></p>"
         "<noscript><p class=\"error\">This page needs JavaScript to send your answer.</p>"
         "</noscript></body></html>";
}

}  // namespace mynasim::portal
