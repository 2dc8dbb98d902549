// `mynatool pin status|verify|change`, and the PIN discipline every command that signs shares.
#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

using client::PinStatus;
using client::PinType;
using nlohmann::json;

const char* pin_label(PinType type) {
  return type == PinType::kAuth ? "user-authentication PIN (4 digits)"
                                : "signature password (6-16 characters, A-Z 0-9)";
}

[[noreturn]] void blocked(PinType type) {
  throw CommandFailed(std::string("the ") + pin_label(type) +
                      " is blocked: only the municipal office can unblock it");
}

void check_before_sending(Session& session, PinType type, bool allow_last_try) {
  const PinStatus status = session.jpki().pin_status(type);
  if (status.state == PinStatus::State::kBlocked) blocked(type);
  if (status.state == PinStatus::State::kTriesLeft && status.tries_left == 1 && !allow_last_try)
    throw CommandFailed(std::string("the ") + pin_label(type) +
                        " has 1 try left: a wrong value would block it. Not sending it; pass "
                        "--allow-last-try to risk it");
}

void report_wrong(PinType type, const client::VerifyResult& result) {
  if (result.blocked) {
    throw CommandFailed(std::string("wrong ") + pin_label(type) +
                        ": it is now blocked; only the municipal office can unblock it");
  }
  if (result.tries_left >= 0)
    throw CommandFailed(std::string("wrong ") + pin_label(type) + ": " +
                        std::to_string(result.tries_left) +
                        (result.tries_left == 1 ? " try left" : " tries left"));
  throw client::CardError(result.sw, std::string("verify the ") + pin_label(type));
}

}  // namespace

client::PinType parse_pin_type(const std::string& text) {
  return text == "sign" ? PinType::kSign : PinType::kAuth;
}

void add_pin_options(CLI::App& command, PinOptions& pin) {
  command.add_option("--pin-env", pin.source.env, "environment variable holding the PIN");
  command.add_option("--pin-fd", pin.source.fd, "file descriptor to read the PIN from (one line)");
  command.add_flag("--allow-last-try", pin.allow_last_try,
                   "send the PIN even when one try is left");
}

void verify_pin(Session& session, PinType type, const PinOptions& pin) {
  session.jpki().select();
  check_before_sending(session, type, pin.allow_last_try);
  const client::Secret value = cli::read_secret(pin.source, pin_label(type));
  const auto result = session.jpki().verify(type, value);
  if (!result.ok) report_wrong(type, result);
}

void add_pin_commands(CLI::App& app, GlobalOptions& options) {
  auto* pin = app.add_subcommand("pin", "PIN status, verification and change");
  pin->require_subcommand(1);

  add_pin_status_command(*pin, options);

  struct VerifyArgs {
    std::string type = "auth";
    PinOptions pin;
  };
  auto verify_args = std::make_shared<VerifyArgs>();
  auto* verify = pin->add_subcommand("verify", "check a PIN on the card");
  verify->add_option("--type", verify_args->type, "auth or sign")
      ->check(CLI::IsMember({"auth", "sign"}));
  add_pin_options(*verify, verify_args->pin);
  verify->callback([&options, verify_args] {
    Session session(options);
    during(session, "the PIN check",
           "the PIN was not confirmed (mynatool pin status shows the tries left)",
           [&] { verify_pin(session, parse_pin_type(verify_args->type), verify_args->pin); });
    print_result(options, {{"verified", true}, {"type", verify_args->type}}, "PIN verified");
  });

  struct ChangeArgs {
    std::string type = "auth";
    PinOptions old_pin;
    cli::SecretSource new_pin;
  };
  auto change_args = std::make_shared<ChangeArgs>();
  auto* change = pin->add_subcommand("change", "change a PIN (asks for the old and the new one)");
  change->add_option("--type", change_args->type, "auth or sign")
      ->check(CLI::IsMember({"auth", "sign"}));
  add_pin_options(*change, change_args->old_pin);
  change->add_option("--new-pin-env", change_args->new_pin.env,
                     "environment variable holding the new PIN");
  change->add_option("--new-pin-fd", change_args->new_pin.fd,
                     "file descriptor to read the new PIN from");
  change->callback([&options, change_args] {
    const std::string& change_type = change_args->type;
    const PinOptions& change_old = change_args->old_pin;
    const cli::SecretSource& change_new = change_args->new_pin;
    const PinType type = parse_pin_type(change_type);
    Session session(options);
    session.jpki().select();
    check_before_sending(session, type, change_old.allow_last_try);
    const client::Secret old_value =
        cli::read_secret(change_old.source, std::string("current ") + pin_label(type));
    // Typed at the prompt, the new value is asked twice.
    const client::Secret new_value =
        cli::read_secret(change_new, std::string("new ") + pin_label(type), cli::Confirm::kTwice);
    client::VerifyResult result;
    during(session, "the PIN change",
           "the PIN may or may not have changed: try the new one with mynatool pin verify",
           [&] { result = session.jpki().change_pin(type, old_value, new_value); });
    if (!result.ok) report_wrong(type, result);
    print_result(options, {{"changed", true}, {"type", change_type}}, "PIN changed");
  });
}

}  // namespace mynasim::tools
