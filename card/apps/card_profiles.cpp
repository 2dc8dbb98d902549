#include "card/apps/card_profiles.hpp"

#include "card/apps/common/common_ap.hpp"
#include "card/apps/jpki/jpki_ap.hpp"
#include "card/apps/juki/juki_ap.hpp"
#include "card/apps/surface/surface_ap.hpp"
#include "card/apps/text/text_ap.hpp"

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

// GET DATA at the MF level (reference §2.4, myna-card mf.rs). The issuer writes the card's own
// objects; the profile fixes two:
//   5F51 the contact ATR without TS (myna-card's unit test: E0 00 FF 81 31 FE 45 14), answered
//        with an application selected too: myna-card mf.rs "answers with an application current
//        too, and on some cards only then". Every other object answers only at the MF level
//        (mf.rs: "GET DATA answers there, and only there"; README: "only with no application
//        selected").
//   0066 GlobalPlatform card recognition data (tag 73 without the 66 template, as GET DATA
//        returns the other templates): GP 2.2.1, SCP02 — CHOSEN, the real bytes are not public.
std::vector<DataObjectSpec> mf_data_objects(const Bytes& contact_atr) {
  const Bytes recognition = {
      0x73, 0x2F,                                                              //
      0x06, 0x07, 0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B, 0x01,                    // GP CRD OID
      0x60, 0x0C, 0x06, 0x0A, 0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B, 0x02, 0x02,  //
      0x02, 0x01,                                                              // GP 2.2.1
      0x63, 0x09, 0x06, 0x07, 0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B, 0x03,        // card id scheme
      0x64, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B, 0x04, 0x02, 0x15};  // SCP02
  return {
      {0x0042, "issuer identification number", {}, false},
      {0x0045, "card identification number", {}, false},
      {0x0066, "card recognition data", recognition, false},
      {0x00F0, "municipality code", {}, false},
      {0x00F2, "expiry date", {}, false},
      {0x00F7, "intermediate key id", {}, false},
      {0x00F8, "CV certificate (upper)", {}, false},
      {0x7F21, "CV certificate (lower)", {}, false},
      {0x5F51, "contact ATR without TS", Bytes(contact_atr.begin() + 1, contact_atr.end()), true},
  };
}

CardProfile build(std::string_view name, Bytes atr, const jpki::JpkiOptions& jpki_options) {
  CardProfile profile;
  profile.name = name;
  profile.atr = std::move(atr);
  profile.isd_aid = kIsdAid;
  profile.mf_efs = mf_level_files();
  profile.dfs = {jpki::make_df(jpki_options)};
  profile.token_label = jpki_options.token_label;
  profile.office = jpki::office_spec();
  return profile;
}

}  // namespace

const CardProfile& my_number_card_profile() {
  static const CardProfile kProfile = [] {
    CardProfile profile = build("mynumber-card", kContactAtr, {});
    // SELECT by a prefix finds the first DF in this order: JPKI, then the card-info applications
    // in AID order (CHOSEN: the real card's order is not known).
    profile.dfs.push_back(common::make_df());
    profile.dfs.push_back(juki::make_df());
    profile.dfs.push_back(surface::make_df());
    profile.dfs.push_back(text::make_df());
    profile.data_objects = mf_data_objects(kContactAtr);
    return profile;
  }();
  return kProfile;
}

const Bytes& contactless_atr() {
  return kContactlessAtr;
}

const CardProfile& android_token_profile() {
  static const CardProfile kProfile =
      build("jpki-token/android", kContactlessAtr, {jpki::kLabelAndroid, true, false});
  return kProfile;
}

const CardProfile* find_profile(std::string_view name) {
  for (const CardProfile* profile : {&my_number_card_profile(), &android_token_profile()})
    if (profile->name == name) return profile;
  return nullptr;
}

}  // namespace mynasim::card
