// The card's RAM: what the command handlers work on. Internal to card/runtime.
#pragma once

#include <map>
#include <optional>

#include "card/crypto/rsa_key.hpp"
#include "card/env.hpp"
#include "card/runtime/object_ids.hpp"
#include "card/runtime/profile.hpp"
#include "card/runtime/security_state.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card {

struct CardState {
  CardState(Env& env_in, const CardProfile& profile_in)
      : env(env_in), profile(profile_in), store(env_in.storage) {}

  Env& env;
  const CardProfile& profile;
  store::ObjectStore store;
  std::map<store::ObjectId, crypto::RsaPrivateKey> keys;  // unsealed once at load

  bool powered = false;
  const DfSpec* current_df = nullptr;  // nullptr: MF level (the ISD is selected)
  const EfSpec* current_ef = nullptr;
  SecurityState security;

  std::uint8_t current_df_id() const { return current_df ? current_df->id : 0; }
  store::ObjectId id_of(ObjectKind kind, const EfSpec& ef) const {
    return object_id(kind, current_df_id(), ef.fid);
  }
  // The EF's stored content; empty when it was never written.
  ByteView content(const EfSpec& ef) const {
    const Bytes* bytes = store.get(id_of(ObjectKind::kEfContent, ef));
    return bytes ? ByteView(*bytes) : ByteView();
  }

  // Back to the MF level with nothing verified: power on, reset, SELECT of the ISD.
  void select_mf_level() {
    current_df = nullptr;
    current_ef = nullptr;
    security.clear();
  }
};

}  // namespace mynasim::card
