// The portal's browser rules: what a state-changing request must carry (request_guard.hpp) and
// the headers on every answer (security_headers.hpp). Through HTTP: tests/integration/portal/
// browser_rules_test.sh.

#include <catch2/catch.hpp>

#include <map>
#include <regex>

#include "tools/mynaportal/pages.hpp"
#include "tools/mynaportal/request_guard.hpp"
#include "tools/mynaportal/security_headers.hpp"

namespace mynasim::portal {
namespace {

constexpr const char* kPortal = "https://127.0.0.1:8443";

std::string verdict(std::string_view origin, std::string_view type) {
  const auto r = check_state_changing(origin, type, kPortal);
  return r ? std::string(code_of(r->error)) + " " + std::to_string(http_status_of(r->error)) + " " +
                 r->detail
           : "OK";
}

}  // namespace

TEST_CASE("state-changing requests: the exact Origin, then a JSON body", "[portal]") {
  CHECK(verdict(kPortal, "application/json") == "OK");
  CHECK(verdict(kPortal, "application/json; charset=utf-8") == "OK");
  CHECK(verdict(kPortal, " Application/JSON ;charset=UTF-8") == "OK");
  CHECK(verdict("https://evil.example", "application/json") ==
        "ORIGIN_REFUSED 403 Origin \"https://evil.example\" is not the portal's, "
        "\"https://127.0.0.1:8443\"");
  CHECK(verdict("", "application/json") == "ORIGIN_REFUSED 403 the request has no Origin header");
  CHECK(verdict("null", "application/json").rfind("ORIGIN_REFUSED 403", 0) == 0);
  // Near misses of the origin: another port, scheme, a trailing slash, a different case.
  CHECK(verdict("https://127.0.0.1:8444", "application/json").rfind("ORIGIN_REFUSED", 0) == 0);
  CHECK(verdict("http://127.0.0.1:8443", "application/json").rfind("ORIGIN_REFUSED", 0) == 0);
  CHECK(verdict("https://127.0.0.1:8443/", "application/json").rfind("ORIGIN_REFUSED", 0) == 0);
  CHECK(verdict("HTTPS://127.0.0.1:8443", "application/json").rfind("ORIGIN_REFUSED", 0) == 0);
  // The origin is checked first: a cross-site form is 403, not 415.
  CHECK(verdict("https://evil.example", "text/plain").rfind("ORIGIN_REFUSED 403", 0) == 0);
  // The types a page of another site may send without a preflight, and near misses of JSON.
  CHECK(verdict(kPortal, "text/plain") ==
        "CONTENT_TYPE_UNSUPPORTED 415 Content-Type \"text/plain\" is not application/json");
  CHECK(verdict(kPortal, "application/x-www-form-urlencoded")
            .rfind("CONTENT_TYPE_UNSUPPORTED 415", 0) == 0);
  CHECK(verdict(kPortal, "multipart/form-data; boundary=x").rfind("CONTENT_TYPE_UNSUPPORTED", 0) ==
        0);
  CHECK(verdict(kPortal, "application/json-seq").rfind("CONTENT_TYPE_UNSUPPORTED", 0) == 0);
  CHECK(verdict(kPortal, "text/json").rfind("CONTENT_TYPE_UNSUPPORTED", 0) == 0);
  CHECK(verdict(kPortal, "") == "CONTENT_TYPE_UNSUPPORTED 415 the request has no Content-Type");
  // Bytes from the header are quoted back as printable ASCII only (the answer is JSON).
  CHECK(
      verdict("https://\xff\x01x", "application/json") ==
      "ORIGIN_REFUSED 403 Origin \"https://??x\" is not the portal's, \"https://127.0.0.1:8443\"");
}

TEST_CASE("security headers: what issue 12 asks of every answer, each once", "[portal]") {
  std::map<std::string, std::string> by_name;
  for (const auto& [name, value] : security_headers()) {
    CHECK(by_name.count(name) == 0);
    by_name[name] = value;
    CHECK(value.find("unsafe") == std::string::npos);  // no inline code, no eval
  }
  const std::string csp = by_name["Content-Security-Policy"];
  CHECK(csp.rfind("default-src 'self';", 0) == 0);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  // No directive widens default-src for scripts or styles.
  CHECK(csp.find("script-src") == std::string::npos);
  CHECK(csp.find("style-src") == std::string::npos);
  CHECK(by_name["X-Frame-Options"] == "DENY");
  CHECK(by_name["Strict-Transport-Security"] == "max-age=31536000");
  CHECK(by_name["X-Content-Type-Options"] == "nosniff");
  CHECK(by_name["Referrer-Policy"] == "no-referrer");
}

TEST_CASE("pages: no inline script or style, their files linked", "[portal]") {
  MyPage mine;
  mine.account.pseudonym = "0123456789abcdef0123456789abcdef";
  mine.account.cert_status = "good";
  mine.identifiers.push_back({"mynaportal", "Portal", "p1"});
  mine.records.push_back({1700000000, "mynaportal", "login", "<script>alert(1)</script>"});
  const std::regex inline_code(R"(<script(>| [^>]*>[^<])|<style|\sstyle=|\son[a-z]+=|javascript:)",
                               std::regex::icase);
  for (const auto& [page, script] :
       {std::pair{login_page("https://127.0.0.1:8443"), std::string("login.js")},
        std::pair{my_page(mine), std::string("mypage.js")}}) {
    CHECK_FALSE(std::regex_search(page, inline_code));
    CHECK(page.find("<script src=\"/static/" + script + "\" defer></script>") != std::string::npos);
    CHECK(page.find("<link rel=\"stylesheet\" href=\"/static/portal.css\">") != std::string::npos);
  }
  // The holder's records are escaped, never markup.
  CHECK(my_page(mine).find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  // The login page is the same for everyone: no code in it (the script asks for one).
  CHECK(login_page("https://a") == login_page("https://a"));
  CHECK(login_page("https://a").find("id=\"login-code\"") == std::string::npos);
}

}  // namespace mynasim::portal
