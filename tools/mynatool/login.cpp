// `mynatool login URL [--code CODE]`: jpki-login:1 (docs/jpki-login.md) with the card in any
// PC/SC reader. With --code it completes the login a browser shows; without, it logs in itself
// and prints the holder's page. The card's part: read the user-authentication certificate, check
// the PIN's tries (stop when blocked, or with one try left unless --allow-last-try), VERIFY,
// then sign SHA-256(SHA-256(origin) || SHA-256(nonce)) as a SHA-256 DigestInfo with the auth key.

#include <cstdio>
#include <memory>

#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/login_http.hpp"
#include "tools/mynatool/login_token.hpp"

namespace mynasim::tools {
namespace {

using client::PinStatus;
using client::PinType;
using nlohmann::json;

struct Args {
  std::string url;
  std::string code;
  std::string cacert;
  PinOptions pin;
};

// Tells the waiting browser why the login stops (only with --code), then stops.
[[noreturn]] void stop(PortalClient& portal, const Args& args, const char* error,
                       const std::string& why) {
  if (!args.code.empty()) {
    try {
      portal.post("/api/login/abort", {{"code", args.code}, {"error", error}});
    } catch (const std::exception&) {
      // The card problem is what the holder must hear about; a lost report changes nothing.
    }
  }
  throw CommandFailed(why);
}

constexpr const char* kOffice =
    "the user-authentication PIN is blocked: take the card to your municipal office to have it "
    "unblocked";

// The card's part, up to a verified PIN; returns the certificate.
Bytes prepare_card(Session& session, PortalClient& portal, const Args& args) {
  session.jpki().select();
  const Bytes certificate = session.jpki().read_certificate(client::CertificateType::kAuth);
  const PinStatus status = session.jpki().pin_status(PinType::kAuth);
  if (status.state == PinStatus::State::kBlocked) stop(portal, args, "PIN_BLOCKED", kOffice);
  if (status.state == PinStatus::State::kTriesLeft && status.tries_left == 1 &&
      !args.pin.allow_last_try)
    stop(portal, args, "PIN_LAST_TRY",
         "the user-authentication PIN has 1 try left: a wrong PIN would block the card, so "
         "mynatool stops here. Pass --allow-last-try if you are sure of the PIN");
  try {
    verify_pin(session, PinType::kAuth, args.pin);
  } catch (const CommandFailed& e) {
    const PinStatus after = session.jpki().pin_status(PinType::kAuth);
    if (after.state == PinStatus::State::kBlocked)
      stop(portal, args, "PIN_BLOCKED", std::string("wrong PIN: ") + kOffice);
    stop(portal, args, "PIN_WRONG", e.what());
  }
  return certificate;
}

std::string my_page_text(const json& page) {
  std::string text = "holder: " + page.value("holder", "") + "\n";
  const json& cert = page["certificate"];
  text += "certificate: serial " + std::to_string(cert.value("serial", 0)) + ", valid until " +
          cert.value("not_after", "") + ", " + cert.value("status", "") + " (checked by " +
          cert.value("checked_by", "") + " at " + cert.value("checked_at", "") + ")\n";
  text += "identifiers (one per service, unlinkable):\n";
  for (const json& id : page["identifiers"])
    text += "  " + id.value("id", "") + "  " + id.value("name", "") + "\n";
  text += "access records (newest first):\n";
  for (const json& r : page["access"])
    text += "  " + r.value("at", "") + "  " + r.value("service", "") + "  " +
            r.value("purpose", "") + "  " + r.value("detail", "") + "\n";
  return text;
}

void run_login(const GlobalOptions& options, const Args& args) {
  PortalClient portal(args.url, args.cacert);
  Session session(options);
  // VERIFY and SIGN in one transaction: no other program may slip a SELECT in between.
  pcsc::CardConnection::Transaction transaction(session.card());
  const Bytes certificate = prepare_card(session, portal, args);

  const std::string challenge_path =
      args.code.empty() ? "/api/challenge" : "/api/challenge?code=" + args.code;
  const PortalAnswer challenge = portal.get(challenge_path);
  if (challenge.status != 200)
    throw CommandFailed("the portal refused the challenge: " + challenge.body.value("message", "") +
                        " (" + challenge.body.value("error", "?") + ")");
  const std::string nonce = challenge.body.value("nonce", "");
  json request{{"token", sign_login_token(session, certificate, portal.origin(), nonce)},
               {"nonce", nonce},
               {"origin", portal.origin()}};
  if (!args.code.empty()) request["code"] = args.code;
  const PortalAnswer login = portal.post("/api/login", request);
  if (login.status != 200) {
    std::string reason;
    if (login.body.contains("reason_name"))
      reason = ", reason " + login.body["reason_name"].get<std::string>();
    // The detail says what the portal found (which status source, which dates): what a holder
    // or an operator needs to tell a revoked card from an unreachable responder.
    const std::string detail = login.body.value("detail", "");
    throw CommandFailed("the portal refused the login: " + login.body.value("message", "") + " (" +
                        login.body.value("error", "?") + reason + ")" +
                        (detail.empty() ? "" : ": " + detail));
  }
  const std::string holder = login.body.value("holder", "");
  if (!args.code.empty()) {
    print_result(options, {{"result", "ok"}, {"holder", holder}, {"code", args.code}},
                 "login " + args.code + " completed: the browser at " + portal.origin() +
                     " is logged in as holder " + holder);
    return;
  }
  const PortalAnswer page = portal.get("/api/mypage");
  if (page.status != 200) throw CommandFailed("my page: " + page.body.value("message", "?"));
  print_result(options, page.body,
               "logged in to " + portal.origin() + "\n" + my_page_text(page.body));
}

}  // namespace

void add_login_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<Args>();
  auto* login = app.add_subcommand(
      "login", "log in to a jpki-login:1 portal (mynaportal) with the card's authentication key");
  login->add_option("url", args->url, "the portal, https://HOST[:PORT]")->required();
  login->add_option("--code", args->code,
                    "complete the login a browser shows with this code (else: log in here and "
                    "print my page)");
  login->add_option("--cacert", args->cacert,
                    "trust this CA certificate (PEM) for the portal's TLS instead of the system's");
  add_pin_options(*login, args->pin);
  login->callback([&options, args] { run_login(options, *args); });
}

}  // namespace mynasim::tools
