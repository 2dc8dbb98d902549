// mynaca: the simulated J-LIS and municipal office. See `mynaca --help` and pki/authority.hpp.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "pki/revocation_reason.hpp"
#include "tools/common/cli/exit_status.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/office.hpp"
#include "tools/mynaca/tsa.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::mynaca;

// Adds --serial / --card whose presence is noticed after parsing.
struct Target {
  std::uint64_t serial = 0;
  std::int64_t card = 0;
  CLI::Option* serial_option = nullptr;
  CLI::Option* card_option = nullptr;
  void add(CLI::App* app, const std::string& what) {
    serial_option = app->add_option("--serial", serial, what + " the certificate with this serial");
    card_option = app->add_option("--card", card, what + " this card's certificates");
  }
  std::optional<std::uint64_t> serial_value() const {
    return *serial_option ? std::optional(serial) : std::nullopt;
  }
  std::optional<std::int64_t> card_value() const {
    return *card_option ? std::optional(card) : std::nullopt;
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "mynaca: the simulated J-LIS (JPKI certificate authorities, card issuance, "
      "revocation, CRL, OCSP) and municipal office"};
  app.require_subcommand(1);
  app.fallthrough();
  Context context;
  std::string now_text;
  app.add_option("--dir", context.dir, "The authority's directory")
      ->envname("MYNACA_DIR")
      ->required();
  app.add_flag("--json", context.json, "Machine-readable output (JSON on stdout)");
  app.add_option("--now", now_text,
                 "Pretend the time is TIME (YYYY-MM-DDThh:mm:ssZ, YYYY-MM-DD or @unix): for "
                 "tests and demonstrations");

  InitOptions init;
  auto* init_cmd = app.add_subcommand("init",
                                      "Create the authority: keys, CA generation 1 of "
                                      "both hierarchies, OCSP responders, database");
  init_cmd
      ->add_option("--base-url", init.base_url,
                   "Where relying parties reach the authority (OCSP at /ocsp, CRLs at /crl/)")
      ->capture_default_str();
  init_cmd->add_option("--ca-years", init.ca_years, "Lifetime of a CA generation")
      ->capture_default_str();
  init_cmd
      ->add_option("--office-code", init.office_code,
                   "Issuing office code (6 digits) in certificate CNs")
      ->capture_default_str();

  auto* ca_cmd = app.add_subcommand("ca", "CA generations");
  ca_cmd->require_subcommand(1);
  std::string generation_hierarchy = "both";
  auto* ca_new = ca_cmd->add_subcommand(
      "new-generation", "A CA change: a new key and certificate, its responder, link certificates");
  ca_new->add_option("--hierarchy", generation_hierarchy, "sign, auth or both")
      ->check(CLI::IsMember({"sign", "auth", "both"}))
      ->capture_default_str();
  auto* ca_list = ca_cmd->add_subcommand("list", "The CA generations");

  IssueOptions issue;
  auto* issue_cmd = app.add_subcommand(
      "issue", "Issue a card (keys made on the card, both certificates issued and written)");
  issue_cmd->add_option("--name", issue.holder.name, "Holder's name (family U+3000 given)");
  issue_cmd->add_option("--address", issue.holder.address, "Holder's address (prefecture first)");
  issue_cmd->add_option("--birth", issue.holder.birth,
                        "Birth date: YYYY-MM-DD, S55-02-17 or 昭和55年2月17日");
  issue_cmd->add_option("--sex", issue.holder.sex, "1 male, 2 female, 9 not applicable");
  issue_cmd->add_option("--my-number", issue.holder.my_number,
                        "An existing My Number (default: derived from the resident-record code)");
  issue_cmd->add_option("--resident-code", issue.holder.resident_code,
                        "Resident-record code, 11 digits (default: a new one)");
  issue_cmd->add_option("--out", issue.out, "The card image file to create");
  issue_cmd->add_option("--pin-env", issue.pin_env,
                        "Environment variable holding the user-authentication PIN (else a prompt)");
  issue_cmd->add_option("--sign-password-env", issue.sign_password_env,
                        "Environment variable holding the signature password (else a prompt)");
  issue_cmd->add_option("--batch", issue.batch, "Issue a card for every holder in a CSV/JSON file");
  issue_cmd->add_option("--format", issue.format, "csv or json (default: by file extension)")
      ->check(CLI::IsMember({"csv", "json"}));
  issue_cmd->add_option("--out-dir", issue.out_dir,
                        "With --batch: where the card images go (a row's out stays inside it)");
  issue_cmd
      ->add_option("--municipality", issue.municipality,
                   "全国地方公共団体コード, 5 digits, on the card face and the 共通 AP")
      ->capture_default_str();
  issue_cmd->add_option("--photo", issue.photo,
                        "Portrait for the card face, PNG or JPEG (default: a generated one)");
  issue_cmd->add_option("--text-pin-env", issue.text_pin_env,
                        "Environment variable holding the text PIN (default: the auth PIN)");
  issue_cmd->add_option("--resident-pin-env", issue.resident_pin_env,
                        "Environment variable holding the resident PIN (default: the auth PIN)");

