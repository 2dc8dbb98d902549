// `mynatool text my-number|attributes`: the 券面事項入力補助AP read the way myna reads it
// (17-byte READ BINARY of EF 0001; EF 0002 with its DF21 offsets), opened with the 4-digit PIN,
// 照合番号A (My Number) or 照合番号B (attributes), and the issuer's integrity file checked.
#include <memory>

#include "reader/client/text_client.hpp"
#include "tools/mynatool/card_info_access.hpp"

namespace mynasim::tools {
namespace {

using client::CheckResult;
using client::CheckStatus;
using client::TextKey;
using nlohmann::json;

enum class TextRead { kMyNumber, kAttributes };

struct TextArgs {
  CredentialOptions credential;
};

Credential chosen(const CredentialOptions& options) {
  if (options.collation_a) return Credential::kCollationA;
  if (options.collation_b) return Credential::kCollationB;
  return Credential::kPin;
}

TextKey key_of(Credential credential) {
  switch (credential) {
    case Credential::kCollationA:
      return TextKey::kCollationA;
    case Credential::kCollationB:
      return TextKey::kCollationB;
    case Credential::kPin:
      break;
  }
  return TextKey::kPin;
}

const char* credential_name(Credential credential) {
  return credential == Credential::kPin          ? "pin"
         : credential == Credential::kCollationA ? "collation-a"
                                                 : "collation-b";
}

// The integrity file and the signed AP key (open with any of the three credentials) and the CV
// certificate (free): the signatures, the digests of what was read, the certificate against the
// root, and the AP's key answering a challenge.
std::vector<CheckResult> integrity_checks(client::TextClient& text, ByteView my_number_file,
                                          ByteView attributes_file,
                                          const std::optional<client::CvTrustAnchor>& anchor) {
  std::vector<CheckResult> checks;
  try {
    const auto certificate = client::parse_cv_certificate(text.read_cv_certificate_file(),
                                                          "text EF 0004 (CV certificate)");
    checks.push_back(client::check_cv_certificate(certificate, anchor ? &*anchor : nullptr));
    const auto integrity = client::parse_text_integrity(text.read_integrity_file());
    checks.push_back(
        client::check_text_integrity(integrity, my_number_file, attributes_file, certificate));
    const auto ap_key = client::parse_signed_ap_key(text.read_signed_ap_key_file());
    checks.push_back(client::check_signed_ap_key(ap_key, certificate));
    checks.push_back(challenge_card(text, ap_key.public_key));
  } catch (const client::RecordError& e) {
    checks.push_back({"integrity", CheckStatus::kFailed, e.what()});
  }
  return checks;
}

void run_text(const GlobalOptions& options, const TextArgs& args, TextRead what) {
  const Credential credential = chosen(args.credential);
  if (what == TextRead::kMyNumber && credential == Credential::kCollationB)
    throw CommandFailed("照合番号B does not open the My Number: use the PIN or --pin-a");
  if (what == TextRead::kAttributes && credential == Credential::kCollationA)
    throw CommandFailed("照合番号A does not open the attributes: use the PIN or --pin-b");
  const auto anchor = load_trust_anchor(args.credential.ca_cv);
  Session session(options);
  pcsc::CardConnection::Transaction transaction(session.card());
  client::TextClient text(session.channel());
  if (!text.select_if_present())
    throw CommandFailed("this card has no text application (券面事項入力補助AP)");
  open_with(text, key_of(credential), credential_label(credential), args.credential.pin);

  json out = {{"credential", credential_name(credential)}};
  std::string shown;
  std::vector<CheckResult> checks;
  try {
    if (what == TextRead::kMyNumber) {
      const Bytes file = text.read_my_number_file();
      const std::string number = client::parse_my_number_file(file);
      out["my_number"] = number;
      shown = number + "\n";
      checks = integrity_checks(text, file, {}, anchor);
    } else {
      const Bytes file = text.read_attributes_file();
      const auto a = client::parse_text_attributes(file);
      out["name"] = a.name;
      out["address"] = a.address;
      out["birth_date"] = a.birth_date.iso();
      out["sex"] = std::string(1, static_cast<char>(a.sex));
      out["sex_name"] = client::name_of(a.sex);
      shown = "name:       " + a.name + "\naddress:    " + a.address +
              "\nbirth date: " + a.birth_date.iso() + "\nsex:        " + static_cast<char>(a.sex) +
              " (" + client::name_of(a.sex) + ")\n";
      checks = integrity_checks(text, {}, file, anchor);
    }
  } catch (const client::RecordError& e) {
    throw CommandFailed(e.what());
  }
  out["checks"] = checks_json(checks);
  print_result(options, out, shown + checks_text(checks));
  fail_on_failed_check(checks);
}

}  // namespace

void add_text_commands(CLI::App& app, GlobalOptions& options) {
  auto* text = app.add_subcommand("text", "the text application (券面事項入力補助AP)");
  text->require_subcommand(1);
  auto add = [&](const char* name, const char* help, TextRead what) {
    auto args = std::make_shared<TextArgs>();
    auto* command = text->add_subcommand(name, help);
    add_credential_options(*command, args->credential);
    command->add_flag("--json", options.json, "print one JSON document");
    command->callback([&options, args, what] { run_text(options, *args, what); });
  };
  add("my-number", "the 12-digit My Number (the PIN or --pin-a opens it)", TextRead::kMyNumber);
  add("attributes", "name, address, birth date and sex (the PIN or --pin-b opens them)",
      TextRead::kAttributes);
}

}  // namespace mynasim::tools
