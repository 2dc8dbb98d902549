#include "bench/portal_oidc_exchange.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "bench/portal_login.hpp"
#include "bench/throughput_rounds.hpp"
#include "bench/timing.hpp"
#include "hostcrypto/sha256.hpp"
#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/portal_database.hpp"
#include "tools/mynaportal/software_key.hpp"

namespace mynasim::bench {
namespace {

using nlohmann::json;

constexpr const char* kClientId = "bench-rp";
constexpr const char* kSecret = "bench-rp-secret-0123456789abcdefghij";
constexpr const char* kRedirect = "https://rp.bench.test/cb";
constexpr const char* kRedirectEncoded = "https%3A%2F%2Frp.bench.test%2Fcb";
constexpr const char* kVerifier = "bench-verifier-0123456789abcdefghijklmnopqrstuvwxyz";

std::string pkce_challenge() {
  const std::string verifier = kVerifier;
  return portal::base64url_encode(hostcrypto::sha256(Bytes(verifier.begin(), verifier.end())));
}

// A logged-in session's cookie: one login through instance `port`.
std::string log_in(int port, const std::string& ca, const std::string& origin, EVP_PKEY* key,
                   const Bytes& cert) {
  auto client = portal_client(port, ca);
  auto challenge = client->Get("/api/challenge");
  if (!challenge || challenge->status != 200) throw std::runtime_error("challenge refused");
  const std::string nonce = json::parse(challenge->body)["nonce"];
  const Bytes signature = portal::sign_rs256(key, portal::signed_message(origin, nonce));
  auto login =
      client->Post("/api/login", {{"Cookie", cookie_of(challenge)}, {"Origin", origin}},
                   login_body(cert, signature, nonce, origin).dump(), "application/json");
  if (!login || login->status != 200) throw std::runtime_error("the bench's login was refused");
  return cookie_of(login);
}

// `n` codes for the session, thread t asking instance t mod (number of instances).
std::vector<std::string> fetch_codes(int n, const ExchangeTarget& target,
                                     const std::string& cookie) {
  const std::string path = std::string("/oidc/auth?response_type=code&client_id=") + kClientId +
                           "&redirect_uri=" + kRedirectEncoded +
                           "&scope=openid&state=s&nonce=n&code_challenge=" + pkce_challenge() +
                           "&code_challenge_method=S256";
  std::vector<std::string> codes(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  constexpr int kThreads = 2;
  for (int t = 0; t < kThreads; ++t)
    workers.emplace_back([&, t] {
      auto client = portal_client(target.ports[static_cast<std::size_t>(t) % target.ports.size()],
                                  target.ca);
      for (int i = t; i < n; i += kThreads) {
        auto r = client->Get(path, {{"Cookie", cookie}});
        const std::string location = r ? r->get_header_value("Location") : "";
        const std::size_t at = location.find("?code=");
        if (!r || r->status != 303 || at == std::string::npos)
          throw std::runtime_error("no code from /oidc/auth: " + location);
        codes[static_cast<std::size_t>(i)] =
            location.substr(at + 6, location.find('&', at) - at - 6);
      }
    });
  for (auto& w : workers) w.join();
  return codes;
}

// Every code exchanged by `clients` threads; exchanges per second, latencies appended.
double run_exchanges(const std::vector<std::string>& codes, const ExchangeTarget& target,
                     int clients, std::vector<std::uint64_t>& latencies) {
  const std::string credentials = std::string(kClientId) + ":" + kSecret;
  const std::string basic =
      "Basic " + portal::base64_encode(Bytes(credentials.begin(), credentials.end()));
  std::atomic<std::size_t> next{0};
  std::atomic<int> failures{0};
  std::string first_failure;
  std::mutex failure_mutex;
  std::vector<std::vector<std::uint64_t>> per_client(static_cast<std::size_t>(clients));
  std::vector<std::unique_ptr<httplib::SSLClient>> connections;
  for (int c = 0; c < clients; ++c) {
    connections.push_back(portal_client(
        target.ports[static_cast<std::size_t>(c + 1) % target.ports.size()], target.ca));
    connections.back()->Get("/oidc/certs");  // the TLS handshake before the clock starts
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int c = 0; c < clients; ++c)
    workers.emplace_back([&, c] {
      for (std::size_t i; (i = next++) < codes.size();) {
        const std::string body = "grant_type=authorization_code&code=" + codes[i] +
                                 "&redirect_uri=" + kRedirectEncoded +
                                 "&code_verifier=" + kVerifier;
        const auto t0 = std::chrono::steady_clock::now();
        auto r = connections[static_cast<std::size_t>(c)]->Post(
            "/oidc/token", {{"Authorization", basic}}, body, "application/x-www-form-urlencoded");
        per_client[static_cast<std::size_t>(c)].push_back(
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - t0)
                                           .count()));
        if (!r || r->status != 200) {
          std::lock_guard lock(failure_mutex);
          if (failures++ == 0) first_failure = r ? r->body : "no answer";
        }
      }
    });
  for (auto& w : workers) w.join();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (failures)
    throw std::runtime_error(std::to_string(failures.load()) +
                             " exchanges refused, the first: " + first_failure);
  for (auto& v : per_client) latencies.insert(latencies.end(), v.begin(), v.end());
  return static_cast<double>(codes.size()) / elapsed.count();
}

}  // namespace

json measure_exchanges(const ExchangeTarget& target, const ExchangeLoad& load, EVP_PKEY* key,
                       const Bytes& cert, std::vector<double>& floors) {
  {
    auto store = portal::open_oidc_store(target.db, target.data_dir);
    if (!store->client(kClientId))
      store->add_client({kClientId, {kRedirect}, true, 0, {}}, kSecret);
  }
  const std::string cookie =
      log_in(target.ports.front(), target.ca, target.origin, key, cert);
  {  // Untimed first: pooled connections and prepared statements warm, the signing key made.
    std::vector<std::uint64_t> ignored;
    run_exchanges(fetch_codes(std::max(20, load.exchanges / 20), target, cookie), target,
                  load.clients, ignored);
  }
  json out = throughput_rounds(target.store + ", OIDC", "exchanges_per_s", load.rounds, key,
                               floors, [&](std::vector<std::uint64_t>& latencies) {
                                 const auto codes = fetch_codes(load.exchanges, target, cookie);
                                 return run_exchanges(codes, target, load.clients, latencies);
                               });
  out["what"] = "POST /oidc/token over HTTPS keep-alive (client_secret_basic, code, PKCE S256), " +
                std::to_string(load.clients) + " clients, " +
                std::to_string(target.ports.size()) +
                (target.ports.size() == 1 ? " instance"
                                          : " instances (codes from both, exchanges through "
                                            "both: about half cross over)") +
                ": client secret, single-use code, PKCE, account, access token, ES256 ID "
                "token, access record in " +
                target.store;
  out["instances"] = target.ports.size();
  return out;
}

}  // namespace mynasim::bench
