// bench_portal: mynaportal's costs (bench/README.md), printed as JSON on stdout:
//   - validated logins per second over HTTPS on loopback, several clients with keep-alive
//     connections, OCSP answers cached until nextUpdate, against the RSA-2048 verify rate
//     measured in the same run (with the chain and OCSP answer cached, a login's one RSA
//     verification is the token's), with each store: SQLite (the default), PostgreSQL behind one
//     instance, PostgreSQL behind two instances serving one origin (a private cluster the bench
//     starts, tests/integration/portal/pg_cluster.sh); and the validator alone on one thread;
//   - OpenID Connect code->token exchanges per second with the same three stores, against the
//     same instances and the same floor (bench/portal_oidc_exchange.hpp);
//   - one complete login through the simulated card in a private pcscd: challenge, certificate
//     read, PIN status, VERIFY, the card's signature, the login, my page.
// The portal is the real one (mynaportal_core), its authority a pki::Authority in a temporary
// directory, its OCSP responder pki::OcspResponder over HTTP in this process. Never run by ctest.

#include <httplib.h>
#include <openssl/evp.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <functional>
#include <thread>

#include "bench/bench_main.hpp"
#include "bench/portal_login.hpp"
#include "bench/portal_oidc_exchange.hpp"
#include "bench/private_postgres.hpp"
#include "bench/report.hpp"
#include "bench/rsa_verify_floor.hpp"
#include "bench/throughput_rounds.hpp"
#include "bench/timing.hpp"
#include "hostcrypto/der_pem.hpp"
#include "pki/japanese_date.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/unix_time.hpp"
#include "reader/client/channel.hpp"
#include "reader/client/jpki_client.hpp"
#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/stack/private_stack.hpp"
#include "reader/stack/stack_dir.hpp"
#include "tools/mynaca/card_issuer.hpp"
#include "tools/mynaportal/challenge_store.hpp"
#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/login_validator.hpp"
#include "tools/mynaportal/portal_server.hpp"
#include "tools/mynaportal/software_key.hpp"

#ifndef MYNACA_PATH
#define MYNACA_PATH "mynaca"
#endif
namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

constexpr double kTargetLoginsPerSecond = 2000;
constexpr std::uint64_t kTargetLoginNs = 20'000'000;
constexpr const char* kPin = "1234";

struct Options {
  bool quick = false;
  int clients = 4;
  int rounds = 3;
  int logins = 3000;  // per throughput round
  int samples = 200;  // end-to-end logins through the card
};

// Stops a server and joins its thread however the scope ends (an exception included).
class Serving {
 public:
  Serving(std::function<void()> listen, std::function<void()> stop)
      : stop_(std::move(stop)), thread_(std::move(listen)) {}
  ~Serving() {
    stop_();
    thread_.join();
  }

 private:
  std::function<void()> stop_;
  std::thread thread_;
};

struct Prepared {
  std::string cookie;
  std::string body;
};

// Challenges fetched and tokens signed beforehand (untimed): the timed part is the portal's.
// Worker t asks instance t mod n.
std::vector<Prepared> prepare(int n, const std::vector<int>& ports, const std::string& ca,
                              const std::string& origin, EVP_PKEY* key, const Bytes& cert,
                              int threads) {
  std::vector<Prepared> out(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      auto client = portal_client(ports[static_cast<std::size_t>(t) % ports.size()], ca);
      for (int i = t; i < n; i += threads) {
        auto r = client->Get("/api/challenge");
        if (!r || r->status != 200) throw std::runtime_error("challenge refused");
        const std::string nonce = json::parse(r->body)["nonce"];
        const Bytes signature = portal::sign_rs256(key, portal::signed_message(origin, nonce));
        out[static_cast<std::size_t>(i)] = {cookie_of(r),
                                            login_body(cert, signature, nonce, origin).dump()};
      }
    });
  for (auto& w : workers) w.join();
  return out;
}

