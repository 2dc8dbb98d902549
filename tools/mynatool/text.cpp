// `mynatool text my-number|attributes`: the 券面事項入力補助AP read the way myna reads it
// (17-byte READ BINARY of EF 0001; EF 0002 with its DF21 offsets), opened with the 4-digit PIN,
// 照合番号A (My Number) or 照合番号B (attributes), and the issuer's integrity file checked.
// With --secure, as myna-card's secure_messaging example: the PIN in the clear (the card opens
// no session before it), then SELECT and READ BINARY of the file under secure messaging, and for
// the My Number 照合番号A presented under it too: the number never crosses the interface in the
// clear, read or presented.

#include <memory>

#include "hostcrypto/cv_certificate.hpp"
#include "iso7816/ber_tlv.hpp"
#include "reader/client/secure_messaging.hpp"
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
  bool secure = false;  // --secure
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
    const auto certificate = hostcrypto::parse_cv_certificate(text.read_cv_certificate_file(),
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

// The file as stored up to the end of its BER object (the plain reads stop there too).
Bytes trimmed(Bytes file, const std::string& what) {
  std::size_t header = 0, value = 0;
  if (iso7816::read_ber_header(file, nullptr, &header, &value) != iso7816::BerError::kNone ||
      header + value > file.size())
    throw client::RecordError(what + ": the file read under secure messaging holds no object");
  file.resize(header + value);
  return file;
}

// 照合番号A is the My Number: presented under the session, the card says whether the number read
// is the one it holds, and the value never travels in the clear. Not sent to a key that is
// blocked or has one try left (unless --allow-last-try).
CheckResult collation_a_check(client::TextClient& text, client::SecureSession& sm,
                              const std::string& number, bool allow_last_try) {
  const auto status = text.key_status(TextKey::kCollationA);
  if (status.state == client::PinStatus::State::kBlocked ||
      (status.state == client::PinStatus::State::kTriesLeft && status.tries_left == 1 &&
       !allow_last_try))
    return {"collation-a", CheckStatus::kNotChecked,
            "照合番号A is blocked or has 1 try left: not presented"};
  const auto result =
      sm.verify(static_cast<std::uint16_t>(TextKey::kCollationA), client::Secret(number));
  if (result.ok)
    return {"collation-a", CheckStatus::kOk,
            "the card took the number read as 照合番号A (VERIFY under secure messaging)"};
  return {"collation-a", CheckStatus::kFailed,
          "the card refused the number read as 照合番号A (SW " + to_hex(result.sw) + ")"};
}

// PIN in the clear, SET SESSION KEY under EF 0006's key, then the file under secure messaging.
Bytes read_secure(client::TextClient& text, const PinOptions& pin, TextRead what,
                  std::vector<CheckResult>& checks, json& out) {
  open_with(text, TextKey::kPin, credential_label(Credential::kPin), pin);
  client::SecureSession sm = text.open_secure_session();
  Bytes file;
  if (what == TextRead::kMyNumber) {
    file = sm.read_ef(0x0001);  // 17 bytes as stored: what the integrity digest covers
    checks.push_back(
        collation_a_check(text, sm, client::parse_my_number_file(file), pin.allow_last_try));
  } else {
    file = trimmed(sm.read_ef(0x0002), "text EF 0002 (attributes)");
  }
  out["secure_messaging"] = {{"commands", sm.counter() - 1}};
  return file;
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
  json out = {{"credential", credential_name(credential)}};
  std::string shown;
  std::vector<CheckResult> checks;
  Bytes file;
  try {
    if (args.secure) {
      file = read_secure(text, args.credential.pin, what, checks, out);
    } else {
      open_with(text, key_of(credential), credential_label(credential), args.credential.pin);
      file = what == TextRead::kMyNumber ? text.read_my_number_file() : text.read_attributes_file();
    }
    if (what == TextRead::kMyNumber) {
      const std::string number = client::parse_my_number_file(file);
      out["my_number"] = number;
      shown = number + "\n";
      for (auto& check : integrity_checks(text, file, {}, anchor)) checks.push_back(check);
    } else {
      const auto a = client::parse_text_attributes(file);
      out["name"] = a.name;
      out["address"] = a.address;
      out["birth_date"] = a.birth_date.iso();
      out["sex"] = std::string(1, static_cast<char>(a.sex));
      out["sex_name"] = client::name_of(a.sex);
      shown = "name:       " + a.name + "\naddress:    " + a.address +
              "\nbirth date: " + a.birth_date.iso() + "\nsex:        " + static_cast<char>(a.sex) +
              " (" + client::name_of(a.sex) + ")\n";
      for (auto& check : integrity_checks(text, {}, file, anchor)) checks.push_back(check);
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
    command
        ->add_flag("--secure", args->secure,
                   "read under secure messaging: the PIN in the clear (the card opens no session "
                   "before it), then SELECT and READ BINARY encrypted (and for the My Number "
                   "照合番号A presented encrypted): the number never crosses in the clear")
        ->excludes("--pin-a")
        ->excludes("--pin-b");
    command->add_flag("--json", options.json, "print one JSON document");
    command->callback([&options, args, what] { run_text(options, *args, what); });
  };
  add("my-number", "the 12-digit My Number (the PIN or --pin-a opens it)", TextRead::kMyNumber);
  add("attributes", "name, address, birth date and sex (the PIN or --pin-b opens them)",
      TextRead::kAttributes);
}

}  // namespace mynasim::tools
