#include "card/apps/card_profiles.hpp"

#include "card/apps/jpki/jpki_ap.hpp"

namespace mynasim::card {
namespace {

// The GlobalPlatform issuer security domain, selected at power on (reference §1).
const Bytes kIsdAid = {0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00};
// Contact ATR matched by OpenSC's card-jpki.c (T=1 only, TCK valid).
const Bytes kContactAtr = {0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14};
// A PC/SC part-3 ATR of the card over ISO 14443-4 Type B (reference §6).
const Bytes kContactlessAtr = {0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05,
                               0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F};

std::vector<EfSpec> mf_level_files() {
  // JICSAP's 001E is selectable at the MF level but never readable (6981, reference §1).
  return {{0x001E, EfType::kInternal, "JICSAP 001E", AccessRule::never(), {}, {}}};
}

CardProfile build(std::string_view name, Bytes atr, const jpki::JpkiOptions& jpki_options) {
  CardProfile profile;
  profile.name = name;
  profile.atr = std::move(atr);
  profile.isd_aid = kIsdAid;
  profile.mf_efs = mf_level_files();
  profile.dfs = {jpki::make_df(jpki_options)};
  profile.token_label = jpki_options.token_label;
  return profile;
}

}  // namespace

const CardProfile& my_number_card_profile() {
  static const CardProfile kProfile = build("mynumber-card", kContactAtr, {});
  return kProfile;
}

const Bytes& contactless_atr() {
  return kContactlessAtr;
}

const CardProfile& android_token_profile() {
  static const CardProfile kProfile =
      build("jpki-token/android", kContactlessAtr, {jpki::kLabelAndroid, true});
  return kProfile;
}

const CardProfile* find_profile(std::string_view name) {
  for (const CardProfile* profile : {&my_number_card_profile(), &android_token_profile()})
    if (profile->name == name) return profile;
  return nullptr;
}

}  // namespace mynasim::card
