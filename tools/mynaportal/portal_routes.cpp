// The portal's HTTP routes (docs/jpki-login.md §4).

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "pki/revocation_reason.hpp"
#include "tools/common/http/server.hpp"
#include "tools/mynaportal/oidc/attribute_routes.hpp"
#include "tools/mynaportal/pages.hpp"
#include "tools/mynaportal/portal_state.hpp"
#include "tools/mynaportal/request_guard.hpp"
#include "tools/mynaportal/security_headers.hpp"
#include "tools/mynaportal/static_assets.hpp"

namespace mynasim::portal {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Bodies are refused with 413 while they are read, past these (GET routes take none).
constexpr std::size_t kLoginBodyLimit = kMaxRequestBytes;  // docs/jpki-login.md step 1
constexpr std::size_t kSmallBodyLimit = 1024;              // {"code", "error"}; or nothing
// {"next": "/oidc/auth?..."}: an authorization request's parameters are 1024 bytes at most each.
constexpr std::size_t kStartBodyLimit = 8192;

std::string cookie_of(const Request& req) {
  const std::string header = req.get_header_value("Cookie");
  const std::string key = std::string(kCookieName) + "=";
  for (std::size_t pos = 0; pos < header.size();) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const std::size_t end = header.find(';', pos);
    const std::string part = header.substr(pos, end == std::string::npos ? end : end - pos);
    if (part.rfind(key, 0) == 0) return part.substr(key.size());
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return {};
}

void set_cookie(Response& res, const std::string& value, UnixTime max_age) {
  res.set_header("Set-Cookie", std::string(kCookieName) + "=" + value + "; Path=/; Max-Age=" +
                                   std::to_string(max_age) + "; Secure; HttpOnly; SameSite=Strict");
}

// Every answer goes through here (security_headers.hpp); nothing is cached.
void send_body(Response& res, int status, const std::string& body, const std::string& type) {
  res.status = status;
  for (const auto& [name, value] : security_headers()) res.set_header(name, value);
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, type);
}

void send_json(Response& res, const json& body, int status = 200) {
  send_body(res, status, body.dump(), "application/json");
}

void send_error(Response& res, const Rejection& r) {
  json body{{"error", code_of(r.error)}, {"message", explain(r.error)}, {"detail", r.detail}};
  if (r.reason >= 0) {
    body["reason"] = r.reason;
    body["reason_name"] = pki::crl_reason_name(r.reason);
  }
  send_json(res, body, http_status_of(r.error));
}

void send_html(Response& res, const std::string& html, int status = 200) {
  send_body(res, status, html, "text/html; charset=utf-8");
}

void redirect(Response& res, const std::string& to) {
  send_body(res, 303, "", "text/plain");
  res.set_header("Location", to);
}

// A state-changing request that a page of another site could have sent (request_guard.hpp) is
// answered here, before it touches anything: true when it was.
bool refused_cross_site(const Request& req, Response& res, const std::string& origin) {
  const auto rejection = check_state_changing(req.get_header_value("Origin"),
                                              req.get_header_value("Content-Type"), origin);
  if (!rejection) return false;
  send_error(res, *rejection);
  return true;
}

// The logged-in session's account, or nullopt.
std::optional<std::pair<Session, Account>> logged_in(Portal::State& s, const Request& req) {
  const auto session = s.store->session(cookie_of(req), s.clock());
  if (!session || !session->account_id || session->state != "done" || !session->login_code.empty())
    return std::nullopt;
  const auto account = s.store->account(session->account_id);
  if (!account) return std::nullopt;
  return std::make_pair(*session, *account);
}

MyPage my_page_of(Portal::State& s, const Account& account) {
  // Reading the holder's records is itself an access, recorded before it is shown.
  s.store->log_access(account.id, s.clock(), "mynaportal", "read",
                      "the holder viewed their identifiers and access records (my page)");
  MyPage page{account, {}, s.store->access_log(account.id)};
  const auto identity = s.identity->identity(account.cert_serial);
  for (const Service& service : services())
    page.identifiers.push_back(
        {service.id, service.name, s.identity->pseudonym(service.id, identity)});
  page.account.pseudonym = page.identifiers.front().pseudonym;
  return page;
}

