// mynaportal's operator commands for the OpenID Connect provider (docs/oidc.md): `client add`,
// `client list`, `client remove` and `key rotate`, on DATA/oidc.db or, with --db, on the
// PostgreSQL database the instances share (so one command serves them all). They work while the
// portal runs: it reads clients and the current key at every request.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace mynasim::portal::oidc {

// Adds the subcommands to `app`; each sets `run` to what it does (returns the exit status).
void add_operator_commands(CLI::App& app, std::function<int()>& run);

}  // namespace mynasim::portal::oidc