// All prepared logins by `clients` threads; returns logins per second, fills latencies. Client c
// posts to instance (c + 1) mod n: with two instances, about half the logins use a challenge the
// other instance issued.
double run_logins(const std::vector<Prepared>& logins, int clients, const std::vector<int>& ports,
                  const std::string& ca, const std::string& origin,
                  std::vector<std::uint64_t>& latencies) {
  std::atomic<std::size_t> next{0};
  std::atomic<int> failures{0};
  std::vector<std::vector<std::uint64_t>> per_client(static_cast<std::size_t>(clients));
  std::vector<std::unique_ptr<httplib::SSLClient>> connections;
  for (int c = 0; c < clients; ++c) {
    connections.push_back(portal_client(ports[static_cast<std::size_t>(c + 1) % ports.size()], ca));
    connections.back()->Get("/login/status");  // the TLS handshake before the clock starts
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int c = 0; c < clients; ++c)
    workers.emplace_back([&, c] {
      for (std::size_t i; (i = next++) < logins.size();) {
        httplib::Headers headers{{"Cookie", logins[i].cookie}, {"Origin", origin}};
        const auto t0 = std::chrono::steady_clock::now();
        auto r = connections[static_cast<std::size_t>(c)]->Post("/api/login", headers,
                                                                logins[i].body, "application/json");
        per_client[static_cast<std::size_t>(c)].push_back(
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - t0)
                                           .count()));
        if (!r || r->status != 200) ++failures;
      }
    });
  for (auto& w : workers) w.join();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (failures) throw std::runtime_error(std::to_string(failures.load()) + " logins refused");
  for (auto& v : per_client) latencies.insert(latencies.end(), v.begin(), v.end());
  return static_cast<double>(logins.size()) / elapsed.count();
}

// The validator alone, on one thread, no HTTP and no SQLite: what steps 2-7 cost.
json bench_validator(pki::Authority& authority, pki::OcspResponder& responder, EVP_PKEY* key,
                     const Bytes& cert, const std::string& origin, int n) {
  portal::ValidatorConfig config;
  config.origin = origin;
  for (const auto* g : authority.generations(pki::Hierarchy::kAuth))
    config.anchors.roots.push_back(hostcrypto::der_of(g->certificate.get()));
  config.revocation.ocsp = [&](const std::string&, ByteView request) -> std::optional<Bytes> {
    return responder.respond(request, std::time(nullptr));
  };
  portal::ChallengeStore challenges(
      portal::kChallengeSeconds,
      std::max<std::size_t>(portal::ChallengeStore::kDefaultCapacity, static_cast<std::size_t>(n)));
  portal::LoginValidator validator(config, challenges);
  const pki::UnixTime now = std::time(nullptr);
  std::vector<portal::LoginRequest> requests;
  for (int i = 0; i < n; ++i) {
    const std::string nonce = challenges.issue("bench", now);
    const Bytes signature = portal::sign_rs256(key, portal::signed_message(origin, nonce));
    auto parsed = portal::parse_login_request(login_body(cert, signature, nonce, origin).dump());
    requests.push_back(std::get<portal::LoginRequest>(parsed));
    challenges.take("bench", nonce, now);  // only the last nonce of a session is live:
    challenges.insert("bench-" + std::to_string(i), nonce, now);  // one session each
  }
  std::vector<std::uint64_t> samples;
  for (int i = 0; i < n; ++i)
    samples.push_back(time_ns([&] {
      const auto outcome = validator.validate(requests[static_cast<std::size_t>(i)],
                                              "bench-" + std::to_string(i), now);
      if (!std::holds_alternative<portal::ValidatedLogin>(outcome))
        throw std::runtime_error("in-process validation refused: " +
                                 std::get<portal::Rejection>(outcome).detail);
    }));
  const Summary summary = summarize(std::move(samples));
  json entry = to_json(summary);
  entry["what"] = "LoginValidator::validate on one thread (steps 2-7, OCSP cached), no HTTP/SQLite";
  entry["validations_per_s"] =
      summary.median_ns ? std::round(1e9 / static_cast<double>(summary.median_ns)) : 0;
  return entry;
}

// One store's validated logins per second: `rounds` rounds against the instances on `ports`
// (serving `origin`), each followed by the RSA-2048 verify rate (appended to `floors`).
json measure_logins(const std::string& store, const std::vector<int>& ports,
                    const std::string& origin, const std::string& ca, const Options& options,
                    EVP_PKEY* key, const Bytes& cert, const std::atomic<int>& ocsp_requests,
                    std::vector<double>& floors) {
  // Untimed first: the instances' OCSP caches, pooled connections and prepared statements warm.
  {
    std::vector<std::uint64_t> ignored;
    run_logins(prepare(std::max(20, options.logins / 20), ports, ca, origin, key, cert, 2),
               options.clients, ports, ca, origin, ignored);
  }
  const int ocsp_before = ocsp_requests.load();
  json out = throughput_rounds(store, "logins_per_s", options.rounds, key, floors,
                               [&](std::vector<std::uint64_t>& latencies) {
                                 const auto logins =
                                     prepare(options.logins, ports, ca, origin, key, cert, 2);
                                 return run_logins(logins, options.clients, ports, ca, origin,
                                                   latencies);
                               });
  out["what"] = "POST /api/login over HTTPS keep-alive, " + std::to_string(options.clients) +
                " clients, " + std::to_string(ports.size()) +
                (ports.size() == 1 ? " instance"
                                   : " instances (challenges from both, logins "
                                     "through both: about half cross over)") +
                ": schema, nonce, algorithm, certificate, chain, OCSP (cached), signature, "
                "account + access log + session rotation in " +
                store;
  out["instances"] = ports.size();
  out["ocsp_requests"] = ocsp_requests.load() - ocsp_before;
  return out;
}

