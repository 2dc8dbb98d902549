#include "tools/mynasim/test_card_info.hpp"

#include "hostcrypto/rsa_public_key.hpp"
#include "pki/card_info/card_info_files.hpp"
#include "pki/card_info/collation.hpp"
#include "pki/card_info/photo.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::tools {
namespace {

namespace ci = pki::card_info;

hostcrypto::RsaPublicKey numbers(const card::crypto::RsaPublicKey& key) {
  return {key.modulus, key.exponent};
}

}  // namespace

TestCardInfo plan_test_card_info(const pki::Date& birth, pki::UnixTime now) {
  return {birth, pki::jst_date_of(pki::end_entity_not_after(birth, now)),
          ci::CvAuthority::in_memory()};
}

void set_test_card_info_credentials(card::Credentials& credentials, const TestCardInfo& info,
                                    const card::HolderRecord& holder, const std::string& pin) {
  credentials.text_pin = pin;
  credentials.resident_pin = pin;
  credentials.collation_a = holder.my_number;
  credentials.birth_date_key = ci::era_yymmdd(info.birth);
  credentials.collation_b = ci::collation_b(info.birth, info.expiry, kTestSecurityCode);
}

std::vector<card::EfContent> test_card_info_files(const TestCardInfo& info,
                                                  const card::HolderRecord& holder,
                                                  const card::CardPublicKeys& keys) {
  ci::CardInfoRecord record;
  record.name = holder.name;
  record.address = holder.address;
  record.birth = info.birth;
  record.sex = holder.sex;
  record.my_number = holder.my_number;
  record.expiry = info.expiry;
  record.security_code = kTestSecurityCode;
  record.municipality_code = kTestMunicipality;
  record.card_serial = ci::card_serial_for(1);
  record.photo = ci::generated_portrait(0);
  const ci::ApPublicKeys ap_keys{numbers(keys.text_ap), numbers(keys.surface_ap),
                                 numbers(keys.text_session), numbers(keys.common_ap)};
  std::vector<card::EfContent> out;
  for (auto& file : ci::build_card_info_files(record, ap_keys, info.cv.signer()))
    out.push_back({file.df_id, file.fid, std::move(file.content)});
  return out;
}

}  // namespace mynasim::tools
