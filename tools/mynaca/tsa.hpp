// The timestamp authority's commands (pki/tsa): `mynaca tsa init` (make it now and say where its
// certificates are), `mynaca tsa serve` (RFC 3161 over HTTP, RFC 3161 3.4: POST of
// application/timestamp-query to /tsa, answered application/timestamp-reply) and `mynaca tsa
// respond` (one request file, no network). The TSA is made on first use of any of them.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {

struct TsaOptions {
  std::string host = "127.0.0.1";
  int port = 8091;  // 0: any free port (printed)
  int threads = 2;
  std::size_t max_per_address = 32;
  bool verbose = false;
  std::string request;  // respond
  std::string out;      // respond
};

struct TsaCommands {
  CLI::App* init = nullptr;
  CLI::App* serve = nullptr;
  CLI::App* respond = nullptr;
};
TsaCommands add_tsa_commands(CLI::App& app, TsaOptions& options);

int run_tsa_init(const Context& context);
int run_tsa_serve(const Context& context, const TsaOptions& options);
int run_tsa_respond(const Context& context, const TsaOptions& options);

}  // namespace mynasim::mynaca
