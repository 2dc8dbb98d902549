#include "card/personalize/personalizer.hpp"

#include <algorithm>
#include <map>

#include "card/apps/jpki/jpki_ap.hpp"
#include "card/apps/surface/surface_ap.hpp"
#include "card/apps/text/text_ap.hpp"
#include "card/personalize/ap_keys.hpp"
#include "card/personalize/key_references.hpp"
#include "card/runtime/card_storage_keys.hpp"
#include "card/runtime/object_ids.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card {
namespace {

using store::ObjectId;

inline constexpr std::uint16_t kMetaHolderRecord = 2;

ObjectId jpki_id(ObjectKind kind, std::uint16_t fid) {
  return object_id(kind, jpki::kDfId, fid);
}

PersonalizeResult fail(std::string message) {
  return {false, std::move(message)};
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ByteView view(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// The holder record as the card keeps it, for the applications that hand it out.
Bytes encode_holder(const HolderRecord& holder) {
  Bytes out;
  for (std::string_view field :
       {std::string_view(holder.name), std::string_view(holder.address),
        std::string_view(holder.birth_date), std::string_view(&holder.sex, 1),
        std::string_view(holder.my_number)}) {
    append_u16(out, static_cast<std::uint16_t>(field.size()));
    append(out, view(field));
  }
  return out;
}

std::string check_holder(const HolderRecord& holder) {
  if (holder.name.empty()) return "holder name is empty";
  if (holder.address.empty()) return "holder address is empty";
  if (holder.name.size() > 1024 || holder.address.size() > 1024)
    return "holder name or address is longer than 1024 bytes";
  if (holder.birth_date.size() != 8 || !all_digits(holder.birth_date))
    return "birth date must be YYYYMMDD (8 digits)";
  if (holder.sex != '1' && holder.sex != '2' && holder.sex != '9')
    return "sex must be 1 (male), 2 (female) or 9 (not applicable)";
  if (holder.my_number.size() != 12 || !all_digits(holder.my_number))
    return "My Number must be 12 digits";
  return {};
}

// Files whose content is the same on every card: the two nobody has identified (16 x FF,
// myna-card). The issuer may still overwrite them.
void add_constant_files(const CardProfile& profile, std::map<ObjectId, Bytes>& objects) {
  const Bytes filler(16, 0xFF);
  if (profile.find_df(text::kDfId))
    objects[object_id(ObjectKind::kEfContent, text::kDfId, text::ef::kUnknown0008)] = filler;
  if (profile.find_df(surface::kDfId))
    objects[object_id(ObjectKind::kEfContent, surface::kDfId, surface::ef::kUnknown0006)] = filler;
}

std::string storage_error(const Env& env, const store::StoreStatus& status) {
  return status.message.empty() ? "card image " + env.storage.name() + ": write failed"
                                : status.message;
}

bool contains(ByteView haystack, ByteView needle) {
  return !needle.empty() && std::search(haystack.begin(), haystack.end(), needle.begin(),
                                        needle.end()) != haystack.end();
}

}  // namespace

Credentials::~Credentials() {
  for (std::string* secret : {&auth_pin, &sign_password, &text_pin, &resident_pin, &collation_a,
                              &collation_b, &birth_date_key})
    secure_wipe({reinterpret_cast<std::uint8_t*>(secret->data()), secret->size()});
}

PersonalizeResult begin_personalization(Env& env, const CardProfile& profile,
                                        const HolderRecord& holder, const Credentials& credentials,
                                        CardPublicKeys* keys) {
  if (!profile.find_df(jpki::kDfId)) return fail("card profile has no JPKI application");
  if (auto problem = check_holder(holder); !problem.empty()) return fail(problem);
  if (auto problem = personalize::check_credentials(profile, holder, credentials); !problem.empty())
    return fail(problem);

  auto auth_key = crypto::RsaPrivateKey::generate(env.random);
  auto sign_key = crypto::RsaPrivateKey::generate(env.random);
  if (!auth_key || !sign_key) return fail("key generation failed on the card");
  CardPublicKeys public_keys;
  std::map<ObjectId, Bytes> objects;
  if (!personalize::generate_ap_keys(profile, env.random, objects, public_keys)) {
    for (auto& [id, bytes] : objects) secure_wipe(bytes);  // the sealed keys made so far
    return fail("key generation failed on the card");
  }

  objects[object_id(ObjectKind::kMeta, 0, kMetaProfileName)] =
      Bytes(profile.name.begin(), profile.name.end());
  objects[object_id(ObjectKind::kMeta, 0, kMetaHolderRecord)] = encode_holder(holder);

  Bytes serial_digits(16);
  env.random.fill(serial_digits);
  std::string serial;
  for (auto b : serial_digits) serial.push_back(static_cast<char>('0' + b % 10));
  objects[jpki_id(ObjectKind::kEfContent, jpki::ef::kTokenInfo)] =
      jpki::token_info(profile.token_label, serial);
  objects[jpki_id(ObjectKind::kEfContent, jpki::ef::kCertificatePresence)] =
      jpki::certificate_presence(false, false);

  add_constant_files(profile, objects);
  personalize::add_key_references(profile, credentials, env.random, objects);
  objects[jpki_id(ObjectKind::kPrivateKey, jpki::ef::kAuthKey)] = CardStorageKeys::seal(*auth_key);
  objects[jpki_id(ObjectKind::kPrivateKey, jpki::ef::kSignKey)] = CardStorageKeys::seal(*sign_key);

  store::ObjectStore image(env.storage);
  const auto status = image.format(objects);
  for (auto& [id, bytes] : objects) secure_wipe(bytes);
  if (!status.ok()) return fail(storage_error(env, status));
  if (keys) {
    public_keys.auth = auth_key->public_key();
    public_keys.sign = sign_key->public_key();
    *keys = std::move(public_keys);
  }
  return {true, {}};
}

// The public halves of the keys in a loaded image.
PersonalizeResult public_keys_of(const Env& env, const CardProfile& profile,
                                 const store::ObjectStore& image, CardPublicKeys* keys) {
  const Bytes* auth = image.get(jpki_id(ObjectKind::kPrivateKey, jpki::ef::kAuthKey));
  const Bytes* sign = image.get(jpki_id(ObjectKind::kPrivateKey, jpki::ef::kSignKey));
  if (!auth || !sign) return fail("card image " + env.storage.name() + ": has no JPKI keys");
  auto auth_key = CardStorageKeys::unseal(*auth);
  auto sign_key = CardStorageKeys::unseal(*sign);
  if (!auth_key || !sign_key)
    return fail("card image " + env.storage.name() + ": corrupted: a JPKI key does not decode");
  keys->auth = auth_key->public_key();
  keys->sign = sign_key->public_key();
  if (auto problem = personalize::ap_public_keys_of(profile, image, *keys); !problem.empty())
    return fail("card image " + env.storage.name() + ": " + problem);
  return {true, {}};
}

PersonalizeResult read_public_keys(Env& env, const CardProfile& profile, CardPublicKeys* keys) {
  store::ObjectStore image(env.storage);
  if (auto status = image.load(); !status.ok()) return fail(status.message);
  return public_keys_of(env, profile, image, keys);
}

// The EF an issuer's file is for, if the profile has it and it is readable data (not a key).
const EfSpec* data_ef(const CardProfile& profile, const EfContent& file) {
  const EfSpec* ef = nullptr;
  if (file.df_id == 0) {
    for (const auto& mf_ef : profile.mf_efs)
      if (mf_ef.fid == file.fid) ef = &mf_ef;
  } else if (const DfSpec* df = profile.find_df(file.df_id)) {
    ef = df->find_ef(file.fid);
  }
  if (!ef || (ef->type != EfType::kTransparent && ef->type != EfType::kRecord)) return nullptr;
  return ef;
}

std::string file_name(const EfContent& file) {
  return "EF " + to_hex(file.fid) + " of application " + std::to_string(file.df_id);
}

PersonalizeResult install_certificates(Env& env, const CardProfile& profile,
                                       const JpkiCertificates& certificates,
                                       const std::vector<EfContent>& card_info) {
  for (const auto& file : card_info)
    if (!data_ef(profile, file) && !(file.df_id == 0 && profile.find_data_object(file.fid)))
      return fail(file_name(file) + ": not a readable file or GET DATA object of card profile " +
                  std::string(profile.name));
  // One load: the keys to check the certificates against and the image to write them into.
  store::ObjectStore image(env.storage);
  if (auto status = image.load(); !status.ok()) return fail(status.message);
  CardPublicKeys keys;
  if (auto result = public_keys_of(env, profile, image, &keys); !result.ok) return result;
  if (certificates.auth.empty() || certificates.auth_ca.empty() || certificates.sign_ca.empty())
    return fail("the user-authentication certificate and both CA certificates are required");
  if (!contains(certificates.auth, keys.auth.modulus))
    return fail("the user-authentication certificate is not for this card's authentication key");
  if (!certificates.sign.empty() && !contains(certificates.sign, keys.sign.modulus))
    return fail("the signature certificate is not for this card's signature key");

  store::ObjectStore::Batch batch;
  batch.set(jpki_id(ObjectKind::kEfContent, jpki::ef::kAuthCertificate), certificates.auth);
  batch.set(jpki_id(ObjectKind::kEfContent, jpki::ef::kAuthCaCertificate), certificates.auth_ca);
  batch.set(jpki_id(ObjectKind::kEfContent, jpki::ef::kSignCaCertificate), certificates.sign_ca);
  if (certificates.sign.empty())
    batch.erase(jpki_id(ObjectKind::kEfContent, jpki::ef::kSignCertificate));
  else
    batch.set(jpki_id(ObjectKind::kEfContent, jpki::ef::kSignCertificate), certificates.sign);
  batch.set(jpki_id(ObjectKind::kEfContent, jpki::ef::kCertificatePresence),
            jpki::certificate_presence(!certificates.sign.empty(), true));
  for (const auto& file : card_info)
    batch.set(object_id(ObjectKind::kEfContent, file.df_id, file.fid), file.content);
  if (auto status = image.commit(batch, store::Durability::kDurable); !status.ok())
    return fail(storage_error(env, status));
  // An issued card is one snapshot: any damage to a fresh image is then detected as such, not
  // mistaken for the torn tail of a journal.
  if (auto status = image.compact(); !status.ok()) return fail(storage_error(env, status));
  return {true, {}};
}

}  // namespace mynasim::card