int run(Options options) {
  if (options.quick) {
    options.logins /= 10;
    options.samples /= 10;
    options.rounds = 1;
  }
  json report = start_report("bench_portal", options.quick);
  report["clients"] = options.clients;
  reader::stack::StackDir work;  // forks its janitor: before any thread

  // The authority's OCSP responder over HTTP in this process, on a port known before init.
  httplib::Server ocsp_server;
  const int ocsp_port = ocsp_server.bind_to_any_port("127.0.0.1");
  pki::InitOptions init;
  init.endpoints.base_url = "http://127.0.0.1:" + std::to_string(ocsp_port);
  progress("authority, card and portal in " + work.path());
  // `mynaca init` (the program): it makes everything an issue needs (CAs, responders, the
  // card-info issuer's keys), as a holder's card would be issued in real life.
  const std::string init_command = std::string(MYNACA_PATH) + " --dir '" + work.file("ca") +
                                   "' init --base-url " + init.endpoints.base_url + " > /dev/null";
  if (std::system(init_command.c_str()) != 0)
    throw std::runtime_error("`" + init_command + "` failed");
  // After init: a card issued before its CA generation's notBefore would be refused.
  const pki::UnixTime now = std::time(nullptr);
  pki::Authority authority = pki::Authority::open(work.file("ca"));
  pki::OcspResponder responder(authority, {3600});
  std::atomic<int> ocsp_requests{0};
  ocsp_server.Post("/ocsp", [&](const httplib::Request& req, httplib::Response& res) {
    ++ocsp_requests;
    const Bytes answer =
        responder.respond(Bytes(req.body.begin(), req.body.end()), std::time(nullptr));
    res.set_content(std::string(answer.begin(), answer.end()), "application/ocsp-response");
  });
  Serving ocsp_serving([&] { ocsp_server.listen_after_bind(); }, [&] { ocsp_server.stop(); });

  const pki::Holder holder = pki::validate_holder(
      {"性能\u3000測定", "東京都千代田区霞が関２丁目１番２号", "1980-02-17", "1", "", ""},
      pki::jst_date_of(now));
  const std::string image = work.file("card.img");
  mynaca::issue_card(authority, holder, image, mynasim::Secret(kPin), mynasim::Secret("BENCHPASS1"),
                     now);
  // The throughput clients sign with a software key certified like a card's: the card's own
  // signing is timed in login_through_card.
  hostcrypto::EvpPkeyPtr key = hostcrypto::generate_rsa_key(2048);
  const auto registration = authority.register_card(holder, work.file("software.img"), now);
  const auto software = authority.certify_card(registration.card_id, portal::spki_der(key.get()),
                                               portal::spki_der(key.get()), now);

  portal::PortalConfig config;
  config.ca_dir = work.file("ca");
  config.data_dir = work.file("portal");
  config.port = 0;
  config.threads = options.clients + 2;
  // Every prepared challenge stays live until its login.
  config.max_challenges =
      std::max<std::size_t>(config.max_challenges, static_cast<std::size_t>(options.logins));
  // Every prepared authorization code stays valid until its exchange, however slow the machine.
  config.oidc_code_lifetime = 600;
  portal::Portal portal(config);
  portal.bind();
  Serving portal_serving([&] { portal.listen(); }, [&] { portal.stop(); });
  const std::string origin = portal.origin();
  const std::string ca = portal.tls_ca_path();

  std::vector<double> floors;  // every round's, of every store
  json throughput = measure_logins("SQLite", {portal.port()}, origin, ca, options, key.get(),
                                   software.auth.der, ocsp_requests, floors);
  throughput["target_logins_per_s"] = kTargetLoginsPerSecond;
  throughput["meets_target"] = throughput["logins_per_s"].get<double>() >= kTargetLoginsPerSecond;
  const ExchangeLoad load{options.clients, options.rounds, options.logins};
  json exchanges = measure_exchanges({"SQLite", {portal.port()}, origin, ca, "", config.data_dir},
                                     load, key.get(), software.auth.der, floors);

  // The same with PostgreSQL (a private cluster): one instance, then two serving one origin
  // (their own data directory: one pseudonym secret for both, as an operator would share it).
  json on_postgres, on_postgres_twice, exchanges_postgres, exchanges_postgres_twice;
  {
    bench::PrivatePostgres postgres(PG_CLUSTER_SCRIPT);
    portal::PortalConfig shared = config;
    shared.db = postgres.url();
    shared.data_dir = work.file("portal-pg");
    {
      portal::Portal one(shared);
      one.bind();
      Serving serving([&] { one.listen(); }, [&] { one.stop(); });
      on_postgres = measure_logins("PostgreSQL, one instance", {one.port()}, one.origin(), ca,
                                   options, key.get(), software.auth.der, ocsp_requests, floors);
      exchanges_postgres = measure_exchanges(
          {"PostgreSQL, one instance", {one.port()}, one.origin(), ca, shared.db, shared.data_dir},
          load, key.get(), software.auth.der, floors);
    }
    shared.origin = "https://portal.bench.test";  // the public origin both serve
    portal::Portal a(shared), b(shared);
    a.bind();
    b.bind();
    Serving serving_a([&] { a.listen(); }, [&] { a.stop(); });
    Serving serving_b([&] { b.listen(); }, [&] { b.stop(); });
    on_postgres_twice =
        measure_logins("PostgreSQL, two instances", {a.port(), b.port()}, shared.origin, ca,
                       options, key.get(), software.auth.der, ocsp_requests, floors);
    exchanges_postgres_twice = measure_exchanges({"PostgreSQL, two instances",
                                                  {a.port(), b.port()},
                                                  shared.origin,
                                                  ca,
                                                  shared.db,
                                                  shared.data_dir},
                                                 load, key.get(), software.auth.der, floors);
  }
  const double floor = median_of(floors);

  progress("the validator alone");
  json validator_alone = bench_validator(authority, responder, key.get(), software.auth.der, origin,
                                         std::max(50, options.logins / 10));
  validator_alone["floor"] = "rsa2048_verify_per_s, the median of every round of this run";
  validator_alone["rsa2048_verify_per_s"] = std::round(floor);
  validator_alone["ratio_to_rsa2048_verify"] =
      std::round(validator_alone["validations_per_s"].get<double>() / floor * 1000) / 1000;

  progress("logins through the simulated card in a private pcscd");
  std::string error;
  auto card = emulator::SimulatedCard::load(image, error);
  if (!card) throw std::runtime_error(error);
  reader::stack::StackConfig stack_config;
  stack_config.driver = emulator::find_driver();
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  cards.push_back(std::move(card));
  reader::stack::PrivateStack stack(stack_config, std::move(cards));
  stack.insert(0);
  json end_to_end;
  {
    pcsc::Context context;
    auto connection = context.connect(stack.reader_name(0));
    client::PcscChannel channel(*connection);
    client::JpkiClient jpki(channel);
    auto http = portal_client(portal.port(), ca);
    const Summary summary = measure(3, static_cast<std::size_t>(options.samples),
                                    [&] { card_login(jpki, *http, origin, kPin); });
    end_to_end = to_json(summary);
    end_to_end["what"] =
        "GET /api/challenge, SELECT + READ BINARY (auth certificate), PIN status, VERIFY, "
        "COMPUTE DIGITAL SIGNATURE through pcscd, POST /api/login, GET /api/mypage";
    end_to_end["target_median_ns"] = kTargetLoginNs;
    end_to_end["meets_target"] = summary.median_ns < kTargetLoginNs;
  }
  stack.stop();

  report["operations"] = {{"validated_logins", throughput},
                          {"validated_logins_postgresql", on_postgres},
                          {"validated_logins_postgresql_two_instances", on_postgres_twice},
                          {"oidc_exchanges", exchanges},
                          {"oidc_exchanges_postgresql", exchanges_postgres},
                          {"oidc_exchanges_postgresql_two_instances", exchanges_postgres_twice},
                          {"validator_alone", validator_alone},
                          {"login_through_card", end_to_end}};
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"mynaportal: validated logins per second and one login through the card (JSON)"};
  app.add_flag("--quick", options.quick, "a tenth of the logins, one round: a smoke run");
  app.add_option("--clients", options.clients, "concurrent HTTPS clients")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--rounds", options.rounds, "throughput rounds (each with its own floor)")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  app.add_option("--logins", options.logins, "logins per throughput round")
      ->check(CLI::Range(10, 1000000))
      ->capture_default_str();
  app.add_option("--samples", options.samples, "logins through the card")
      ->check(CLI::Range(10, 100000))
      ->capture_default_str();
  return mynasim::bench::bench_main(app, "bench_portal", argc, argv, [&] { return run(options); });
}
