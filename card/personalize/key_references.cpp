#include "card/personalize/key_references.hpp"

#include <array>

#include "card/apps/common/common_ap.hpp"
#include "card/apps/jpki/jpki_ap.hpp"
#include "card/apps/juki/juki_ap.hpp"
#include "card/apps/surface/surface_ap.hpp"
#include "card/apps/text/text_ap.hpp"
#include "card/runtime/object_ids.hpp"
#include "card/runtime/pin.hpp"

namespace mynasim::card::personalize {
namespace {

struct Slot {
  std::uint8_t df_id;
  std::uint16_t fid;
  std::string Credentials::*value;
  std::string_view name;  // what an error calls it
};

// In the order they are checked (JPKI first, as before the card-info applications came).
constexpr std::array kSlots = {
    Slot{jpki::kDfId, jpki::ef::kAuthPin, &Credentials::auth_pin, "user-authentication PIN"},
    Slot{jpki::kDfId, jpki::ef::kSignPin, &Credentials::sign_password, "signature password"},
    Slot{text::kDfId, text::ef::kPin, &Credentials::text_pin, "text PIN (text_pin)"},
    Slot{text::kDfId, text::ef::kCollationA, &Credentials::collation_a, "照合番号A (collation_a)"},
    Slot{text::kDfId, text::ef::kCollationB, &Credentials::collation_b, "照合番号B (collation_b)"},
    Slot{surface::kDfId, surface::ef::kBirthDateKey, &Credentials::birth_date_key,
         "生年月日 key (birth_date_key)"},
    Slot{surface::kDfId, surface::ef::kCollationB, &Credentials::collation_b,
         "照合番号B (collation_b)"},
    Slot{surface::kDfId, surface::ef::kCollationA, &Credentials::collation_a,
         "照合番号A (collation_a)"},
    Slot{common::kDfId, common::ef::kPin, &Credentials::resident_pin,
         "resident PIN (resident_pin)"},
    Slot{juki::kDfId, juki::ef::kPin, &Credentials::resident_pin, "resident PIN (resident_pin)"},
};

const Slot* slot_for(std::uint8_t df_id, std::uint16_t fid) {
  for (const auto& slot : kSlots)
    if (slot.df_id == df_id && slot.fid == fid) return &slot;
  return nullptr;
}

ByteView view(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string format_of(const PinSpec& spec) {
  std::string length = std::to_string(spec.min_length);
  if (spec.max_length != spec.min_length) length += " to " + std::to_string(spec.max_length);
  return spec.charset == PinCharset::kDigits ? length + " digits"
                                             : length + " characters of A-Z and 0-9";
}

// The checks that tie the card-info values to the holder (only when the profile has them).
std::string check_agreement(const CardProfile& profile, const HolderRecord& holder,
                            const Credentials& credentials) {
  if (profile.find_df(text::kDfId) || profile.find_df(surface::kDfId)) {
    if (credentials.collation_a != holder.my_number)
      return "照合番号A (collation_a) must be the holder's My Number";
  }
  if (profile.find_df(surface::kDfId)) {
    const std::string& key = credentials.birth_date_key;
    if (holder.birth_date.size() == 8 && key.substr(2) != holder.birth_date.substr(4))
      return "生年月日 key (birth_date_key) must be the holder's birth date as 和暦 YYMMDD";
    if (credentials.collation_b.compare(0, key.size(), key) != 0)
      return "照合番号B (collation_b) must begin with the 生年月日 key (和暦 YYMMDD)";
  }
  return {};
}

}  // namespace

std::string check_credentials(const CardProfile& profile, const HolderRecord& holder,
                              const Credentials& credentials) {
  for (const auto& df : profile.dfs)
    for (const auto& ef : df.efs)
      if (ef.type == EfType::kPin && !ef.pin.blocked_at_issuance && !ef.pin.unlimited &&
          !slot_for(df.id, ef.fid))
        return "card profile " + std::string(profile.name) + ": key reference " + to_hex(ef.fid) +
               " of " + std::string(df.label) + " has no credential";
  for (const auto& slot : kSlots) {
    const DfSpec* df = profile.find_df(slot.df_id);
    const EfSpec* ef = df ? df->find_ef(slot.fid) : nullptr;
    if (!ef || ef->type != EfType::kPin) continue;
    if (!pin::well_formed(ef->pin, view(credentials.*slot.value)))
      return std::string(slot.name) + " must be " + format_of(ef->pin);
  }
  return check_agreement(profile, holder, credentials);
}

void add_key_references(const CardProfile& profile, const Credentials& credentials, Random& random,
                        std::map<store::ObjectId, Bytes>& objects) {
  for (const auto& df : profile.dfs) {
    for (const auto& ef : df.efs) {
      if (ef.type != EfType::kPin || ef.pin.unlimited) continue;  // no counter, no value
      const auto counter_id = object_id(ObjectKind::kPinCounter, df.id, ef.fid);
      if (ef.pin.blocked_at_issuance) {
        objects[counter_id] = Bytes{0};  // no tries, and no value that could ever match
        continue;
      }
      const Slot* slot = slot_for(df.id, ef.fid);
      objects[object_id(ObjectKind::kPinValue, df.id, ef.fid)] =
          pin::seal_value(view(credentials.*slot->value), random);
      objects[counter_id] = Bytes{ef.pin.max_tries};
    }
  }
}

}  // namespace mynasim::card::personalize
