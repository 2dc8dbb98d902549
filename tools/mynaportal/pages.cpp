#include "tools/mynaportal/pages.hpp"

#include <qrencode.h>

#include "pki/openssl_util.hpp"

namespace mynasim::portal {
namespace {

constexpr const char* kStyle =
    "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
    "code,.code{font-family:monospace}.code{font-size:2.4em;letter-spacing:.1em}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
    "text-align:left}.error{color:#b00}</style>";

std::string head(const std::string& title) {
  return "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" +
         html_escape(title) + "</title>" + kStyle + "</head><body>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string qr_svg(const std::string& text) {
  QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!qr) return "";
  const int n = qr->width, border = 4, size = n + 2 * border;
  std::string svg = "<svg id=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
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

std::string login_page(const std::string& code, const std::string& origin) {
  return head("マイナポータル (mynasim): log in") +
         "<h1>Log in with your My Number card</h1>"
         "<p>Put the card in the reader and run, on this computer:</p>"
         "<pre>mynatool login " +
         html_escape(origin) + " --code " + html_escape(code) +
         "</pre><p>Login code (valid 5 minutes):</p><p class=\"code\" id=\"login-code\">" +
         html_escape(code) + "</p>" + qr_svg(code) +
         "<p id=\"status\">Waiting for the card…</p>"
         "<script>\n"
         "async function poll() {\n"
         "  try {\n"
         "    const r = await fetch('/login/status', {credentials: 'same-origin'});\n"
         "    const s = await r.json();\n"
         "    if (s.state === 'done') { location.href = '/mypage'; return; }\n"
         "    if (s.state === 'failed') {\n"
         "      const p = document.getElementById('status');\n"
         "      p.className = 'error'; p.dataset.error = s.error;\n"
         "      p.textContent = s.message + ' (' + s.error + ')';\n"
         "      if (s.error !== 'PIN_BLOCKED') setTimeout(poll, 1000);\n"
         "      return;\n"
         "    }\n"
         "  } catch (e) {}\n"
         "  setTimeout(poll, 500);\n"
         "}\n"
         "poll();\n"
         "</script></body></html>";
}

std::string my_page(const MyPage& page) {
  const Account& a = page.account;
  std::string html = head("マイナポータル (mynasim): my page") +
                     "<h1>My page</h1><p id=\"holder\">Logged in as holder <code>" +
                     html_escape(a.pseudonym) +
                     "</code></p>"
                     "<form method=\"post\" action=\"/logout\"><button id=\"logout\">Log "
                     "out</button></form>"
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

std::string error_page(const std::string& title, const std::string& message) {
  return head(title) + "<h1>" + html_escape(title) + "</h1><p class=\"error\">" +
         html_escape(message) + "</p><p><a href=\"/login\">Log in again</a></p></body></html>";
}

}  // namespace mynasim::portal
