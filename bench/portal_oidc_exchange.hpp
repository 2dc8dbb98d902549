// bench_portal's second figure (issue 16, Measure): OpenID Connect code->token exchanges per
// second against running mynaportal instances, as a relying party's server makes them: POST
// /oidc/token with client_secret_basic, a code and its PKCE verifier, over HTTPS keep-alive.
// What is timed is the provider's: the client's secret, the code's single use, PKCE, the
// account, the access token, the ES256 ID token and the access record, in the portal's store.
#pragma once

#include <openssl/evp.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::bench {

struct ExchangeTarget {
  std::string store;      // its name in the report ("SQLite", ...)
  std::vector<int> ports;  // the instances, serving `origin`
  std::string origin;
  std::string ca;        // the TLS CA the clients trust
  std::string db;        // the instances' --db ("" : SQLite in data_dir)
  std::string data_dir;  // one instance's data directory
};

struct ExchangeLoad {
  int clients = 4;
  int rounds = 3;
  int exchanges = 3000;  // per round
};

// Registers a client (in the instances' store, as `mynaportal client add` does), logs a holder
// in once with `key` and `cert` (a login through a software key certified like a card's), then
// per round: codes fetched from /oidc/auth beforehand by that browser session (untimed, from
// every instance in turn), all exchanged by `load.clients` threads, client c at instance
// (c + 1) mod n (with two instances about half the codes cross over), then the RSA-2048 verify
// rate with `key` (appended to `floors`). Throws if any exchange is refused.
nlohmann::json measure_exchanges(const ExchangeTarget& target, const ExchangeLoad& load,
                                 EVP_PKEY* key, const Bytes& cert, std::vector<double>& floors);

}  // namespace mynasim::bench
