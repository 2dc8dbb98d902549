// A test card: a holder's card issued into a card image (keys generated on the card,
// certificates from an in-memory J-LIS with the real profiles, pki/in_memory_authority.hpp), for
// the demo, the integration tests and anyone who needs a card without a `mynaca` authority.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::tools {

struct TestCardCertificates {
  Bytes auth, auth_ca, sign, sign_ca;  // DER
  Bytes cv_root;                       // the card-info CV root, self-signed 7F21
  std::string cv_root_pem;             // its public key, SubjectPublicKeyInfo PEM
  std::string expiry;                  // the card face's expiry, YYYY-MM-DD
};

// Writes a fresh card into `image_path` (replacing any card there) under the named card profile
// (card/apps/card_profiles.hpp). Returns "" or why not.
std::string issue_test_card(const std::string& image_path, const std::string& pin,
                            const std::string& sign_password, TestCardCertificates* out,
                            const std::string& profile_name = "mynumber-card");

// `mynasim issue-test-card --out IMAGE [--certs-dir DIR]`: issues one, and writes the four
// certificates (auth.der, auth-ca.der, sign.der, sign-ca.der) and the card-info CV root
// (cv-root.cvc, cv-root.pub.pem) to DIR if asked. Exit status.
int run_issue_test_card(const std::string& image_path, const std::string& certs_dir,
                        const std::string& pin, const std::string& sign_password,
                        const std::string& profile_name = "mynumber-card");

}  // namespace mynasim::tools