json my_page_json(const MyPage& page) {
  json ids = json::array(), records = json::array();
  for (const auto& id : page.identifiers)
    ids.push_back({{"service", id.service_id}, {"name", id.service_name}, {"id", id.pseudonym}});
  for (const auto& r : page.records)
    records.push_back({{"at", pki::iso8601(r.at)},
                       {"service", r.service},
                       {"purpose", r.purpose},
                       {"detail", r.detail}});
  const Account& a = page.account;
  return {{"holder", a.pseudonym},
          {"identifiers", ids},
          {"certificate",
           {{"serial", a.cert_serial},
            {"not_after", pki::iso8601(a.cert_not_after)},
            {"status", a.cert_status},
            {"checked_by", a.status_source},
            {"checked_at", pki::iso8601(a.status_at)}}},
          {"access", records}};
}

}  // namespace

// For the OpenID Connect provider's routes (oidc/oidc_routes.cpp), which answer the same way.
std::optional<std::pair<Session, Account>> logged_in_session(Portal::State& s, const Request& req) {
  return logged_in(s, req);
}
void send_portal_body(Response& res, int status, const std::string& body, const std::string& type) {
  send_body(res, status, body, type);
}
void send_portal_html(Response& res, const std::string& html, int status) {
  send_html(res, html, status);
}
void send_portal_json(Response& res, const json& body, int status) {
  send_json(res, body, status);
}
void send_portal_rejection(Response& res, const Rejection& rejection) {
  send_error(res, rejection);
}

