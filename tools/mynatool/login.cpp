// `mynatool login URL [--code CODE]`: jpki-login:1 (docs/jpki-login.md) with the card in any
// PC/SC reader. With --code it completes the login a browser shows; without, it logs in itself
// and prints the holder's page. The card's part: read the user-authentication certificate, check
// the PIN's tries (stop when blocked, or with one try left unless --allow-last-try), VERIFY,
// then sign SHA-256(SHA-256(origin) || SHA-256(nonce)) as a SHA-256 DigestInfo with the auth key.
// When the challenge says an OpenID Connect client asks for the holder's attributes, the
// signature password too, and the same digest signed with the signature key, sent with the
// signature certificate (docs/oidc.md). When it says a client registered a digest to be signed
// (scope sign), the signature key signs DigestInfo(SHA-256, that digest) too, after saying on the
// terminal which client asks and what.

#include <cstdio>
#include <memory>

#include "hostcrypto/base64.hpp"
#include "hostcrypto/digest_info.hpp"
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
  cli::SecretSource sign_password;  // when a client asks for the holder's attributes
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

// How a key's secret is named to the holder and to the waiting browser (its error codes).
struct SecretWords {
  const char* prefix;     // PIN, SIGN_PASSWORD: the codes are <prefix>_BLOCKED, _LAST_TRY, _WRONG
  const char* blocked;    // what to do about a blocked one
  const char* last_try;   // why the client stops at the last try
  const char* wrong;      // "wrong PIN: " before `blocked` when the try just spent blocked it
};

constexpr SecretWords kAuthWords{
    "PIN",
    "the user-authentication PIN is blocked: take the card to your municipal office to have it "
    "unblocked",
    "the user-authentication PIN has 1 try left: a wrong PIN would block the card, so mynatool "
    "stops here. Pass --allow-last-try if you are sure of the PIN",
    "wrong PIN: "};
constexpr SecretWords kSignWords{
    "SIGN_PASSWORD",
    "the signature password is blocked: take the card to your municipal office to have it "
    "unblocked",
    "the signature password has 1 try left: a wrong password would block it, so mynatool stops "
    "here. Pass --allow-last-try if you are sure of the password",
    "wrong signature password: "};

// Checks the key's tries (stops when blocked, or at the last try unless allowed) and VERIFYs
// its secret; every stop is reported to the waiting browser.
void verify_for_login(Session& session, PortalClient& portal, const Args& args, PinType type,
                      const PinOptions& secret, const SecretWords& words) {
  const std::string prefix = words.prefix;
  const PinStatus status = session.jpki().pin_status(type);
  if (status.state == PinStatus::State::kBlocked)
    stop(portal, args, (prefix + "_BLOCKED").c_str(), words.blocked);
  if (status.state == PinStatus::State::kTriesLeft && status.tries_left == 1 &&
      !secret.allow_last_try)
    stop(portal, args, (prefix + "_LAST_TRY").c_str(), words.last_try);
  try {
    verify_pin(session, type, secret);
  } catch (const CommandFailed& e) {
    if (session.jpki().pin_status(type).state == PinStatus::State::kBlocked)
      stop(portal, args, (prefix + "_BLOCKED").c_str(), std::string(words.wrong) + words.blocked);
    stop(portal, args, (prefix + "_WRONG").c_str(), e.what());
  }
}

// The card's part, up to a verified PIN; returns the certificate.
Bytes prepare_card(Session& session, PortalClient& portal, const Args& args) {
  session.jpki().select();
  const Bytes certificate = session.jpki().read_certificate(client::CertificateType::kAuth);
  verify_for_login(session, portal, args, PinType::kAuth, args.pin, kAuthWords);
  return certificate;
}

// When an OpenID Connect client asks for the holder's attributes: the signature password, then
// the signature certificate (readable only after it, reference §2.1).
Bytes prepare_signature_key(Session& session, PortalClient& portal, const Args& args) {
  verify_for_login(session, portal, args, PinType::kSign,
                   {args.sign_password, args.pin.allow_last_try}, kSignWords);
  return session.jpki().read_certificate(client::CertificateType::kSign);
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
  // The challenge first: it says whether a client asks for the holder's attributes, and so
  // whether the signature password is needed.
  const std::string challenge_path =
      args.code.empty() ? "/api/challenge" : "/api/challenge?code=" + args.code;
  const PortalAnswer challenge = portal.get(challenge_path);
  if (challenge.status != 200)
    throw CommandFailed("the portal refused the challenge: " + challenge.body.value("message", "") +
                        " (" + challenge.body.value("error", "?") + ")");
  const std::string nonce = challenge.body.value("nonce", "");
  std::string attributes;
  if (const auto it = challenge.body.find("attributes"); it != challenge.body.end() && it->is_array())
    for (const json& a : *it)
      if (a.is_string()) attributes += (attributes.empty() ? "" : ", ") + a.get<std::string>();

  // scope sign: a digest a client registered, for the signature key (docs/oidc.md).
  const auto sign_it = challenge.body.find("sign");
  const json sign = sign_it != challenge.body.end() && sign_it->is_object() ? *sign_it : json();
  std::optional<Bytes> document_digest;
  if (!sign.is_null()) {
    document_digest = hostcrypto::base64_decode(sign.value("digest", ""));
    if (!document_digest || document_digest->size() != 32)
      throw CommandFailed("the portal's challenge asks for a signature over something that is "
                          "not a SHA-256 digest");
  }

  Session session(options);
  // VERIFY and SIGN in one transaction: no other program may slip a SELECT in between.
  pcsc::CardConnection::Transaction transaction(session.card());
  const Bytes certificate = prepare_card(session, portal, args);
  json request{{"token", sign_login_token(session, certificate, portal.origin(), nonce)},
               {"nonce", nonce},
               {"origin", portal.origin()}};
  if (!attributes.empty() || document_digest) {
    // The holder consents in the browser, which names the client and each value; here the
    // signature key proves the certificate comes from this card at this login.
    const std::string client = challenge.body.value("client", "?");
    if (!attributes.empty())
      std::fprintf(stderr, "%s asks for the holder's %s: reading the signature certificate\n",
                   client.c_str(), attributes.c_str());
    if (document_digest)
      // What the signature key will sign, before the password is used: the holder can stop
      // here; the browser shows it again before the signature goes to the client.
      std::fprintf(stderr,
                   "%s asks the holder to sign, with the signature key:\n  text: %s\n"
                   "  SHA-256: %s\n  sign transaction: %s\n",
                   client.c_str(), sign.value("display_text", "").c_str(),
                   to_hex(*document_digest, '\0').c_str(),
                   sign.value("sign_transaction_id", "").c_str());
    const Bytes sign_certificate = prepare_signature_key(session, portal, args);
    request["sign_token"] =
        sign_login_token(session, sign_certificate, portal.origin(), nonce, PinType::kSign);
    if (document_digest)
      request["document_signature"] = hostcrypto::base64_encode(session.jpki().sign(
          PinType::kSign, hostcrypto::sha256_digest_info(*document_digest)));
  }
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
  login->add_option("--sign-password-env", args->sign_password.env,
                    "environment variable holding the signature password, for a login whose "
                    "client asks for the holder's name, address, birth date or gender");
  login->add_option("--sign-password-fd", args->sign_password.fd,
                    "file descriptor to read the signature password from (one line)");
  login->callback([&options, args] { run_login(options, *args); });
}

}  // namespace mynasim::tools
