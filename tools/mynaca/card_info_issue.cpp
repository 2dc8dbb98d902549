#include "tools/mynaca/card_info_issue.hpp"

#include <algorithm>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/card_info/collation.hpp"
#include "pki/card_info/photo.hpp"
#include "pki/card_info/text_images.hpp"
#include "pki/unix_time.hpp"
#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {
namespace {

namespace ci = pki::card_info;

bool digits(const std::string& s, std::size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

hostcrypto::RsaPublicKey numbers(const card::crypto::RsaPublicKey& key) {
  return {key.modulus, key.exponent};
}

}  // namespace

CardFacePlan plan_card_face(const pki::Holder& holder, pki::UnixTime now,
                            const std::string& municipality, const std::string& photo_path) {
  ci::check_card_face_text(holder.name, holder.address);
  if (!digits(municipality, 5))
    throw pki::InvalidField("municipality",
                            "5 digits are needed (全国地方公共団体コード without its check digit)");
  CardFacePlan plan;
  plan.municipality = municipality;
  if (!photo_path.empty()) plan.photo = ci::load_portrait(photo_path);
  plan.expiry = pki::jst_date_of(pki::end_entity_not_after(holder.birth, now));
  plan.security_code = ci::random_security_code();
  return plan;
}

void check_card_info_pin(const Secret& pin, const std::string& field) {
  if (!digits(pin.value(), 4)) throw pki::InvalidField(field, "must be exactly 4 digits");
}

void set_card_info_credentials(card::Credentials& credentials, const pki::Holder& holder,
                               const CardFacePlan& plan, const Secret& text_pin,
                               const Secret& resident_pin) {
  credentials.text_pin = text_pin.value();
  credentials.resident_pin = resident_pin.value();
  credentials.collation_a = holder.my_number;
  credentials.birth_date_key = ci::era_yymmdd(holder.birth);
  credentials.collation_b = ci::collation_b(holder.birth, plan.expiry, plan.security_code);
}

std::vector<card::EfContent> card_info_contents(const std::string& authority_dir,
                                                const pki::Holder& holder, const CardFacePlan& plan,
                                                const card::CardPublicKeys& keys,
                                                std::int64_t card_id) {
  const ci::CvAuthority cv = ci::CvAuthority::open(authority_dir);
  ci::CardInfoRecord record;
  record.name = holder.name;
  record.address = holder.address;
  record.birth = holder.birth;
  record.sex = holder.sex;
  record.my_number = holder.my_number;
  record.expiry = plan.expiry;
  record.security_code = plan.security_code;
  record.municipality_code = plan.municipality;
  record.card_serial = ci::card_serial_for(card_id);
  record.photo = plan.photo.pixels.empty()
                     ? ci::generated_portrait(static_cast<std::uint32_t>(card_id))
                     : plan.photo;
  ci::ApPublicKeys ap_keys{numbers(keys.text_ap), numbers(keys.surface_ap),
                           numbers(keys.text_session), numbers(keys.common_ap)};
  std::vector<card::EfContent> out;
  for (auto& file : ci::build_card_info_files(record, ap_keys, cv.signer()))
    out.push_back({file.df_id, file.fid, std::move(file.content)});
  return out;
}

nlohmann::json create_card_info_root(const std::string& dir, const std::string& office_code) {
  ci::CvAuthority::create(dir, office_code);
  return card_info_root_json(dir);
}

nlohmann::json card_info_root_json(const std::string& dir) {
  if (!ci::CvAuthority::exists(dir)) return nullptr;
  const ci::CvAuthority cv = ci::CvAuthority::open(dir);
  return {{"root_key_id", hostcrypto::key_id_text(cv.root_key_id())},
          {"root_certificate", ci::CvAuthority::root_certificate_path(dir)},
          {"root_public_key", ci::CvAuthority::root_public_key_path(dir)},
          {"signer_key_id", hostcrypto::key_id_text(cv.signer().key_id)},
          {"signer_certificate", ci::CvAuthority::signer_certificate_path(dir)}};
}

std::string card_info_root_line(const nlohmann::json& root) {
  if (root.is_null()) return "card-info CV root: none (the authority predates card-info)";
  return "card-info CV root " + root["root_key_id"].get<std::string>() + "\t" +
         root["root_certificate"].get<std::string>() + "\t" +
         root["root_public_key"].get<std::string>();
}

}  // namespace mynasim::mynaca
