// mynasim: runs simulated My Number cards. `demo` drives one in-process; the others put cards
// into readers (reader/PROTOCOL.md): a private pcscd per run (exec, run, insert, remove,
// status), vsmartcard's vpcd (vpcd), or the system pcscd (install-reader, attach). `relay` puts
// a real card into a private pcscd's reader and records what clients send it.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reader/client/pin_catalog.hpp"
#include "tools/common/cli/exit_status.hpp"
#include "tools/common/cli/secret_input.hpp"
#include "tools/mynasim/control_commands.hpp"
#include "tools/mynasim/demo.hpp"
#include "tools/mynasim/install_reader.hpp"
#include "tools/mynasim/link_commands.hpp"
#include "tools/mynasim/relay_command.hpp"
#include "tools/mynasim/replay_command.hpp"
#include "tools/mynasim/stack_commands.hpp"
#include "tools/mynasim/test_card.hpp"

namespace {

// Reads a secret from the named environment variable (tools/common/cli), or the demo default if
// none was named.
bool secret_from_env(const std::string& variable, const char* fallback, std::string& out,
                     const char* what) {
  if (variable.empty()) {
    out = fallback;
    return true;
  }
  try {
    out = mynasim::cli::read_secret({variable}, what).value();
  } catch (const mynasim::cli::SecretInputError& e) {
    std::fprintf(stderr, "mynasim: the %s: %s\n", what, e.what());
    return false;
  }
  return true;
}

// What stands between the card and its reader (card_chain.hpp, stack_faults.hpp): the same for
// a private stack, vpcd and attach.
void add_chain_options(CLI::App* command, std::string& protocol, std::string& timing,
                       std::string& faults, std::string& fault_log, const std::string& more) {
  command
      ->add_option("--protocol", protocol,
                   "t1 (the card's own) or t0: a T=0 ATR, 61xx/GET RESPONSE and 6Cxx "
                   "(docs/timing-and-t0.md)")
      ->capture_default_str();
  command
      ->add_option("--timing", timing,
                   "none, contact, contactless or a profile FILE: answer as slowly as a real "
                   "card (docs/timing-and-t0.md)")
      ->capture_default_str();
  command->add_option("--faults", faults, "faults to inject, a JSON file (docs/faults.md)" + more);
  command->add_option("--fault-log", fault_log,
                      "write one JSON line per fired fault here (mode 0600; default: stderr)");
}

void add_card_options(CLI::App* command, mynasim::tools::StackOptions& options) {
  command->add_option("--card", options.cards, "card image; repeat for more readers")->required();
  command->add_option("--atr", options.atrs,
                      "ATR the reader reports: contact (the card's own), contactless, or hex; "
                      "once for all cards or once per card");
  command->add_flag("--log-apdus", options.log_apdus,
                    "pcscd logs every APDU into DIR/pcscd.log (slow; for diagnostics)");
  command->add_option("--dir", options.dir,
                      "stack directory, kept with pcscd.log (default: a temporary "
                      "/tmp/mynasim.XXXXXX, removed at the end)");
  add_chain_options(command, options.protocol, options.timing, options.faults, options.fault_log,
                    "; more with `mynasim fault add` while it runs");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mynasim::tools;
  CLI::App app{"mynasim: a simulated Japanese Individual Number Card (JPKI)"};
  app.require_subcommand(1);

  DemoOptions demo;
  std::string pin_env, password_env;
  auto* demo_cmd = app.add_subcommand(
      "demo", "issue a card into an image, then verify the PIN and sign with it, in-process");
  demo_cmd->add_option("--image", demo.image_path,
                       "card image to write (default: a temporary one)");
  demo_cmd->add_option("--pin-env", pin_env,
                       "environment variable holding the 4-digit PIN (default: demo PIN 1234)");
  demo_cmd->add_option("--sign-password-env", password_env,
                       "environment variable holding the signature password (default: DEMOPASS1)");
  demo_cmd->add_flag("--quiet,-q", demo.quiet, "do not print the APDU trace");

  std::string issue_out, issue_certs, issue_profile = "mynumber-card";
  auto* issue_cmd = app.add_subcommand(
      "issue-test-card",
      "issue a test card (in-memory J-LIS; PIN 1234, signature password DEMOPASS1 unless given; "
      "the PIN is also the text and resident PIN; card face: security code 2285)");
  issue_cmd->add_option("--out", issue_out, "card image to write")->required();
  issue_cmd->add_option("--certs-dir", issue_certs,
                        "also write auth.der, auth-ca.der, sign.der, sign-ca.der, office-key.pem "
                        "and the card-info CV root (cv-root.cvc, cv-root.pub.pem) here");
  issue_cmd->add_option("--profile", issue_profile,
                        "card profile: mynumber-card (default) or jpki-token/android (JPKI only, "
                        "token label JPKIAPGPSETOKEN)");
  issue_cmd->add_option("--pin-env", pin_env, "environment variable holding the 4-digit PIN");
  issue_cmd->add_option("--sign-password-env", password_env,
                        "environment variable holding the signature password");

  StackOptions exec;
  auto* exec_cmd = app.add_subcommand(
      "exec", "run COMMAND against a private pcscd with the cards inserted, then tear it down");
  add_card_options(exec_cmd, exec);
  exec_cmd->footer(
      "COMMAND follows the options, after --. Example:\n"
      "  mynasim exec --card card.img -- opensc-tool -n");

  StackOptions run;
  auto* run_cmd = app.add_subcommand(
      "run", "keep a private pcscd with the cards inserted until ^C; prints the environment");
  add_card_options(run_cmd, run);

  ControlOptions control;
  auto add_control = [&](const char* name, const char* help) {
    auto* command = app.add_subcommand(name, help);
    command->add_option("--dir", control.dir, "stack directory (default: $MYNASIM_STACK)");
    command->add_option("--reader", control.reader, "reader number, from 0 (default 0)");
    return command;
  };
  auto* insert_cmd = add_control("insert", "insert the card (again) into a running stack's reader");
  insert_cmd->add_option("--card", control.card, "insert this card image instead");
  auto* remove_cmd = add_control("remove", "remove the card from a running stack's reader");
  auto* status_cmd = add_control("status", "list a running stack's readers and cards");
  auto* fault_cmd = app.add_subcommand(
      "fault", "add, list or clear the faults of a running stack (docs/faults.md)");
  fault_cmd->require_subcommand(1);
  auto add_fault_command = [&](const char* name, const char* help) {
    auto* command = fault_cmd->add_subcommand(name, help);
    command->add_option("--dir", control.dir, "stack directory (default: $MYNASIM_STACK)");
    command
        ->add_option("--reader", control.reader,
                     "reader number, from 0 (add: default 0; list, clear: default every reader)")
        ->each([&](const std::string&) { control.reader_given = true; });
    return command;
  };
  auto* fault_add_cmd =
      add_fault_command("add", "add faults to a reader; they apply from its next command");
  fault_add_cmd->add_option("FAULT", control.fault,
                            "one fault as JSON, e.g. '{\"match\": {\"ins\": \"B0\"}, "
                            "\"action\": \"delay\", \"ms\": 40}'");
  fault_add_cmd->add_option("--file", control.fault_file, "add every fault of this faults file");
  auto* fault_list_cmd =
      add_fault_command("list", "list the faults, one JSON line each, with their counts");
  auto* fault_clear_cmd = add_fault_command("clear", "remove the faults");

  RelayOptions relay;
  auto* relay_cmd = app.add_subcommand(
      "relay",
      "present the real card in reader R of the system pcscd (or of $PCSCLITE_CSOCK_NAME's) in a "
      "private stack's reader, and record every APDU to a trace; prints the environment");
  relay_cmd->add_option("--reader", relay.reader, "the upstream reader (its name or a prefix)")
      ->required();
  relay_cmd->add_option("--trace", relay.trace,
                        "write the trace here (JSON Lines, docs/trace-format.md)");
  relay_cmd->add_flag("--record-secrets", relay.record_secrets,
                      "write VERIFY/CHANGE data (PINs) in clear into the trace instead of XX");
  relay_cmd->add_flag("--json", relay.json, "print the environment as one JSON object");
  relay_cmd->footer(
      "Example (the trace format: docs/trace-format.md):\n"
      "  mynasim relay --reader 'ACS ACR39U' --trace session.jsonl > relay.env &\n"
      "  . ./relay.env; mynatool info");

  LinkOptions link;
  auto* vpcd_cmd = app.add_subcommand(
      "vpcd", "insert the card into vsmartcard's vpcd reader (its TCP protocol)");
  vpcd_cmd->add_option("--card", link.card, "card image")->required();
  vpcd_cmd->add_option("--atr", link.atr, "contact (default), contactless, or hex");
  vpcd_cmd->add_option("--host", link.host, "where vpcd listens")->capture_default_str();
  vpcd_cmd->add_option("--port", link.port, "vpcd's port")->capture_default_str();
  add_chain_options(vpcd_cmd, link.protocol, link.timing, link.faults, link.fault_log,
                    " (vpcd has no mute answer and no reset: a mute card is removed, a reset "
                    "skipped)");

  auto* attach_cmd = app.add_subcommand(
      "attach", "insert the card into the system pcscd's mynasim reader (see install-reader)");
  attach_cmd->add_option("--card", link.card, "card image")->required();
  attach_cmd->add_option("--atr", link.atr, "contact (default), contactless, or hex");
  link.socket = InstallOptions{}.socket;
  attach_cmd->add_option("--socket", link.socket, "the reader's socket")->capture_default_str();
  add_chain_options(attach_cmd, link.protocol, link.timing, link.faults, link.fault_log, "");

  ReplayOptions replay;
  auto* replay_cmd = app.add_subcommand(
      "replay",
      "play a trace (mynasim relay's JSON Lines or a pcsc-spy log) against a simulated card and "
      "report every divergence");
  replay_cmd->add_option("TRACE", replay.trace, "the trace file")->required();
  replay_cmd
      ->add_option("--card", replay.card,
                   "card image; replay works on a temporary copy, the image is not changed")
      ->required();
  replay_cmd->add_option("--pins-fd", replay.pins_fd,
                         "file descriptor with NAME=VALUE lines for masked PINs (names: " +
                             mynasim::client::pin_names() + ")");
  replay_cmd->add_option("--pins-env", replay.pins_env,
                         "environment variable holding the NAME=VALUE lines");
  replay_cmd->add_flag("--json", replay.json, "machine-readable report");
  replay_cmd->footer(
      "Exit 0 when the simulated card answered every command as the trace's card did, 1 on a\n"
      "divergence or bad input. Random and key-dependent answers are compared by shape:\n"
      "see docs/replay.md.");

  InstallOptions install;
  auto* install_cmd = app.add_subcommand("install-reader",
                                         "install the reader driver into the system pcscd (root)");
  install_cmd->add_option("--socket", install.socket, "socket the reader listens on")
      ->capture_default_str();
  install_cmd->add_option("--name", install.name, "reader name")->capture_default_str();
  install_cmd->add_option("--root", install.root, "install under this directory instead of /");
  install_cmd->add_flag("--remove", install.remove, "uninstall");

  // `exec ... -- COMMAND ...`: the command is cut off before CLI11 sees the arguments, so that
  // none of its words is taken for one of ours.
  int ours = argc;
  if (argc > 1 && std::string_view(argv[1]) == "exec")
    for (int j = 2; j < argc; ++j)
      if (std::string_view(argv[j]) == "--") {
        ours = j;
        exec.command.assign(argv + j + 1, argv + argc);
        break;
      }
  if (const auto status = mynasim::cli::parse_command_line(app, ours, argv)) return *status;
  if (demo_cmd->parsed() || issue_cmd->parsed()) {
    std::string pin, password;
    if (!secret_from_env(pin_env, "1234", pin, "PIN") ||
        !secret_from_env(password_env, "DEMOPASS1", password, "signature password"))
      return mynasim::cli::kExitUsage;
    if (issue_cmd->parsed())
      return run_issue_test_card(issue_out, issue_certs, pin, password, issue_profile);
    demo.pin = pin;
    demo.sign_password = password;
    return run_demo(demo);
  }
  if (exec_cmd->parsed()) return run_exec(exec);
  if (run_cmd->parsed()) return run_stack(run);
  if (relay_cmd->parsed()) return run_relay(relay);
  if (insert_cmd->parsed()) return run_insert(control);
  if (remove_cmd->parsed()) return run_remove(control);
  if (status_cmd->parsed()) return run_status(control);
  if (fault_add_cmd->parsed()) return run_fault_add(control);
  if (fault_list_cmd->parsed()) return run_fault_list(control);
  if (fault_clear_cmd->parsed()) return run_fault_clear(control);
  if (vpcd_cmd->parsed()) return run_vpcd(link);
  if (attach_cmd->parsed()) return run_attach(link);
  if (install_cmd->parsed()) return run_install_reader(install);
  if (replay_cmd->parsed()) return run_replay(replay);
  return mynasim::cli::kExitUsage;
}
