#include "card/runtime/pin.hpp"

#include <array>

#include "card/crypto/digest.hpp"
#include "iso7816/status_words.hpp"

namespace mynasim::card::pin {
namespace {

using namespace iso7816::sw;
constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kSealedSize = kSaltSize + 32;

std::array<std::uint8_t, 32> salted_hash(ByteView salt, ByteView value) {
  Bytes input(salt.begin(), salt.end());
  append(input, value);
  auto hash = crypto::sha256(input);
  secure_wipe(input);
  return hash;
}

// Compares without an early exit, so the time taken says nothing about where they differ.
bool equal_constant_time(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  std::uint8_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<std::uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

bool matches(const CardState& card, const EfSpec& pin_ef, ByteView candidate) {
  const Bytes* sealed = card.store.get(card.id_of(ObjectKind::kPinValue, pin_ef));
  if (!sealed || sealed->size() != kSealedSize) return false;  // no value set: nothing matches
  const ByteView stored(*sealed);
  auto hash = salted_hash(stored.first(kSaltSize), candidate);
  return equal_constant_time(hash, stored.subspan(kSaltSize));
}

}  // namespace

std::uint8_t tries_left(const CardState& card, const EfSpec& pin_ef) {
  const Bytes* counter = card.store.get(card.id_of(ObjectKind::kPinCounter, pin_ef));
  return (counter && counter->size() == 1) ? (*counter)[0] : 0;
}

bool well_formed(const PinSpec& spec, ByteView value) {
  if (value.size() < spec.min_length || value.size() > spec.max_length) return false;
  for (std::uint8_t c : value) {
    const bool digit = c >= '0' && c <= '9';
    const bool upper = c >= 'A' && c <= 'Z';
    if (!(digit || (spec.charset == PinCharset::kUpperAlnum && upper))) return false;
  }
  return true;
}

Bytes seal_value(ByteView value, Random& random) {
  Bytes sealed(kSaltSize);
  random.fill(sealed);
  auto hash = salted_hash(sealed, value);
  append(sealed, hash);
  return sealed;
}

// 63Cx in every state, verified or not: a real JPKI card answers 63C3 right after a right VERIFY
// (OpenSC PR 959's trace), and OpenSC's driver fails on anything but 63Cx.
std::uint16_t query(const CardState& card, const EfSpec& pin_ef) {
  if (pin_ef.pin.unlimited) return kVerificationFailedNoRetry;
  return iso7816::sw::tries_left(tries_left(card, pin_ef));
}

namespace {

// A key with no retry limit: compared with nothing spent; a wrong value answers 6300.
std::uint16_t verify_unlimited(CardState& card, const EfSpec& pin_ef, ByteView candidate) {
  if (candidate.size() < pin_ef.pin.min_length || candidate.size() > pin_ef.pin.max_length)
    return kWrongLength;
  card.security.clear_verified(pin_ef.fid);
  if (!matches(card, pin_ef, candidate)) return kVerificationFailedNoRetry;
  card.security.set_verified(pin_ef.fid);
  return kSuccess;
}

}  // namespace

std::uint16_t verify(CardState& card, const EfSpec& pin_ef, ByteView candidate) {
  if (pin_ef.pin.unlimited) return verify_unlimited(card, pin_ef, candidate);
  const std::uint8_t left = tries_left(card, pin_ef);
  if (left == 0) return card.profile.choices.blocked_sw;
  const bool length_ok =
      candidate.size() >= pin_ef.pin.min_length && candidate.size() <= pin_ef.pin.max_length;
  if (!length_ok && !card.profile.choices.bad_length_costs_try) return kWrongLength;

  // 1. Spend the try, durably. If that fails, compare nothing.
  const auto counter_id = card.id_of(ObjectKind::kPinCounter, pin_ef);
  const std::uint8_t after = static_cast<std::uint8_t>(left - 1);
  if (!card.store.set(counter_id, ByteView(&after, 1), store::Durability::kDurable).ok())
    return kMemoryFailure;
  card.security.clear_verified(pin_ef.fid);

  // 2. Compare.
  if (!matches(card, pin_ef, candidate)) return iso7816::sw::tries_left(after);

  // 3. Give the try back. Losing this write to a power cut only loses the try (the safe way), so
  // it need not wait for the disk: the next durable write or power off carries it.
  const std::uint8_t full = pin_ef.pin.max_tries;
  if (!card.store.set(counter_id, ByteView(&full, 1), store::Durability::kLazy).ok())
    return kMemoryFailure;
  card.security.set_verified(pin_ef.fid);
  return kSuccess;
}

std::uint16_t change(CardState& card, const EfSpec& pin_ef, ByteView new_value) {
  if (!pin_ef.pin.unlimited && tries_left(card, pin_ef) == 0)
    return card.profile.choices.blocked_sw;
  if (!pin_ef.pin.changeable) return kSecurityStatusNotSatisfied;  // printed on the card
  if (!card.security.is_verified(pin_ef.fid)) return kSecurityStatusNotSatisfied;
  if (!well_formed(pin_ef.pin, new_value)) return card.profile.choices.bad_new_pin_sw;
  store::ObjectStore::Batch batch;
  Bytes sealed = seal_value(new_value, card.env.random);
  batch.set(card.id_of(ObjectKind::kPinValue, pin_ef), sealed);
  const std::uint8_t full = pin_ef.pin.max_tries;
  batch.set(card.id_of(ObjectKind::kPinCounter, pin_ef), ByteView(&full, 1));
  if (!card.store.commit(batch, store::Durability::kDurable).ok()) return kMemoryFailure;
  return kSuccess;
}

}  // namespace mynasim::card::pin
