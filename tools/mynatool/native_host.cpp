// `mynatool native-host`: run by the browser for the extension (tools/extension). It announces
// its version, reads one request (native_messaging.hpp), answers it and exits:
//   {"command": "authenticate", "arguments": {"challengeNonce", "origin"}} -> {"token": {...}}
//   {"command": "status"} -> {"status": {...}}
// or {"error": {"code", "message", ...}} with the stable codes of docs/native-host.md. The origin
// is the one the browser reported for the page (the extension takes it from sender.origin, never
// from the page's message); the PIN is asked through pinentry, showing that origin and the tries
// left, never through the page.
#include <signal.h>
#include <unistd.h>

#include <regex>

#include "reader/client/card_error.hpp"
#include "reader/pcsc/pcsc_error.hpp"
#include "tools/common/cli/pinentry.hpp"
#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/login_token.hpp"
#include "tools/mynatool/native_host.hpp"
#include "tools/mynatool/native_messaging.hpp"

#ifndef MYNASIM_VERSION
#define MYNASIM_VERSION "0"
#endif

namespace mynasim::tools {
namespace {

using client::PinStatus;
using client::PinType;
using nlohmann::json;

// An answer that ends the request: the code is stable, the message is for the holder.
struct HostError {
  std::string code;
  std::string message;
  json extra = json::object();
};

[[noreturn]] void refuse(const std::string& code, const std::string& message,
                         json extra = json::object()) {
  throw HostError{code, message, std::move(extra)};
}

constexpr const char* kOffice =
    "the user-authentication PIN is blocked: take the card to your municipal office to have it "
    "unblocked";

// A nonce as mynaportal issues it: base64url of 32 bytes, no padding (docs/jpki-login.md §1).
void check_nonce(const std::string& nonce) {
  static const std::regex shape("[A-Za-z0-9_-]{43}");
  if (!std::regex_match(nonce, shape))
    refuse("ERR_ARGUMENTS_INVALID", "challengeNonce is not 43 characters of base64url (32 bytes)");
}

// A serialised origin of a secure context: https://host[:port], or http:// on a loopback host,
// lower case, no path. What the browser's sender.origin gives; anything else did not come from it.
void check_origin(const std::string& origin) {
  static const std::regex https("https://[a-z0-9.-]+(:[0-9]{1,5})?");
  static const std::regex loopback("http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?");
  if (!std::regex_match(origin, https) && !std::regex_match(origin, loopback))
    refuse("ERR_ARGUMENTS_INVALID",
           "origin is not the origin of a secure context (https://HOST[:PORT], or http:// on "
           "localhost)");
}

// What a PC/SC failure before the card answered means to the holder.
[[noreturn]] void refuse_pcsc(const pcsc::PcscError& e) {
  switch (e.kind()) {
    case pcsc::PcscErrorKind::kNoService:
    case pcsc::PcscErrorKind::kNoReader:
    case pcsc::PcscErrorKind::kUnknownReader:
      refuse("ERR_NO_READER", std::string("no card reader: ") + e.what());
    case pcsc::PcscErrorKind::kNoCard:
      refuse("ERR_NO_CARD", "put your My Number card in the reader");
    case pcsc::PcscErrorKind::kCardRemoved:
      refuse("ERR_CARD_REMOVED", std::string(e.what()));
    default:
      refuse("ERR_CARD", std::string("the card reader failed: ") + e.what());
  }
}

std::string tries_text(int tries) {
  return std::to_string(tries) + (tries == 1 ? " try left" : " tries left");
}

// Asks the PIN through pinentry; with one try left the holder first confirms they want to risk it.
Secret ask_pin(const std::string& origin, const PinStatus& status, int timeout_seconds) {
  try {
    cli::Pinentry pinentry(cli::configured_pinentry());
    pinentry.set_title("mynasim: log in with your My Number card");
    if (timeout_seconds > 0) pinentry.set_timeout(timeout_seconds);
    const bool known = status.state == PinStatus::State::kTriesLeft;
    if (known && status.tries_left == 1) {
      pinentry.set_description(origin +
                               " asks you to log in.\n\nThe user-authentication PIN has 1 try "
                               "left: a wrong PIN blocks the card, and only your municipal "
                               "office can unblock it. Enter the PIN anyway?");
      pinentry.set_ok_button("Enter the PIN");
      if (!pinentry.confirm())
        refuse("ERR_USER_CANCELLED", "you chose not to risk the last try; nothing was signed");
    }
    pinentry.set_description(origin +
                             " asks you to log in with your My Number card.\n\nEnter the "
                             "user-authentication PIN (4 digits)" +
                             (known ? " — " + tries_text(status.tries_left) : std::string()) + ".");
    pinentry.set_prompt("PIN:");
    std::optional<Secret> pin = pinentry.get_pin();
    if (!pin) refuse("ERR_USER_CANCELLED", "the PIN entry was cancelled; nothing was signed");
    return std::move(*pin);
  } catch (const cli::PinentryError& e) {
    refuse("ERR_PINENTRY", std::string("cannot ask for the PIN: ") + e.what());
  }
}

json authenticate(const GlobalOptions& options, const json& arguments) {
  if (!arguments.is_object() || !arguments.contains("challengeNonce") ||
      !arguments["challengeNonce"].is_string() || !arguments.contains("origin") ||
      !arguments["origin"].is_string())
    refuse("ERR_ARGUMENTS_INVALID", "authenticate needs arguments {challengeNonce, origin}");
  const std::string nonce = arguments["challengeNonce"];
  const std::string origin = arguments["origin"];
  check_nonce(nonce);
  check_origin(origin);
  int timeout_seconds = 0;
  if (arguments.contains("timeout") && arguments["timeout"].is_number_unsigned())
    timeout_seconds = static_cast<int>(
        std::min<std::uint64_t>(arguments["timeout"].get<std::uint64_t>(), 600000) / 1000);

  std::unique_ptr<Session> session;
  try {
    session = std::make_unique<Session>(options);
  } catch (const pcsc::PcscError& e) {
    refuse_pcsc(e);
  }
  json token;
  try {
    // PIN and signature in one transaction: no other program slips a command in between.
    pcsc::CardConnection::Transaction transaction(session->card());
    Bytes certificate;
    PinStatus status;
    during(*session, "reading the card", "nothing was signed", [&] {
      session->jpki().select();
      certificate = session->jpki().read_certificate(client::CertificateType::kAuth);
      status = session->jpki().pin_status(PinType::kAuth);
    });
    if (status.state == PinStatus::State::kBlocked) refuse("ERR_PIN_BLOCKED", kOffice);
    const Secret pin = ask_pin(origin, status, timeout_seconds);
    client::VerifyResult verified;
    during(*session, "the PIN check", "nothing was signed",
           [&] { verified = session->jpki().verify(PinType::kAuth, pin); });
    if (!verified.ok) {
      if (verified.blocked) refuse("ERR_PIN_BLOCKED", std::string("wrong PIN: ") + kOffice);
      refuse("ERR_PIN_WRONG", "wrong PIN: " + tries_text(verified.tries_left),
             {{"triesLeft", verified.tries_left}});
    }
    during(*session, "the signature", "nothing was signed",
           [&] { token = sign_login_token(*session, certificate, origin, nonce); });
  } catch (const pcsc::PcscError& e) {
    if (const auto kind = e.kind(); kind == pcsc::PcscErrorKind::kCardRemoved ||
                                    kind == pcsc::PcscErrorKind::kTransactionFailed ||
                                    kind == pcsc::PcscErrorKind::kNoCard)
      refuse("ERR_CARD_REMOVED", e.what());
    refuse_pcsc(e);
  } catch (const client::CardError& e) {
    refuse("ERR_CARD", std::string("the card refused: ") + e.what());
  }
  return {{"token", token}};
}

json status(const GlobalOptions& options) {
  json out{{"readers", json::array()},
           {"reader", nullptr},
           {"cardPresent", false},
           {"triesLeft", nullptr},
           {"pinBlocked", false}};
  try {
    pcsc::Context context;
    for (const auto& state : context.reader_states()) out["readers"].push_back(state.name);
    if (out["readers"].empty()) return {{"status", out}};
    const std::string reader = context.choose_reader(options.reader);
    out["reader"] = reader;
    for (const auto& state : context.reader_states())
      if (state.name == reader) out["cardPresent"] = state.card_present;
    if (!out["cardPresent"]) return {{"status", out}};
    Session session(options);
    session.jpki().select();
    const PinStatus pin = session.jpki().pin_status(PinType::kAuth);
    if (pin.state == PinStatus::State::kTriesLeft) out["triesLeft"] = pin.tries_left;
    out["pinBlocked"] = pin.state == PinStatus::State::kBlocked;
  } catch (const pcsc::PcscError& e) {
    if (e.kind() == pcsc::PcscErrorKind::kNoService || e.kind() == pcsc::PcscErrorKind::kNoReader)
      return {{"status", out}};
    refuse_pcsc(e);
  } catch (const client::CardError& e) {
    refuse("ERR_CARD", std::string("the card refused: ") + e.what());
  }
  return {{"status", out}};
}

json error_answer(const std::string& code, const std::string& message, const json& extra) {
  json error{{"code", code}, {"message", message}};
  error.update(extra);
  return {{"error", error}};
}

int run_host(const GlobalOptions& options) {
  // A browser that goes away closes our stdout: a write must fail, not kill us mid-transaction.
  ::signal(SIGPIPE, SIG_IGN);
  if (!write_message(STDOUT_FILENO, {{"version", MYNASIM_VERSION}})) return 1;
  const IncomingMessage in = read_message(STDIN_FILENO);
  using Status = IncomingMessage::Status;
  if (in.status == Status::kEnd) return 0;  // the browser asked nothing
  json answer;
  if (in.status == Status::kTooLarge)
    answer = error_answer("ERR_MESSAGE_TOO_LARGE", in.detail, {{"limit", kMaxRequestBytes}});
  else if (in.status == Status::kTruncated)
    answer = error_answer("ERR_MESSAGE_TRUNCATED", in.detail, json::object());
  else if (in.status == Status::kMalformed)
    answer = error_answer("ERR_MESSAGE_MALFORMED", in.detail, json::object());
  else {
    const json& request = in.message;
    const std::string command =
        request.contains("command") && request["command"].is_string() ? request["command"] : "";
    try {
      if (command == "authenticate")
        answer = authenticate(options, request.value("arguments", json()));
      else if (command == "status")
        answer = status(options);
      else
        refuse("ERR_COMMAND_UNKNOWN", "unknown command \"" + command.substr(0, 40) +
                                          "\": the host knows authenticate and status");
    } catch (const HostError& e) {
      answer = error_answer(e.code, e.message, e.extra);
    } catch (const std::exception& e) {
      answer = error_answer("ERR_INTERNAL", e.what(), json::object());
    }
  }
  write_message(STDOUT_FILENO, answer);
  return answer.contains("error") ? 1 : 0;
}

}  // namespace

void add_native_host_command(CLI::App& app, GlobalOptions& options) {
  auto* host = app.add_subcommand(
      "native-host",
      "the browser extension's native messaging host (run by the browser; docs/native-host.md)");
  // The browser passes the caller (chrome-extension://ID/, or Firefox's manifest path and
  // extension ID); the manifest's allowed origins already decided who may run us.
  host->allow_extras();
  add_native_host_install_commands(*host, options);
  host->callback([&options, host] {
    if (host->get_subcommands().empty()) std::exit(run_host(options));
  });
}

}  // namespace mynasim::tools
