// mynaportal's operator commands for the OpenID Connect provider (docs/oidc.md): `client add`,
// `client list`, `client remove` and `key rotate`, on DATA/oidc.db. They work while the portal
// runs (SQLite; the portal reads clients at every request).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace mynasim::portal::oidc {

// Adds the subcommands to `app`; each sets `run` to what it does (returns the exit status).
void add_operator_commands(CLI::App& app, std::function<int()>& run);

}  // namespace mynasim::portal::oidc
