// The issuer's real card-info files for the test holder, as mynaca writes them (pki/card_info),
// signed by one in-memory CV authority: what issuer_files_test.cpp installs on the card and what
// myna_card_layouts_test.cpp parses the way myna-card does.
#pragma once

#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/card_info/card_info_files.hpp"
#include "pki/card_info/cv_authority.hpp"

namespace mynasim::testing {

const pki::card_info::CvAuthority& test_cv_authority();
const std::vector<pki::card_info::CardInfoFile>& issuer_files();
// The content of one of them; fails the test if there is none.
const Bytes& issuer_file(std::uint8_t df_id, std::uint16_t fid);

}  // namespace mynasim::testing
