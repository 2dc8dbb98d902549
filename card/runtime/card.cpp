#include "card/runtime/card.hpp"

#include "card/runtime/card_state.hpp"
#include "card/runtime/card_storage_keys.hpp"
#include "card/runtime/dispatcher.hpp"
#include "iso7816/status_words.hpp"

namespace mynasim::card {

Card::Card(std::unique_ptr<CardState> state) : state_(std::move(state)) {}

Card::~Card() {
  if (state_) state_->store.flush();
}

Card::LoadResult Card::load(Env& env, const CardProfile& profile) {
  auto state = std::make_unique<CardState>(env, profile);
  if (auto status = state->store.load(); !status.ok()) return {nullptr, status.message};

  const std::string where = "card image " + env.storage.name() + ": ";
  const Bytes* name = state->store.get(object_id(ObjectKind::kMeta, 0, kMetaProfileName));
  if (!name) return {nullptr, where + "not personalized (no card profile recorded)"};
  if (std::string_view(reinterpret_cast<const char*>(name->data()), name->size()) != profile.name)
    return {nullptr, where + "written for card profile '" +
                         std::string(name->begin(), name->end()) + "', not '" +
                         std::string(profile.name) + "'"};

  for (const auto& [id, sealed] : state->store.objects()) {
    if ((id >> 24) != static_cast<std::uint32_t>(ObjectKind::kPrivateKey)) continue;
    auto key = CardStorageKeys::unseal(sealed);
    if (!key)
      return {nullptr,
              where + "corrupted: private key object " + std::to_string(id) + " does not decode"};
    state->keys.emplace(id, std::move(*key));
  }
  return {std::unique_ptr<Card>(new Card(std::move(state))), {}};
}

const Bytes& Card::atr() const {
  return state_->profile.atr;
}

std::optional<Card::Snapshot> Card::snapshot() const {
  Snapshot snapshot;
  snapshot.profile_ = &state_->profile;
  snapshot.store_ = state_->store.loaded_view();
  // The keys as load() made them: unsealed from the same objects, no private operation done.
  for (const auto& [id, key] : state_->keys) {
    auto unsealed = CardStorageKeys::unseal(*state_->store.get(id));
    if (!unsealed) return std::nullopt;
    snapshot.keys_.emplace(id, std::move(*unsealed));
  }
  return snapshot;
}

bool Card::restore(const Snapshot& snapshot) {
  if (snapshot.profile_ != &state_->profile || snapshot.keys_.size() != state_->keys.size())
    return false;
  for (const auto& [id, key] : snapshot.keys_)
    if (state_->keys.count(id) == 0) return false;
  for (const auto& [id, key] : snapshot.keys_)
    if (!CardStorageKeys::copy(state_->keys.at(id), key)) return false;
  state_->store.restore(snapshot.store_);
  state_->powered = false;
  state_->select_mf_level();
  return true;
}

void Card::power_on() {
  state_->powered = true;
  state_->select_mf_level();
}

void Card::reset() {
  power_on();
}

void Card::power_off() {
  state_->store.flush();
  state_->powered = false;
  state_->select_mf_level();
}

iso7816::ResponseApdu Card::process(const iso7816::CommandApdu& command) {
  return dispatch(*state_, command);
}

Bytes Card::transmit(ByteView raw) {
  Bytes response;
  transmit(raw, response);
  return response;
}

void Card::transmit(ByteView raw, Bytes& out) {
  out.clear();
  if (!state_->powered) return;  // an unpowered card is mute
  const auto parsed = iso7816::parse_command(raw);
  if (!parsed.ok()) {
    out.reserve(2);
    append_u16(out, iso7816::sw::kWrongLength);
    return;
  }
  const iso7816::ResponseApdu response = process(parsed.command);
  out.reserve(response.data.size() + 2);  // one allocation at most, none into a large buffer
  append(out, response.data);
  append_u16(out, response.sw);
}

}  // namespace mynasim::card
