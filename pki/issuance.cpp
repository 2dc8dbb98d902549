// Authority: registering holders and cards, certifying card keys, renewal.

#include <openssl/rand.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/files.hpp"
#include "pki/my_number.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

constexpr int kMaxDerivationAttempts = 1000;

std::string random_resident_code() {
  std::uint8_t bytes[11];
  hostcrypto::check(RAND_bytes(bytes, sizeof bytes), "RAND_bytes");
  std::string code;
  for (std::uint8_t b : bytes) code.push_back(static_cast<char>('0' + b % 10));
  return code;
}

HolderRecord record_of(const Holder& h, UnixTime now) {
  return {0,         h.my_number,        h.resident_code,       h.name,
          h.address, to_string(h.birth), std::string(1, h.sex), now};
}

}  // namespace

Holder Authority::holder_of(std::int64_t holder_id, UnixTime now) const {
  const auto record = registry_.holder(holder_id);
  if (!record) throw PkiError("database: no holder " + std::to_string(holder_id));
  HolderInput input{record->name, record->address,   record->birth,
                    record->sex,  record->my_number, record->resident_code};
  return validate_holder(input, jst_date_of(now));
}

Registration Authority::register_card(const Holder& given, const std::string& image_path,
                                      UnixTime now) {
  Registration out;
  out.holder = given;
  auto tx = registry_.transaction();
  std::optional<HolderRecord> existing;
  if (!given.my_number.empty()) {
    existing = registry_.holder_by_my_number(given.my_number);
    if (existing && !given.resident_code.empty() && existing->resident_code != given.resident_code)
      throw InvalidField("my-number",
                         "is already held by a person with another resident-record "
                         "code");
  } else if (!given.resident_code.empty()) {
    existing = registry_.holder_by_resident_code(given.resident_code);
  }
  if (!given.my_number.empty() && !existing && !given.resident_code.empty() &&
      registry_.holder_by_resident_code(given.resident_code))
    throw InvalidField("resident-code", "already belongs to a person with another My Number");

  if (existing) {
    // A new card for a known person: their data as given today replaces the record.
    HolderRecord updated = record_of(given, existing->created_at);
    updated.id = existing->id;
    updated.my_number = existing->my_number;
    updated.resident_code = existing->resident_code;
    registry_.update_holder(updated);
    out.holder_id = existing->id;
    out.holder.my_number = existing->my_number;
    out.holder.resident_code = existing->resident_code;
  } else {
    Holder& h = out.holder;
    if (h.my_number.empty()) {
      if (h.resident_code.empty()) {
        do h.resident_code = random_resident_code();
        while (registry_.holder_by_resident_code(h.resident_code));
      }
      const std::string secret_text = [&] {
        const Bytes secret = read_file(path("private/secret.bin"));
        return std::string(secret.begin(), secret.end());
      }();
      for (unsigned attempt = 0;; ++attempt) {
        if (attempt == kMaxDerivationAttempts)
          throw PkiError("could not find an unused My Number (the number space is exhausted?)");
        h.my_number = my_number::derive(hostcrypto::view_of(secret_text), h.resident_code, attempt);
        if (!registry_.holder_by_my_number(h.my_number)) break;
      }
    }
    out.holder_id = registry_.add_holder(record_of(h, now));
  }
  out.card_id = registry_.add_card({0, out.holder_id, image_path, "issuing", now});
  tx.commit();
  return out;
}

const Generation& Authority::issuing_generation(Hierarchy h, UnixTime now,
                                                UnixTime not_after) const {
  const auto all = generations(h);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if ((*it)->not_before <= now && (*it)->not_after >= not_after) return **it;
  throw PkiError("no generation of the " + std::string(hierarchy_tag(h)) + " CA is valid from " +
                 iso8601(now) + " to " + iso8601(not_after) +
                 "; make one with `mynaca ca new-generation`");
}

