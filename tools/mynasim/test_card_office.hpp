// The test card's municipal office: a fresh office key whose private half is written next to the
// test card's certificates (DIR/office-key.pem, 0600) and whose public half goes into the card,
// so that tests can unblock the card's PINs (`mynaca office unblock --office-key`, `mynatool
// conformance --office-key`) without a `mynaca` authority.
#pragma once

#include <string>

namespace mynasim::tools {

// Returns "" or why not.
std::string install_test_office_key(const std::string& image_path, const std::string& pem_path);

}  // namespace mynasim::tools
