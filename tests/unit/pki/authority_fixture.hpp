// An authority in a temporary directory and a helper that issues a card's two certificates
// (holder: test::adult_input(); keys: test::spki(0) and (1) unless told), for the tests of what
// comes after issuance (revocation, OCSP, validation).
#pragma once

#include "pki/authority.hpp"
#include "pki/unix_time.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki::test {

struct AuthorityFixture {
  explicit AuthorityFixture(UnixTime init_at = kNow)
      : authority(Authority::init(dir / "ca", init_at, InitOptions{})) {}

  // Registers, certifies and activates a card at `at`.
  CardCertificates issue(UnixTime at = kNow, int auth_key = 0, int sign_key = 1) {
    const auto r = authority.register_card(validate_holder(adult_input(), jst_date_of(at)),
                                           "/tmp/card.img", at);
    CardCertificates certs = authority.certify_card(r.card_id, spki(auth_key), spki(sign_key), at);
    authority.set_card_state(r.card_id, "active");
    return certs;
  }

  TempDir dir;
  Authority authority;
};

}  // namespace mynasim::pki::test