  RevokeOptions revoke;
  Target revoke_target;
  auto* revoke_cmd = app.add_subcommand(
      "revoke", "Revoke, hold or release certificates; each writes its CA generation's new CRL");
  revoke_target.add(revoke_cmd, "Act on");
  revoke_cmd->add_option("--which", revoke.which, "With --card: sign, auth or both")
      ->check(CLI::IsMember({"sign", "auth", "both"}))
      ->capture_default_str();
  revoke_cmd->add_option("--reason", revoke.reason,
                         "Revoke for good, with one of: " + pki::revocation_reason_names());
  revoke_cmd->add_flag("--hold", revoke.hold, "Suspend (certificateHold)");
  revoke_cmd->add_flag("--release", revoke.release, "Lift a hold");

  CrlOptions crl;
  auto* crl_cmd = app.add_subcommand("crl", "Write a DER CRL per CA generation into DIR/crl");
  crl_cmd->add_option("--hierarchy", crl.hierarchy, "sign, auth or both")->capture_default_str();
  crl_cmd->add_option("--generation", crl.generation, "Only this generation (default: all)");
  crl_cmd->add_option("--next-update", crl.next_update_hours, "Hours until nextUpdate")
      ->capture_default_str();

  auto* ocsp_cmd = app.add_subcommand("ocsp", "The OCSP responder");
  ocsp_cmd->require_subcommand(1);
  OcspServeOptions serve;
  auto* serve_cmd = ocsp_cmd->add_subcommand("serve", "Answer OCSP over HTTP (and serve CRLs)");
  serve_cmd->add_option("--host", serve.host, "Address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", serve.port,
                        "Port (default: the base URL's; 0: any free port, printed)");
  serve_cmd
      ->add_option("--validity", serve.validity_minutes, "Minutes from thisUpdate to nextUpdate")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "Worker threads")->capture_default_str();
  serve_cmd
      ->add_option("--max-per-address", serve.max_per_address,
                   "Connections one client address may hold (raise it behind a proxy or NAT)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve_cmd->add_flag("--verbose", serve.verbose, "Log every request on stderr");
  OcspRespondOptions respond;
  auto* respond_cmd =
      ocsp_cmd->add_subcommand("respond", "Answer one DER OCSP request file, no network");
  respond_cmd->add_option("--request", respond.request, "DER OCSPRequest")->required();
  respond_cmd->add_option("--out", respond.out, "Where the DER OCSPResponse goes")->required();
  respond_cmd
      ->add_option("--validity", respond.validity_minutes, "Minutes from thisUpdate to nextUpdate")
      ->capture_default_str();

  RenewOptions renew;
  auto* renew_cmd = app.add_subcommand(
      "renew", "New certificates for a card's keys; the old ones are revoked (superseded)");
  renew_cmd->add_option("--card", renew.card, "The card")->required();
  renew_cmd->add_option("--name", renew.name, "A new name (the signature certificate changes)");
  renew_cmd->add_option("--address", renew.address, "A new address");

  ListOptions list;
  auto* list_cmd = app.add_subcommand("list", "Cards issued (or --certificates)");
  list_cmd->add_flag("--certificates", list.certificates, "List every certificate instead");

  ShowOptions show;
  Target show_target;
  auto* show_cmd = app.add_subcommand("show", "One certificate or one card");
  show_target.add(show_cmd, "Show");
  show_cmd->add_flag("--pem", show.pem, "With --serial: the certificate as PEM");

  VerifyOptions verify;
  auto* verify_cmd = app.add_subcommand(
      "verify",
      "Validate a certificate as a relying party would (pki/verify): chain to this "
      "authority's CAs, time, purpose, revocation");
  verify_cmd->add_option("--cert", verify.certificate, "The certificate (DER or PEM)")->required();
  verify_cmd->add_option("--purpose", verify.purpose, "login or sign")
      ->check(CLI::IsMember({"login", "sign"}))
      ->capture_default_str();
  verify_cmd->add_flag("--ocsp", verify.ocsp, "Check revocation by OCSP");
  verify_cmd->add_option("--ocsp-url", verify.ocsp_url, "Instead of the certificate's AIA URL");
  verify_cmd->add_option("--max-age", verify.max_age_minutes,
                         "Refuse OCSP responses older than this many minutes");
  verify_cmd->add_option("--crl", verify.crls, "Check revocation with these CRL files");
  verify_cmd->add_flag("--soft-fail", verify.soft_fail,
                       "Accept when revocation status cannot be had (not when revoked)");

  OfficeOptions office;
  const OfficeCommands office_cmds = add_office_commands(app, office);
  TsaOptions tsa;
  const TsaCommands tsa_cmds = add_tsa_commands(app, tsa);

  if (const auto status = cli::parse_command_line(app, argc, argv)) return *status;
  if (!now_text.empty()) {
    pki::UnixTime t = 0;
    if (!pki::parse_iso8601(now_text, t)) {
      report_error(context.json, "now: \"" + now_text + "\" is not a time", "now");
      return cli::kExitUsage;
    }
    context.fixed_now = t;
  }
  try {
    if (*init_cmd) return run_init(context, init);
    if (*ca_new) return run_ca_new_generation(context, generation_hierarchy);
    if (*ca_list) return run_ca_list(context);
    if (*issue_cmd) {
      for (const char* name : {"name", "address", "birth", "sex", "out"})
        if (issue_cmd->count(std::string("--") + name)) issue.given.insert(name);
      return run_issue(context, issue);
    }
    if (*revoke_cmd) {
      revoke.serial = revoke_target.serial_value();
      revoke.card = revoke_target.card_value();
      return run_revoke(context, revoke);
    }
    if (*crl_cmd) return run_crl(context, crl);
    if (*serve_cmd) return run_ocsp_serve(context, serve);
    if (*respond_cmd) return run_ocsp_respond(context, respond);
    if (*renew_cmd) return run_renew(context, renew);
    if (*tsa_cmds.init) return run_tsa_init(context);
    if (*tsa_cmds.serve) return run_tsa_serve(context, tsa);
    if (*tsa_cmds.respond) return run_tsa_respond(context, tsa);
    if (*office_cmds.unblock) return run_office_unblock(context, office);
    if (*office_cmds.renew) return run_office_renew(context, office);
    if (*list_cmd) return run_list(context, list);
    if (*verify_cmd) return run_verify(context, verify);
    if (*show_cmd) {
      show.serial = show_target.serial_value();
      show.card = show_target.card_value();
      return run_show(context, show);
    }
  } catch (const CommandError& e) {
    report_error(context.json, e.what(), e.field());
    return e.status();
  } catch (const pki::InvalidField& e) {
    report_error(context.json, e.what(), e.field());
    return cli::kExitFailure;
  } catch (const std::exception& e) {
    report_error(context.json, e.what());
    return cli::kExitFailure;
  }
  return cli::kExitUsage;
}
