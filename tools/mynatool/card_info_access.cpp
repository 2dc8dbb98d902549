#include "tools/mynatool/card_info_access.hpp"

#include <openssl/rand.h>

#include "tools/mynatool/certificate_output.hpp"

namespace mynasim::tools {

using client::CheckStatus;
using client::PinStatus;

void add_credential_options(CLI::App& command, CredentialOptions& options) {
  add_pin_options(command, options.pin);
  auto* a =
      command.add_flag("--pin-a", options.collation_a,
                       "open with 照合番号A (the My Number); the value comes from the prompt, "
                       "--pin-env or --pin-fd");
  auto* b =
      command.add_flag("--pin-b", options.collation_b,
                       "open with 照合番号B (birth date as Japanese-era YYMMDD + expiry year + "
                       "security code); from the prompt, --pin-env or --pin-fd");
  a->excludes(b);
  command.add_option("--ca-cv", options.ca_cv,
                     "the CV root (mynaca's ca/cv-root.cvc or cv-root.pub.pem): check the "
                     "issuer's signatures and the CV certificate against it");
}

std::string credential_label(Credential credential) {
  switch (credential) {
    case Credential::kPin:
      return "text-application PIN (4 digits)";
    case Credential::kCollationA:
      return "照合番号A (the My Number, 12 digits)";
    case Credential::kCollationB:
      return "照合番号B (birth date YYMMDD in the Japanese era + expiry year + security code, 14 "
             "digits)";
  }
  return "?";
}

void check_before_sending(const PinStatus& status, const std::string& label, bool allow_last_try) {
  if (status.state == PinStatus::State::kBlocked)
    throw CommandFailed("the " + label + " is blocked: only the municipal office can unblock it");
  if (status.state == PinStatus::State::kTriesLeft && status.tries_left == 1 && !allow_last_try)
    throw CommandFailed("the " + label +
                        " has 1 try left: a wrong value would block it. Not sending it; pass "
                        "--allow-last-try to risk it");
}

void report_wrong(const client::VerifyResult& result, const std::string& label) {
  if (result.blocked)
    throw CommandFailed("wrong " + label +
                        ": it is now blocked; only the municipal office can unblock it");
  if (result.tries_left >= 0)
    throw CommandFailed("wrong " + label + ": " + std::to_string(result.tries_left) +
                        (result.tries_left == 1 ? " try left" : " tries left"));
  throw client::CardError(result.sw, "verify the " + label);
}

Bytes random_challenge() {
  Bytes challenge(32);
  if (RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1)
    throw CommandFailed("OpenSSL has no randomness for the challenge");
  return challenge;
}

std::optional<client::CvTrustAnchor> load_trust_anchor(const std::string& path) {
  if (path.empty()) return std::nullopt;
  const Bytes bytes = read_file(path);
  try {
    return client::parse_cv_trust_anchor(bytes);
  } catch (const client::RecordError& e) {
    throw CommandFailed(path + ": " + e.what());
  }
}

nlohmann::json checks_json(const std::vector<client::CheckResult>& checks) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& c : checks)
    out[c.name] = {{"status", c.status == CheckStatus::kOk       ? "ok"
                              : c.status == CheckStatus::kFailed ? "failed"
                                                                 : "not_checked"},
                   {"detail", c.detail}};
  return out;
}

std::string checks_text(const std::vector<client::CheckResult>& checks) {
  std::string out;
  for (const auto& c : checks) {
    std::string name = c.name + ":";
    name.resize(std::max<std::size_t>(name.size(), 20), ' ');
    out += "check " + name + client::name_of(c.status) + " (" + c.detail + ")\n";
  }
  return out;
}

void fail_on_failed_check(const std::vector<client::CheckResult>& checks) {
  for (const auto& c : checks)
    if (c.status == CheckStatus::kFailed)
      throw CommandFailed("the " + c.name + " check failed: " + c.detail);
}

}  // namespace mynasim::tools
