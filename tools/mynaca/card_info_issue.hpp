// The card-info part of issuing a card (券面事項入力補助AP, 券面事項確認AP, 共通/住基 AP): what is
// decided before anything is written (the card face fits, the photo loads, the security code,
// the expiry, the municipality), the card-info credentials set at personalization, and the
// issuer-made EF contents signed by the authority's card-info signer (pki/card_info).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "card/personalize/personalizer.hpp"
#include "pki/card_info/card_info_files.hpp"
#include "pki/holder.hpp"
#include "tools/mynaca/secrets.hpp"

namespace mynasim::mynaca {

// The default 全国地方公共団体コード (5 digits, without the check digit): 千代田区.
inline constexpr const char* kDefaultMunicipality = "13101";

struct CardFacePlan {
  std::string municipality;
  std::string security_code;        // 4 random digits, printed on the card face
  pki::Date expiry;                 // JST day of the certificates' notAfter
  pki::card_info::GreyImage photo;  // kPhoto size; empty = a generated portrait
};

// Throws pki::InvalidField (name, address, municipality, photo) for what cannot go on the card.
// `photo_path` empty: a portrait is generated at issuance.
CardFacePlan plan_card_face(const pki::Holder& holder, pki::UnixTime now,
                            const std::string& municipality, const std::string& photo_path);

// The text PIN and the resident PIN: 4 digits (InvalidField "text-pin" / "resident-pin").
void check_card_info_pin(const Secret& pin, const std::string& field);

// The card-info fields of `credentials` for the holder as registered (My Number assigned).
void set_card_info_credentials(card::Credentials& credentials, const pki::Holder& holder,
                               const CardFacePlan& plan, const Secret& text_pin,
                               const Secret& resident_pin);

// Every issuer-made card-info EF (and the MF GET DATA objects) for the card's AP keys, signed
// with the card-info signer of the authority in `authority_dir`.
std::vector<card::EfContent> card_info_contents(const std::string& authority_dir,
                                                const pki::Holder& holder, const CardFacePlan& plan,
                                                const card::CardPublicKeys& keys,
                                                std::int64_t card_id);

// `mynaca init`: the card-info CV root and signer (pki/card_info/cv_authority.hpp) in `dir`.
// Returns card_info_root_json(dir).
nlohmann::json create_card_info_root(const std::string& dir, const std::string& office_code);
// What verifiers need: {"root_key_id", "root_certificate" (7F21 file), "root_public_key" (PEM
// file), "signer_key_id", "signer_certificate"}; null when the authority predates card-info.
nlohmann::json card_info_root_json(const std::string& dir);
// One line of it for terminals.
std::string card_info_root_line(const nlohmann::json& root);

}  // namespace mynasim::mynaca
