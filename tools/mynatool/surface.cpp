// `mynatool surface`: the 券面事項確認AP read the way jpki-rs reads it (VERIFY 照合番号A 0013 or
// B 0012, then EF 0002 sized by its header), the card face written out as files (name.png,
// address.png, photo.jp2 + photo.png for viewing, security-code.png, with A my-number.png) and
// surface.json, the issuer's signatures and the CV certificate checked. With --birth-date, only
// the age record (EF 0001, the 生年月日 key) and age.json.

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "reader/client/surface_client.hpp"
#include "tools/mynatool/card_info_access.hpp"
#include "tools/mynatool/certificate_output.hpp"
#include "tools/mynatool/photo_png.hpp"

namespace mynasim::tools {
namespace {

using client::CheckResult;
using client::CheckStatus;
using client::SurfaceKey;
using nlohmann::json;

struct SurfaceArgs {
  CredentialOptions credential;
  std::string out_dir;
  bool birth_date = false;  // --birth-date: only the age record, with the 生年月日 key
};

const char* kBirthDateLabel = "生年月日 key (birth date as Japanese-era YYMMDD, 6 digits)";

// 照合番号A is the 12-digit My Number, B 14 digits: with neither flag, the value's length says
// which (as jpki-rs's CLI decides).
SurfaceKey open_surface(client::SurfaceClient& surface, const CredentialOptions& options) {
  if (options.collation_a || options.collation_b) {
    const Credential credential =
        options.collation_a ? Credential::kCollationA : Credential::kCollationB;
    const SurfaceKey key = options.collation_a ? SurfaceKey::kCollationA : SurfaceKey::kCollationB;
    open_with(surface, key, credential_label(credential), options.pin);
    return key;
  }
  const client::Secret value =
      cli::read_secret(options.pin.source, "照合番号A (12 digits) or 照合番号B (14 digits)");
  if (value.size() != 12 && value.size() != 14)
    throw CommandFailed("the value given is " + std::to_string(value.size()) +
                        " characters: 照合番号A has 12 digits, 照合番号B 14");
  const Credential credential =
      value.size() == 12 ? Credential::kCollationA : Credential::kCollationB;
  const SurfaceKey key = value.size() == 12 ? SurfaceKey::kCollationA : SurfaceKey::kCollationB;
  const std::string label = credential_label(credential);
  check_before_sending(surface.key_status(key), label, options.pin.allow_last_try);
  const auto result = surface.verify(key, value);
  if (!result.ok) report_wrong(result, label);
  return key;
}

// 0700: what goes in (name and address images, photo, age) is the holder's personal data.
void make_directory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw CommandFailed("cannot create the directory " + dir + ": " + std::strerror(errno));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw CommandFailed(dir + " is not a directory");
}

// Writes one image and describes it for surface.json.
json write_image(const std::string& dir, const std::string& name, ByteView bytes) {
  write_file(dir + "/" + name, bytes);
  json entry = {{"file", name},
                {"format", client::name_of(client::detect_image_format(bytes))},
                {"bytes", bytes.size()}};
  int width = 0, height = 0;
  if (client::image_size(bytes, width, height)) {
    entry["width"] = width;
    entry["height"] = height;
  }
  return entry;
}

std::vector<CheckResult> surface_checks(const client::CardFace& face,
                                        const client::SurfaceBasicData& basic,
                                        const client::RenderedMyNumber* rendered,
                                        const hostcrypto::CvCertificate& certificate,
                                        const std::optional<client::CvTrustAnchor>& anchor) {
  std::vector<CheckResult> checks;
  checks.push_back(client::check_cv_certificate(certificate, anchor ? &*anchor : nullptr));
  checks.push_back(client::check_card_face(face, certificate));
  if (rendered)
    checks.push_back(client::check_rendered_my_number(*rendered, certificate));
  else
    checks.push_back({"rendered-my-number", CheckStatus::kNotChecked,
                      "照合番号B does not open the rendered My Number (EF 0005)"});
  checks.push_back(client::check_surface_basic_data(basic, certificate));
  return checks;
}

// The age record (EF 0001) with the 生年月日 key: the least a terminal can be told.
void run_age_record(const GlobalOptions& options, const SurfaceArgs& args,
                    client::SurfaceClient& surface,
                    const std::optional<client::CvTrustAnchor>& anchor) {
  open_with(surface, SurfaceKey::kBirthDate, kBirthDateLabel, args.credential.pin);
  json out;
  std::vector<CheckResult> checks;
  try {
    const auto record = client::parse_age_record(surface.read_age_record_file());
    const auto certificate = hostcrypto::parse_cv_certificate(surface.read_cv_certificate_file(),
                                                              "surface EF 0004 (CV certificate)");
    checks = {client::check_cv_certificate(certificate, anchor ? &*anchor : nullptr),
              client::check_age_record(record, certificate),
              challenge_card(surface, record.public_key)};
    out = {{"credential", "birth-date"},
           {"birth_date", record.birth_date.iso()},
           {"checks", checks_json(checks)}};
  } catch (const client::RecordError& e) {
    throw CommandFailed(e.what());
  }
  const std::string document = out.dump(2) + "\n";
  write_file(args.out_dir + "/age.json",
             ByteView(reinterpret_cast<const std::uint8_t*>(document.data()), document.size()));
  print_result(options, out,
               "birth date:        " + out["birth_date"].get<std::string>() + "\nwrote " +
                   args.out_dir + "/age.json\n" + checks_text(checks));
  fail_on_failed_check(checks);
}

void run_surface(const GlobalOptions& options, const SurfaceArgs& args) {
  const auto anchor = load_trust_anchor(args.credential.ca_cv);
  make_directory(args.out_dir);
  Session session(options);
  pcsc::CardConnection::Transaction transaction(session.card());
  client::SurfaceClient surface(session.channel());
  if (!surface.select_if_present())
    throw CommandFailed("this card has no surface application (券面事項確認AP)");
  if (args.birth_date) return run_age_record(options, args, surface, anchor);
  const SurfaceKey key = open_surface(surface, args.credential);

  json out;
  std::vector<CheckResult> checks;
  try {
    const client::CardFace face = surface.read_card_face();
    const auto basic = client::parse_surface_basic_data(surface.read_basic_data_file());
    const auto certificate = hostcrypto::parse_cv_certificate(surface.read_cv_certificate_file(),
                                                              "surface EF 0004 (CV certificate)");
    std::optional<client::RenderedMyNumber> rendered;
    if (key == SurfaceKey::kCollationA)
      rendered = client::parse_rendered_my_number(surface.read_rendered_my_number_file());

    const std::string& dir = args.out_dir;
    json files;
    files["name"] = write_image(dir, "name.png", face.name_image);
    files["address"] = write_image(dir, "address.png", face.address_image);
    files["photo"] = write_image(dir, "photo.jp2", face.photo);
    int width = 0, height = 0;
    const Bytes photo_png = jp2_to_png(face.photo, width, height);
    files["photo_png"] = write_image(dir, "photo.png", photo_png);
    files["security_code"] = write_image(dir, "security-code.png", face.security_code_image);
    if (rendered) files["my_number"] = write_image(dir, "my-number.png", rendered->image);

    checks = surface_checks(face, basic, rendered ? &*rendered : nullptr, certificate, anchor);
    checks.push_back(challenge_card(surface, face.public_key));
    out = {{"credential", key == SurfaceKey::kCollationA ? "collation-a" : "collation-b"},
           {"birth_date", face.birth_date.iso()},
           {"sex", std::string(1, static_cast<char>(face.sex))},
           {"sex_name", client::name_of(face.sex)},
           {"expiry", face.expiry.iso()},
           {"public_key_bits", face.public_key.bits()},
           {"municipality_code", basic.municipality_code},
           {"cv_certificate",
            {{"issuer", hostcrypto::key_id_text(certificate.issuer_key_id)},
             {"subject", hostcrypto::key_id_text(certificate.subject_key_id)}}},
           {"files", files},
           {"checks", checks_json(checks)}};
    const std::string document = out.dump(2) + "\n";
    write_file(dir + "/surface.json",
               ByteView(reinterpret_cast<const std::uint8_t*>(document.data()), document.size()));
  } catch (const client::RecordError& e) {
    throw CommandFailed(e.what());
  }
  std::string text = "birth date:        " + out["birth_date"].get<std::string>() +
                     "\nsex:               " + out["sex"].get<std::string>() + " (" +
                     out["sex_name"].get<std::string>() + ")" +
                     "\nexpiry:            " + out["expiry"].get<std::string>() +
                     "\nmunicipality code: " + out["municipality_code"].get<std::string>() + "\n";
  for (const auto& [name, file] : out["files"].items())
    text += "wrote " + args.out_dir + "/" + file["file"].get<std::string>() + "\n";
  text += "wrote " + args.out_dir + "/surface.json\n";
  print_result(options, out, text + checks_text(checks));
  fail_on_failed_check(checks);
}

}  // namespace

void add_surface_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<SurfaceArgs>();
  auto* surface = app.add_subcommand(
      "surface", "the card face (券面事項確認AP): images, birth date, sex, expiry, as files");
  add_credential_options(*surface, args->credential);
  surface->add_option("--out", args->out_dir, "directory to write the files into")->required();
  surface
      ->add_flag("--birth-date", args->birth_date,
                 "open only the age record (EF 0001) with the 生年月日 key (Japanese-era YYMMDD; "
                 "from the prompt, --pin-env or --pin-fd) and write age.json")
      ->excludes("--pin-a")
      ->excludes("--pin-b");
  surface->add_flag("--json", options.json,
                    "print one JSON document (also written as surface.json)");
  surface->callback([&options, args] { run_surface(options, *args); });
}

}  // namespace mynasim::tools
