#include "tools/mynaca/card_issuer.hpp"

#include <filesystem>

#include "card/apps/card_profiles.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/store/file_storage.hpp"
#include "pki/card_info/card_face_profile.hpp"
#include "tools/mynaca/context.hpp"
#include "tools/mynaca/office.hpp"

namespace mynasim::mynaca {
namespace {

namespace fs = std::filesystem;

// The card's clock reads the issuing time, so that a pinned --now is the card's now too.
class IssuingClock final : public card::Clock {
 public:
  explicit IssuingClock(pki::UnixTime now) : now_(now) {}
  std::uint64_t unix_seconds() override { return static_cast<std::uint64_t>(now_); }

 private:
  pki::UnixTime now_;
};

card::JpkiCertificates card_certificates(const pki::CardCertificates& c) {
  return {c.auth.der, c.auth_ca, c.sign ? c.sign->der : Bytes(), c.sign_ca};
}

}  // namespace

void check_new_image_path(const std::string& path, const std::string& field) {
  if (path.empty()) throw CommandError(field + ": is empty");
  std::error_code ec;
  if (fs::exists(path, ec))
    throw CommandError(field + ": " + path + " already exists (a card is never overwritten)");
  const fs::path parent = fs::absolute(path).parent_path();
  if (!fs::is_directory(parent, ec))
    throw CommandError(field + ": directory " + parent.string() + " does not exist");
}

IssuedCard issue_card(pki::Authority& authority, const pki::Holder& holder,
                      const std::string& image_path, const Secret& pin, const Secret& sign_password,
                      pki::UnixTime now, const CardInfoIssue* card_info) {
  IssuedCard out;
  out.image_path = fs::absolute(image_path).string();
  out.registration = authority.register_card(holder, out.image_path, now);
  const pki::Holder& h = out.registration.holder;
  const auto card_id = out.registration.card_id;

  const auto& profile = card::my_number_card_profile();
  card::store::FileStorage storage(out.image_path);
  IssuingClock clock(now);
  card::Env env{card::system_random(), clock, storage};
  card::Credentials credentials;
  credentials.auth_pin = pin.value();
  credentials.sign_password = sign_password.value();
  // The card-info credentials: the text and resident PINs (the auth PIN unless given), the
  // 照合番号 and the 生年月日 key from the holder and the card face.
  out.card_face =
      card_info ? card_info->plan : plan_card_face(h, now, kDefaultMunicipality, std::string());
  set_card_info_credentials(credentials, h, out.card_face,
                            card_info && card_info->text_pin ? *card_info->text_pin : pin,
                            card_info && card_info->resident_pin ? *card_info->resident_pin : pin);
  const card::HolderRecord record{h.name, h.address, pki::compact(h.birth), h.sex, h.my_number};
  card::CardPublicKeys keys;
  if (auto r = card::begin_personalization(env, profile, record, credentials, &keys); !r.ok) {
    authority.set_card_state(card_id, "failed");
    std::error_code ignored;
    fs::remove(out.image_path, ignored);
    throw CommandError("card " + std::to_string(card_id) + ": personalization failed: " + r.error);
  }
  install_office_key(authority, env, card_id);
  out.certificates =
      authority.certify_card(card_id, keys.auth.to_spki_der(), keys.sign.to_spki_der(), now);
  if (pki::jst_date_of(out.certificates.auth.not_after) != out.card_face.expiry)
    throw CommandError("card " + std::to_string(card_id) +
                       ": the card face's expiry differs from the certificate's (the card stays "
                       "\"certified\")");
  // A profile without the card-info applications (the smartphone token) gets none of them.
  const std::vector<card::EfContent> card_info_files =
      profile.find_df(pki::card_info::kTextDf)
          ? card_info_contents(authority.dir(), h, out.card_face, keys, card_id)
          : std::vector<card::EfContent>{};
  if (auto r = card::install_certificates(env, profile, card_certificates(out.certificates),
                                          card_info_files);
      !r.ok)
    throw CommandError(
        "card " + std::to_string(card_id) +
        ": writing the certificates failed (the card stays \"certified\"): " + r.error);
  authority.set_card_state(card_id, "active");
  return out;
}

pki::CardCertificates renew_card(pki::Authority& authority, std::int64_t card_id,
                                 const std::string& image_path,
                                 const std::optional<pki::Holder>& changed, pki::UnixTime now) {
  const auto& profile = card::my_number_card_profile();
  card::store::FileStorage storage(image_path);
  IssuingClock clock(now);
  card::Env env{card::system_random(), clock, storage};
  card::CardPublicKeys keys;
  if (auto r = card::read_public_keys(env, profile, &keys); !r.ok)
    throw CommandError("card " + std::to_string(card_id) + ": " + r.error);
  pki::CardCertificates certificates =
      authority.renew_card(card_id, keys.auth.to_spki_der(), keys.sign.to_spki_der(), now, changed);
  if (auto r = card::install_certificates(env, profile, card_certificates(certificates)); !r.ok)
    throw CommandError("card " + std::to_string(card_id) +
                       ": the new certificates are issued but writing them failed: " + r.error);
  return certificates;
}

}  // namespace mynasim::mynaca