void Portal::route() {
  State& s = *state_;
  http::Server& server = *server_;

  server.get("/", [&s](const Request& req, Response& res) {
    redirect(res, logged_in(s, req) ? "/mypage" : "/login");
  });

  // The same page for everyone, and no state: its script asks for a code (POST /login/start).
  server.get("/login",
             [this](const Request&, Response& res) { send_html(res, login_page(origin_)); });

  // A login code and its anonymous session, for the login page's script. Whatever session the
  // browser had ends: it is starting a new login.
  // The page opened for an OpenID Connect request sends it as {"next"}: when it asks for the
  // holder's attributes, the answer (and the card client's challenge) says so.
  server.post("/login/start", {kStartBodyLimit}, [&s, this](const Request& req, Response& res) {
    if (refused_cross_site(req, res, origin_)) return;
    const UnixTime now = s.clock();
    const json body = json::parse(req.body, nullptr, false);
    const std::string next = body.is_object() && body.contains("next") && body["next"].is_string()
                                 ? body["next"].get<std::string>()
                                 : std::string();
    if (const auto old = s.store->session(cookie_of(req), now))
      s.store->delete_session(old->id_hash);
    const std::string code = new_login_code();
    const std::string id = s.store->create_session(now, kAnonymousSessionSeconds, 0, code);
    set_cookie(res, id, kAnonymousSessionSeconds);
    json answer{{"code", code},
                {"expires_in", kAnonymousSessionSeconds},
                {"origin", origin_},
                {"command", "mynatool login " + origin_ + " --code " + code}};
    const json wish = note_attribute_wish(s, PortalStore::hash_id(id), next, now);
    if (!wish.empty()) {
      answer.update(wish);
      answer["command"] = answer["command"].get<std::string>() + " --sign-password-env VAR";
    }
    send_json(res, answer);
  });

  // The QR code of the session's login code (an <img> of the page: CSP allows no data: URL).
  server.get("/login/qr.svg", [&s](const Request& req, Response& res) {
    const auto session = s.store->session(cookie_of(req), s.clock());
    if (!session || session->login_code.empty())
      return send_json(
          res, {{"error", "SESSION_EXPIRED"}, {"message", "This login page expired: reload it."}},
          404);
    send_body(res, 200, qr_svg(session->login_code), "image/svg+xml");
  });

  // Browsers ask for it on every page: no icon, and no 404 in their console or our logs.
  server.get("/favicon.ico",
             [](const Request&, Response& res) { send_body(res, 204, "", "image/x-icon"); });

  for (const StaticAsset& asset : static_assets())
    server.get(std::string(asset.path), [&asset](const Request&, Response& res) {
      send_body(res, 200, std::string(asset.body), std::string(asset.content_type));
    });

  server.get("/login/status", [&s](const Request& req, Response& res) {
    const auto session = s.store->session(cookie_of(req), s.clock());
    if (!session || session->login_code.empty())
      return send_json(res, {{"state", "failed"},
                             {"error", "SESSION_EXPIRED"},
                             {"message", "This login page expired: reload it."}});
    if (session->state == "failed") {
      const std::string& error = session->error;
      std::string message = "The login failed.";
      for (int e = 0; e <= static_cast<int>(kLastLoginError); ++e)
        if (code_of(static_cast<LoginError>(e)) == error)
          message = explain(static_cast<LoginError>(e));
      return send_json(res, {{"state", "failed"}, {"error", error}, {"message", message}});
    }
    if (session->state != "done") return send_json(res, {{"state", "waiting"}});
    // Logged in by code: the browser gets a new session id now; the page's one stops working.
    const std::string id =
        s.store->rotate(session->id_hash, session->account_id, s.clock(), kLoggedInSessionSeconds);
    attribute_session_rotated(s, session->id_hash, PortalStore::hash_id(id));
    set_cookie(res, id, kLoggedInSessionSeconds);
    send_json(res, {{"state", "done"}});
  });

  server.get("/api/challenge", [&s, this](const Request& req, Response& res) {
    const UnixTime now = s.clock();
    std::string owner;
    if (req.has_param("code")) {
      const auto session = s.store->session_by_code(req.get_param_value("code"), now);
      // Back to waiting unless done meanwhile (another instance may have completed it).
      if (!session || !s.store->reopen_code(session->id_hash))
        return send_error(res, {LoginError::kLoginCodeUnknown, "no login page shows that code"});
      owner = session->id_hash;
    } else if (const std::string cookie = cookie_of(req); !cookie.empty()) {
      owner = PortalStore::hash_id(cookie);
    } else {
      // A direct login's challenge is bound to a fresh cookie, not to a session row: the row
      // comes only with a successful login (rotate). The challenge store bounds the rest.
      const std::string id = PortalStore::new_id();
      set_cookie(res, id, s.challenges->lifetime());
      owner = PortalStore::hash_id(id);
    }
    json answer{{"nonce", s.challenges->issue(owner, now)},
                {"expires_in", s.challenges->lifetime()},
                {"origin", origin_},
                {"format", kFormatFull}};
    // An OpenID Connect client asks for attributes: the card's client must send the signature
    // certificate (docs/oidc.md).
    answer.update(attribute_wish_of(s, owner, now));
    send_json(res, answer);
  });

  server.post("/api/login", {kLoginBodyLimit}, [&s, this](const Request& req, Response& res) {
    if (refused_cross_site(req, res, origin_)) return;
    const UnixTime now = s.clock();
    auto parsed = parse_login_request(req.body);
    if (auto* rejection = std::get_if<Rejection>(&parsed)) return send_error(res, *rejection);
    const LoginRequest& request = std::get<LoginRequest>(parsed);
    std::optional<Session> session;
    if (!request.code.empty()) {
      session = s.store->session_by_code(request.code, now);
      if (!session)
        return send_error(res, {LoginError::kLoginCodeUnknown, "no login page shows that code"});
    }
    // A direct login: the challenge was bound to the cookie (with or without a session row).
    const std::string cookie = cookie_of(req);
    const std::string owner = session          ? session->id_hash
                              : cookie.empty() ? std::string("(no session)")
                                               : PortalStore::hash_id(cookie);
    const LoginOutcome outcome = s.validator->validate(request, owner, now);
    if (const auto* rejection = std::get_if<Rejection>(&outcome)) {
      if (!request.code.empty())
        s.store->set_session_state(owner, "failed", 0, std::string(code_of(rejection->error)));
      return send_error(res, *rejection);
    }
    const ValidatedLogin& ok = std::get<ValidatedLogin>(outcome);
    if (const auto rejection = check_attribute_login(s, owner, request, ok.serial, now)) {
      if (!request.code.empty())
        s.store->set_session_state(owner, "failed", 0, std::string(code_of(rejection->error)));
      return send_error(res, *rejection);
    }
    Account seen;
    seen.pseudonym = s.identity->pseudonym("mynaportal", s.identity->identity(ok.serial));
    seen.cert_serial = ok.serial;
    seen.cert_not_after = ok.not_after;
    seen.cert_status = "good";
    seen.status_source = ok.revocation_source;
    const Account account =
        s.store->record_login(seen, now, "mynaportal",
                              std::string("logged in with the card") +
                                  (request.code.empty() ? "" : " (login code shown in a browser)") +
                                  "; revocation checked by " + ok.revocation_source);
    json body{{"result", "ok"}, {"holder", account.pseudonym}};
    if (!request.code.empty()) {
      // A login code completes once, whichever instance gets there first.
      if (!s.store->complete_code(owner, account.id))
        return send_error(res, {LoginError::kLoginCodeUnknown, "that code was used already"});
      return send_json(res, body);
    }
    const std::string id = s.store->rotate(owner, account.id, now, kLoggedInSessionSeconds);
    attribute_session_rotated(s, owner, PortalStore::hash_id(id));
    set_cookie(res, id, kLoggedInSessionSeconds);
    send_json(res, body);
  });

  server.post("/api/login/abort", {kSmallBodyLimit}, [&s, this](const Request& req, Response& res) {
    if (refused_cross_site(req, res, origin_)) return;
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("code") ||
        !body["code"].is_string() || !body.contains("error") || !body["error"].is_string())
      return send_error(res, {LoginError::kTokenMalformed, "code and error are required"});
    const std::string error = body["error"];
    const LoginError reportable[] = {LoginError::kPinBlocked,
                                     LoginError::kPinLastTry,
                                     LoginError::kPinWrong,
                                     LoginError::kSignPasswordBlocked,
                                     LoginError::kSignPasswordLastTry,
                                     LoginError::kSignPasswordWrong};
    if (std::none_of(std::begin(reportable), std::end(reportable),
                     [&error](LoginError e) { return code_of(e) == error; }))
      return send_error(res, {LoginError::kTokenMalformed, "error is not a card problem"});
    const auto session = s.store->session_by_code(body["code"].get<std::string>(), s.clock());
    if (!session)
      return send_error(res, {LoginError::kLoginCodeUnknown, "no login page shows that code"});
    s.store->set_session_state(session->id_hash, "failed", 0, error);
    send_json(res, {{"result", "reported"}});
  });

  server.get("/mypage", [&s](const Request& req, Response& res) {
    const auto who = logged_in(s, req);
    if (!who) return redirect(res, "/login");
    send_html(res, my_page(my_page_of(s, who->second)));
  });

  server.get("/api/mypage", [&s](const Request& req, Response& res) {
    const auto who = logged_in(s, req);
    if (!who) return send_json(res, {{"error", "NOT_LOGGED_IN"}, {"message", "log in first"}}, 401);
    send_json(res, my_page_json(my_page_of(s, who->second)));
  });

  // my page's script (static/mypage.js) posts JSON; a form's POST is refused like any other.
  server.post("/logout", {kSmallBodyLimit}, [&s, this](const Request& req, Response& res) {
    if (refused_cross_site(req, res, origin_)) return;
    if (const auto session = s.store->session(cookie_of(req), s.clock()))
      s.store->delete_session(session->id_hash);
    set_cookie(res, "", 0);
    send_json(res, {{"result", "logged out"}});
  });

  route_oidc(server, s, origin_);
}

}  // namespace mynasim::portal
