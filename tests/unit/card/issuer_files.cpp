#include <catch2/catch.hpp>

#include "hostcrypto/rsa_public_key.hpp"
#include "issuer_files.hpp"
#include "pki/card_info/collation.hpp"
#include "pki/card_info/photo.hpp"
#include "test_card.hpp"

namespace mynasim::testing {
namespace {

namespace ci = pki::card_info;

hostcrypto::RsaPublicKey numbers(const card::crypto::RsaPublicKey& key) {
  return {key.modulus, key.exponent};
}

std::vector<ci::CardInfoFile> build() {
  const card::HolderRecord holder = test_holder();
  ci::CardInfoRecord record;
  record.name = holder.name;
  record.address = holder.address;
  record.birth = {1980, 2, 17};
  record.sex = holder.sex;
  record.my_number = holder.my_number;
  record.expiry = {2035, 2, 17};
  record.security_code = "2285";
  record.municipality_code = "13101";
  record.card_serial = ci::card_serial_for(1);
  record.photo = ci::generated_portrait(0);
  const auto& keys = issued_card().keys;
  const ci::ApPublicKeys ap_keys{numbers(keys.text_ap), numbers(keys.surface_ap),
                                 numbers(keys.text_session), numbers(keys.common_ap)};
  return ci::build_card_info_files(record, ap_keys, test_cv_authority().signer());
}

}  // namespace

const pki::card_info::CvAuthority& test_cv_authority() {
  static const ci::CvAuthority authority = ci::CvAuthority::in_memory();
  return authority;
}

const std::vector<pki::card_info::CardInfoFile>& issuer_files() {
  static const std::vector<ci::CardInfoFile> files = build();
  return files;
}

const Bytes& issuer_file(std::uint8_t df_id, std::uint16_t fid) {
  for (const auto& file : issuer_files())
    if (file.df_id == df_id && file.fid == fid) return file.content;
  FAIL("the issuer wrote no file " << int(df_id) << "/" << fid);
  static const Bytes kNone;
  return kNone;
}

}  // namespace mynasim::testing
