// The card-info content of mynasim's test card (test_card.hpp): the fixed holder's card face with
// a fixed security code (so that tests can form 照合番号B), the expiry of its certificates, a
// generated portrait, signed by an in-memory card-info CV root and signer (pki/card_info).
#pragma once

#include <string>
#include <vector>

#include "card/personalize/personalizer.hpp"
#include "pki/card_info/cv_authority.hpp"
#include "pki/japanese_date.hpp"

namespace mynasim::tools {

// Printed on the test card's face.
inline constexpr const char* kTestSecurityCode = "2285";
inline constexpr const char* kTestMunicipality = "13101";

struct TestCardInfo {
  pki::Date birth;
  pki::Date expiry;  // JST day of the certificates' notAfter
  pki::card_info::CvAuthority cv;
};

// For the holder born on `birth`, issued at `now`. Throws pki::PkiError on failure.
TestCardInfo plan_test_card_info(const pki::Date& birth, pki::UnixTime now);

// Text and resident PINs = `pin`; 照合番号A = the My Number; 照合番号B and the 生年月日 key
// from the birth date, the expiry and kTestSecurityCode.
void set_test_card_info_credentials(card::Credentials& credentials, const TestCardInfo& info,
                                    const card::HolderRecord& holder, const std::string& pin);

// Every card-info EF for the card's AP keys. Throws pki::PkiError / pki::InvalidField.
std::vector<card::EfContent> test_card_info_files(const TestCardInfo& info,
                                                  const card::HolderRecord& holder,
                                                  const card::CardPublicKeys& keys);

}  // namespace mynasim::tools
