// mynaca issue: one holder from options, or many from a CSV / JSON file with a progress bar.
// Everything is checked before anything is written: holder fields, PIN forms, output paths.

#include <filesystem>
#include <set>

#include "tools/mynaca/batch_input.hpp"
#include "tools/mynaca/card_issuer.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/progress.hpp"

namespace mynasim::mynaca {
namespace {

constexpr const char* kPinPrompt = "User-authentication PIN (4 digits)";
constexpr const char* kPasswordPrompt = "Signature password (6-16 of A-Z 0-9)";

nlohmann::json issued_json(const IssuedCard& card) {
  nlohmann::json j{{"card", card.registration.card_id},
                   {"image", card.image_path},
                   {"my_number", card.registration.holder.my_number},
                   {"resident_code", card.registration.holder.resident_code},
                   {"auth_serial", card.certificates.auth.serial},
                   {"auth_not_after", pki::iso8601(card.certificates.auth.not_after)},
                   // Printed on the card face (not secret): what 照合番号B is made of.
                   {"security_code", card.card_face.security_code},
                   {"expiry", pki::to_string(card.card_face.expiry)},
                   {"municipality", card.card_face.municipality}};
  if (card.certificates.sign) {
    j["sign_serial"] = card.certificates.sign->serial;
    j["sign_not_after"] = pki::iso8601(card.certificates.sign->not_after);
  } else {
    j["sign_serial"] = nullptr;  // a holder under 15
  }
  return j;
}

std::string issued_text(const IssuedCard& card) {
  std::string text = "card " + std::to_string(card.registration.card_id) + " issued into " +
                     card.image_path + "\n  My Number " + card.registration.holder.my_number +
                     "\n  user-authentication certificate serial " +
                     std::to_string(card.certificates.auth.serial) + ", valid until " +
                     pki::iso8601(card.certificates.auth.not_after) +
                     "\n  card face: security code " + card.card_face.security_code + ", expiry " +
                     pki::to_string(card.card_face.expiry) + ", municipality " +
                     card.card_face.municipality;
  if (card.certificates.sign)
    text += "\n  signature certificate serial " + std::to_string(card.certificates.sign->serial) +
            ", valid until " + pki::iso8601(card.certificates.sign->not_after);
  else
    text += "\n  no signature certificate (holder under 15)";
  return text;
}

void check_pins(const Secret& pin, const Secret& password) {
  pki::check_auth_pin(pin.value());
  pki::check_sign_password(password.value());
}

// The text PIN and resident PIN from --text-pin-env / --resident-pin-env; without them the
// user-authentication PIN serves (CardInfoIssue's null), so no extra prompt is needed.
struct CardInfoPins {
  Secret text_pin, resident_pin;
  void read(const IssueOptions& options) {
    if (!options.text_pin_env.empty()) {
      text_pin = read_secret({options.text_pin_env}, "text-pin", "Text PIN (4 digits)");
      check_card_info_pin(text_pin, "text-pin");
    }
    if (!options.resident_pin_env.empty()) {
      resident_pin =
          read_secret({options.resident_pin_env}, "resident-pin", "Resident PIN (4 digits)");
      check_card_info_pin(resident_pin, "resident-pin");
    }
  }
  CardInfoIssue issue(CardFacePlan plan) const {
    return {std::move(plan), text_pin.empty() ? nullptr : &text_pin,
            resident_pin.empty() ? nullptr : &resident_pin};
  }
};

int issue_one(const Context& context, const IssueOptions& options) {
  for (const auto& [value, name] : {std::pair{&options.holder.name, "name"},
                                    {&options.holder.address, "address"},
                                    {&options.holder.birth, "birth"},
                                    {&options.holder.sex, "sex"},
                                    {&options.out, "out"}})
    if (!options.given.count(name))
      throw CommandError(std::string("--") + name + " is required (or give --batch FILE)", 2, name);
  const pki::UnixTime now = context.now();
  pki::Authority authority = pki::Authority::open(context.dir);
  const pki::Holder holder = pki::validate_holder(options.holder, pki::jst_date_of(now));
  check_new_image_path(options.out, "out");
  const CardFacePlan plan = plan_card_face(holder, now, options.municipality, options.photo);
  const Secret pin = read_secret({options.pin_env}, "pin", kPinPrompt);
  pki::check_auth_pin(pin.value());
  const Secret password =
      read_secret({options.sign_password_env}, "sign-password", kPasswordPrompt);
  pki::check_sign_password(password.value());
  CardInfoPins card_info_pins;
  card_info_pins.read(options);
  const CardInfoIssue card_info = card_info_pins.issue(plan);
  const IssuedCard card =
      issue_card(authority, holder, options.out, pin, password, now, &card_info);
  emit(context, issued_json(card), issued_text(card));
  return 0;
}

struct PreparedRow {
  pki::Holder holder;
  std::string out;
  const Secret* pin;
  const Secret* password;
  Secret own_pin, own_password;
  CardFacePlan plan;
};

int issue_batch(const Context& context, const IssueOptions& options) {
  if (!options.given.empty())
    throw CommandError(
        "--batch takes the holders from the file: drop --name, --address, "
        "--birth, --sex and --out",
        2);
  const pki::UnixTime now = context.now();
  pki::Authority authority = pki::Authority::open(context.dir);
  std::vector<BatchRow> rows = read_batch(options.batch, options.format);

  // Shared secrets, asked for once, only if some row has no column of its own.
  Secret shared_pin, shared_password;
  const bool need_pin = std::any_of(rows.begin(), rows.end(), [](auto& r) { return !r.pin; });
  const bool need_password =
      std::any_of(rows.begin(), rows.end(), [](auto& r) { return !r.sign_password; });
  if (need_pin) shared_pin = read_secret({options.pin_env}, "pin", kPinPrompt);
  if (need_password)
    shared_password = read_secret({options.sign_password_env}, "sign-password", kPasswordPrompt);
  CardInfoPins card_info_pins;
  card_info_pins.read(options);

  std::vector<PreparedRow> prepared(rows.size());
  std::set<std::string> outputs;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BatchRow& row = rows[i];
    PreparedRow& p = prepared[i];
    try {
      p.holder = pki::validate_holder(row.input, pki::jst_date_of(now));
      if (row.pin) p.own_pin = Secret(*row.pin);
      if (row.sign_password) p.own_password = Secret(*row.sign_password);
      p.pin = row.pin ? &p.own_pin : &shared_pin;
      p.password = row.sign_password ? &p.own_password : &shared_password;
      check_pins(*p.pin, *p.password);
      p.plan = plan_card_face(p.holder, now, options.municipality, options.photo);
    } catch (const pki::InvalidField& e) {
      throw CommandError("batch: " + row.where + ": " + e.what(), 1, e.field());
    }
    if (row.out.empty()) {
      if (options.out_dir.empty())
        throw CommandError("batch: " + row.where + ": out: no column value and no --out-dir", 2,
                           "out");
      char name[32];
      std::snprintf(name, sizeof name, "card-%04zu.img", i + 1);
      p.out = (std::filesystem::path(options.out_dir) / name).string();
    }
    try {
      if (!row.out.empty()) p.out = batch_output_path(options.out_dir, row.out);
      check_new_image_path(p.out, "out");
    } catch (const CommandError& e) {
      throw CommandError("batch: " + row.where + ": " + e.what(), 1, "out");
    }
    if (!outputs.insert(std::filesystem::absolute(p.out).string()).second)
      throw CommandError("batch: " + row.where + ": out: " + p.out + " is used twice", 1, "out");
  }

  nlohmann::json issued = nlohmann::json::array();
  std::string text;
  {
    Progress progress(prepared.size(), "cards");
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      const PreparedRow& p = prepared[i];
      try {
        const CardInfoIssue card_info = card_info_pins.issue(p.plan);
        const IssuedCard card =
            issue_card(authority, p.holder, p.out, *p.pin, *p.password, now, &card_info);
        issued.push_back(issued_json(card));
        text += "card " + std::to_string(card.registration.card_id) + "\t" +
                card.registration.holder.my_number + "\t" + card.image_path + "\n";
      } catch (const std::exception& e) {
        throw CommandError("batch: " + rows[i].where + ": " + e.what() + " (" + std::to_string(i) +
                           " of " + std::to_string(prepared.size()) +
                           " cards were issued before it)");
      }
      progress.advance();
    }
  }
  emit(context, {{"issued", issued}}, text + std::to_string(issued.size()) + " cards issued");
  return 0;
}

}  // namespace

int run_issue(const Context& context, const IssueOptions& options) {
  return options.batch.empty() ? issue_one(context, options) : issue_batch(context, options);
}

}  // namespace mynasim::mynaca
