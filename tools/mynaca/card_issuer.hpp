// Issuing a card the way a municipal office and J-LIS do, through the card's own
// personalization (card/personalize): the card generates its key pairs, the authority certifies
// the public keys, the certificates are written back into the card image.
//
//   1. authority.register_card     holder and card recorded, card state "issuing"
//   2. begin_personalization        keys made on the card, image written (FileStorage)
//   3. authority.certify_card       both certificates in one transaction, state "certified"
//   4. install_certificates         certificates written into the image
//   5. state "active"
// A failure at 2 marks the card "failed" and removes the image; a crash between steps leaves
// the card in the state it reached, visible in `mynaca list`.
#pragma once

#include <string>

#include "pki/authority.hpp"
#include "tools/mynaca/card_info_issue.hpp"
#include "tools/mynaca/secrets.hpp"

namespace mynasim::mynaca {

struct IssuedCard {
  pki::Registration registration;
  pki::CardCertificates certificates;
  std::string image_path;
  CardFacePlan card_face;  // security code, expiry, municipality as written on the card
};

// The card-info choices of one issuance, made (and checked) before anything is written.
struct CardInfoIssue {
  CardFacePlan plan;
  const Secret* text_pin = nullptr;      // null: the user-authentication PIN
  const Secret* resident_pin = nullptr;  // null: the user-authentication PIN
};

// `holder` validated, the PINs well-formed and `image_path` not yet existing: the caller checks
// all of that first so that nothing is written for bad input. Without `card_info`: the default
// municipality, a generated portrait, a fresh security code, the auth PIN as text/resident PIN.
// Step 4 writes the card-info EFs (card_info_issue.hpp) with the certificates.
IssuedCard issue_card(pki::Authority& authority, const pki::Holder& holder,
                      const std::string& image_path, const Secret& pin, const Secret& sign_password,
                      pki::UnixTime now, const CardInfoIssue* card_info = nullptr);

// New certificates for the keys already on the card image (from the card's public keys), the
// old ones revoked (see Authority::renew_card), the image updated.
pki::CardCertificates renew_card(pki::Authority& authority, std::int64_t card_id,
                                 const std::string& image_path,
                                 const std::optional<pki::Holder>& changed, pki::UnixTime now);

// Refuses (CommandError naming `field`) a path that exists or whose directory does not.
void check_new_image_path(const std::string& path, const std::string& field);

}  // namespace mynasim::mynaca