CertificateRecord Authority::issue_end_entity(CertificateKind kind, std::int64_t card_id,
                                              const Holder& holder, ByteView spki, UnixTime now) {
  const Hierarchy h = kind == CertificateKind::kSign ? Hierarchy::kSign : Hierarchy::kAuth;
  const UnixTime not_after = end_entity_not_after(holder.birth, now);
  const Generation& g = issuing_generation(h, now, not_after);
  const Signer ca = signer(g);
  const std::uint64_t serial = registry_.allocate_serial();
  const std::string cn = end_entity_cn(now, serial, office_code_);
  const Validity validity{serial, now, not_after};
  hostcrypto::X509Ptr cert =
      kind == CertificateKind::kSign
          ? make_signature_certificate(ca, spki, holder, cn, validity, endpoints_)
          : make_auth_certificate(ca, spki, cn, validity, endpoints_);
  CertificateRecord record = pki::record_of(cert.get(), kind, g.record.id, card_id);
  registry_.add_certificate(record);
  return record;
}

CardCertificates Authority::certify(std::int64_t card_id, const Holder& holder, ByteView auth_spki,
                                    ByteView sign_spki, UnixTime now) {
  CardCertificates out;
  out.auth = issue_end_entity(CertificateKind::kAuth, card_id, holder, auth_spki, now);
  out.auth_ca = hostcrypto::der_of(generation_by_id(out.auth.ca_id)->certificate.get());
  const bool adult = age_on(holder.birth, jst_date_of(now)) >= kSignatureCertificateMinimumAge;
  if (adult) {
    out.sign = issue_end_entity(CertificateKind::kSign, card_id, holder, sign_spki, now);
    out.sign_ca = hostcrypto::der_of(generation_by_id(out.sign->ca_id)->certificate.get());
  } else {
    // The card still carries the signature CA certificate (EF 0002 is always there).
    const Generation& g = *generations(Hierarchy::kSign).back();
    out.sign_ca = hostcrypto::der_of(g.certificate.get());
  }
  return out;
}

CardCertificates Authority::certify_card(std::int64_t card_id, ByteView auth_spki,
                                         ByteView sign_spki, UnixTime now) {
  auto tx = registry_.transaction();
  const auto card = registry_.card(card_id);
  if (!card) throw PkiError("no card " + std::to_string(card_id));
  if (card->state != "issuing")
    throw PkiError("card " + std::to_string(card_id) + " is " + card->state +
                   ", not waiting for certificates");
  CardCertificates out =
      certify(card_id, holder_of(card->holder_id, now), auth_spki, sign_spki, now);
  registry_.set_card_state(card_id, "certified");
  tx.commit();
  return out;
}

CardCertificates Authority::renew_card(std::int64_t card_id, ByteView auth_spki, ByteView sign_spki,
                                       UnixTime now, const std::optional<Holder>& changed) {
  auto tx = registry_.transaction();
  const auto card = registry_.card(card_id);
  if (!card) throw PkiError("no card " + std::to_string(card_id));
  if (card->state != "active")
    throw PkiError("card " + std::to_string(card_id) + " is " + card->state + ", not active");
  bool data_changed = false;
  if (changed) {
    auto record = *registry_.holder(card->holder_id);
    data_changed = record.name != changed->name || record.address != changed->address ||
                   record.birth != to_string(changed->birth) || record.sex[0] != changed->sex;
    record.name = changed->name;
    record.address = changed->address;
    record.birth = to_string(changed->birth);
    record.sex = std::string(1, changed->sex);
    registry_.update_holder(record);
  }
  const auto old = registry_.certificates_of_card(card_id);
  CardCertificates out =
      certify(card_id, holder_of(card->holder_id, now), auth_spki, sign_spki, now);
  std::vector<std::int64_t> changed_cas;
  for (const CertificateRecord& r : old) {
    if (r.status == CertificateStatus::kRevoked) continue;
    changed_cas.push_back(r.ca_id);
    const bool is_sign = r.kind == CertificateKind::kSign;
    // A change of the holder's data revokes the signature certificate for that reason; all
    // else is superseded by the new certificates.
    const CrlReason reason =
        is_sign && data_changed ? CrlReason::kAffiliationChanged : CrlReason::kSuperseded;
    registry_.set_status(r.serial, CertificateStatus::kRevoked, static_cast<int>(reason), now,
                         "revoke");
    if (is_sign && out.sign) registry_.set_replaced_by(r.serial, out.sign->serial);
    if (!is_sign) registry_.set_replaced_by(r.serial, out.auth.serial);
  }
  const auto crls = crls_after_change(changed_cas, now);
  tx.commit();
  write_crls(crls);
  return out;
}

}  // namespace mynasim::pki
