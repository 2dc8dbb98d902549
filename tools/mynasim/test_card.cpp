#include "tools/mynasim/test_card.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "card/apps/card_profiles.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/store/file_storage.hpp"
#include "pki/card_info/card_face_profile.hpp"
#include "pki/in_memory_authority.hpp"
#include "tools/mynasim/test_card_info.hpp"
#include "tools/mynasim/test_card_office.hpp"

namespace mynasim::tools {

std::string issue_test_card(const std::string& image_path, const std::string& pin,
                            const std::string& sign_password, TestCardCertificates* out,
                            const std::string& profile_name) {
  const card::CardProfile* found = card::find_profile(profile_name);
  if (!found)
    return "unknown card profile \"" + profile_name +
           "\" (known: mynumber-card, jpki-token/android)";
  const card::CardProfile& profile = *found;
  card::store::FileStorage storage(image_path);
  card::Env env{card::system_random(), card::system_clock(), storage};

  // The card makes its keys, an in-memory J-LIS (the real certificate profiles, pki/) certifies
  // them, the certificates go back.
  const card::HolderRecord record{"個人番号\u3000太郎", "東京都千代田区永田町１丁目７番１号",
                                  "19900401", '1', "621498320257"};
  card::Credentials credentials;
  credentials.auth_pin = pin;
  credentials.sign_password = sign_password;
  // The card-info applications: the card face of the fixed holder, signed by an in-memory
  // card-info CV root and signer; the text and resident PINs are the auth PIN.
  const auto now = static_cast<pki::UnixTime>(card::system_clock().unix_seconds());
  std::optional<TestCardInfo> card_info;
  try {
    card_info = plan_test_card_info({1990, 4, 1}, now);
    set_test_card_info_credentials(credentials, *card_info, record, pin);
  } catch (const std::exception& e) {
    return std::string("planning the card face: ") + e.what();
  }
  card::CardPublicKeys keys;
  if (auto r = card::begin_personalization(env, profile, record, credentials, &keys); !r.ok)
    return r.error;
  card::JpkiCertificates certs;
  std::vector<card::EfContent> card_info_files;
  try {
    pki::InMemoryAuthority jlis(now);
    const pki::Holder holder =
        pki::validate_holder({record.name, record.address, "1990-04-01", std::string(1, record.sex),
                              record.my_number, ""},
                             pki::jst_date_of(now));
    certs = {jlis.issue_auth(keys.auth.to_spki_der(), holder, now), jlis.auth_ca_der(),
             jlis.issue_sign(keys.sign.to_spki_der(), holder, now), jlis.sign_ca_der()};
    // A profile without the card-info applications gets none of their files.
    if (profile.find_df(pki::card_info::kTextDf))
      card_info_files = test_card_info_files(*card_info, record, keys);
  } catch (const std::exception& e) {
    return std::string("issuing the certificates: ") + e.what();
  }
  if (auto r = card::install_certificates(env, profile, certs, card_info_files); !r.ok)
    return r.error;
  if (out)
    *out = {certs.auth,
            certs.auth_ca,
            certs.sign,
            certs.sign_ca,
            card_info->cv.root_certificate(),
            card_info->cv.root_public_key_pem(),
            pki::to_string(card_info->expiry)};
  return {};
}

int run_issue_test_card(const std::string& image_path, const std::string& certs_dir,
                        const std::string& pin, const std::string& sign_password,
                        const std::string& profile_name) {
  TestCardCertificates certs;
  if (const std::string error =
          issue_test_card(image_path, pin, sign_password, &certs, profile_name);
      !error.empty()) {
    std::fprintf(stderr, "mynasim issue-test-card: %s\n", error.c_str());
    return 1;
  }
  if (!certs_dir.empty()) {
    std::error_code ignored;
    std::filesystem::create_directories(certs_dir, ignored);
    const Bytes cv_root_pem(certs.cv_root_pem.begin(), certs.cv_root_pem.end());
    const std::pair<const char*, const Bytes*> files[] = {
        {"auth.der", &certs.auth},       {"auth-ca.der", &certs.auth_ca},
        {"sign.der", &certs.sign},       {"sign-ca.der", &certs.sign_ca},
        {"cv-root.cvc", &certs.cv_root}, {"cv-root.pub.pem", &cv_root_pem}};
    for (const auto& [name, der] : files) {
      const std::string path = certs_dir + "/" + name;
      std::ofstream out(path, std::ios::binary);
      out.write(reinterpret_cast<const char*>(der->data()),
                static_cast<std::streamsize>(der->size()));
      if (!out) {
        std::fprintf(stderr, "mynasim issue-test-card: cannot write %s\n", path.c_str());
        return 1;
      }
    }
    const std::string office_error =
        install_test_office_key(image_path, certs_dir + "/office-key.pem");
    if (!office_error.empty()) {
      std::fprintf(stderr, "mynasim issue-test-card: %s\n", office_error.c_str());
      return 1;
    }
  }
  std::printf("issued a test card into %s (card face: security code %s, expiry %s)\n",
              image_path.c_str(), kTestSecurityCode, certs.expiry.c_str());
  return 0;
}

}  // namespace mynasim::tools
