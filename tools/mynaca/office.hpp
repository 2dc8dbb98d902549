// The municipal office at the counter: `mynaca office unblock` and `mynaca office renew` drive a
// card in a PC/SC reader with the office key (pki/office_key.hpp) that this authority holds in
// DIR/private/office.key.pem; and the issuance hooks that put the office key's public half into
// every card (`mynaca init` makes the key, `mynaca issue` installs it).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "card/env.hpp"
#include "pki/authority.hpp"
#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {

struct OfficeOptions {
  std::string reader;  // --reader (default: the first reader with a card)
  std::string pin = "auth";
  std::string pin_env;  // the new value: --pin-env VAR, --pin-fd N, or a prompt
  int pin_fd = -1;
  bool keep_value = false;  // restore the counter only (RESET RETRY COUNTER P1=03)
  std::string office_key;   // --office-key PEM instead of the authority's (e.g. a test card's)
};

struct OfficeCommands {
  CLI::App* unblock = nullptr;
  CLI::App* renew = nullptr;
};
OfficeCommands add_office_commands(CLI::App& app, OfficeOptions& options);

int run_office_unblock(const Context& context, const OfficeOptions& options);
int run_office_renew(const Context& context, const OfficeOptions& options);

// `mynaca init`: the office key next to the CA keys (made once).
void create_office_key(const pki::Authority& authority);
// `mynaca issue`, between the card's key generation and its certificates: the office key's
// public half into the card image. Throws CommandError naming the card.
void install_office_key(const pki::Authority& authority, card::Env& env, std::int64_t card_id);

}  // namespace mynasim::mynaca
