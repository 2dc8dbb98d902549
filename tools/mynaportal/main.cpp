// mynaportal: a relying party that logs holders in with the JPKI user-authentication certificate
// (docs/jpki-login.md). Exit status: 0 stopped cleanly, 1 failure, 2 usage.

#include <signal.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <thread>

#include "tools/mynaportal/oidc/operator_commands.hpp"
#include "tools/mynaportal/portal_database.hpp"
#include "tools/mynaportal/portal_server.hpp"

namespace {

// Splits "host:port"; false when it is not one.
bool parse_listen(const std::string& text, std::string& host, int& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  try {
    std::size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    return used == text.size() - colon - 1 && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mynasim::portal;
  CLI::App app{
      "mynaportal: log in with the My Number card (jpki-login:1), see your access records"};
  app.require_subcommand(1);
  PortalConfig config;
  std::string listen = "127.0.0.1:8443";
  bool json = false;
  auto* serve = app.add_subcommand("serve", "Run the portal over HTTPS until SIGINT/SIGTERM");
  serve->add_option("--ca", config.ca_dir, "The authority's directory (mynaca --dir)")
      ->required()
      ->check(CLI::ExistingDirectory);
  serve->add_option("--listen", listen, "HOST:PORT (port 0: any free port, printed)")
      ->capture_default_str();
  serve->add_option("--data", config.data_dir,
                    "The portal's own directory: portal.db, secret.bin, tls/ (default: "
                    "./mynaportal-data)");
  serve->add_option("--origin,--public-origin", config.origin,
                    "The origin cards must sign for, the same for every instance serving it "
                    "(default: https://HOST:PORT)");
  serve->add_option("--db", config.db,
                    "postgresql://USER@HOST:PORT/DB: keep sessions, login codes, challenges, "
                    "access records and the OpenID Connect provider's clients, codes, tokens and "
                    "keys in PostgreSQL, shared by the instances serving one origin (default: "
                    "DATA/portal.db and DATA/oidc.db, SQLite, one instance)");
  serve->add_option("--ocsp-url", config.ocsp_url,
                    "Ask this OCSP responder instead of the certificate's AIA URL");
  serve->add_flag("--soft-fail", config.soft_fail,
                  "Let logins through when no revocation status can be had (never when revoked)");
  serve->add_option("--tls-cert", config.tls_cert, "Server certificate chain (PEM)");
  serve->add_option("--tls-key", config.tls_key, "Server key (PEM)");
  serve->add_option("--threads", config.threads, "Worker threads")->capture_default_str();
  serve
      ->add_option("--max-anonymous-sessions", config.max_anonymous_sessions,
                   "Login pages' sessions kept at most (the oldest evicted past it)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}))
      ->capture_default_str();
  serve
      ->add_option("--max-challenges", config.max_challenges,
                   "Live login challenges kept at most (the oldest evicted past it)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}))
      ->capture_default_str();
  serve
      ->add_option("--ocsp-timeout", config.ocsp_timeout_ms,
                   "Milliseconds one OCSP query may take, connect to last byte")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  serve
      ->add_option("--max-per-address", config.max_per_address,
                   "Connections one client address may hold (raise it behind a proxy or NAT)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve->add_flag("--verbose", config.verbose, "Log every request on stderr");
  serve->add_flag("--json", json, "Print where it listens as one JSON line");
  serve
      ->add_option("--oidc-code-lifetime", config.oidc_code_lifetime,
                   "Seconds an OpenID Connect authorization code lives")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
  std::function<int()> operator_command;
  mynasim::portal::oidc::add_operator_commands(app, operator_command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (operator_command) {
    try {
      return operator_command();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mynaportal: %s\n", e.what());
      return 1;
    }
  }
  if (!parse_listen(listen, config.host, config.port)) {
    std::fprintf(stderr, "mynaportal: --listen: \"%s\" is not HOST:PORT\n", listen.c_str());
    return 2;
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    std::fprintf(stderr, "mynaportal: --tls-cert and --tls-key go together\n");
    return 2;
  }
  if (const std::string problem = check_database_option(config.db); !problem.empty()) {
    std::fprintf(stderr, "mynaportal: %s\n", problem.c_str());
    return 2;
  }
  if (config.data_dir.empty()) config.data_dir = "mynaportal-data";
  try {
    // SIGINT/SIGTERM are taken by one thread that stops the server.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    Portal portal(config);
    portal.bind();
    if (json)
      std::printf("{\"listening\": \"%s\", \"port\": %d, \"tls_ca\": \"%s\", \"pid\": %ld}\n",
                  portal.origin().c_str(), portal.port(), portal.tls_ca_path().c_str(),
                  static_cast<long>(getpid()));
    else
      std::printf(
          "mynaportal listening on %s (clients trust %s)\n", portal.origin().c_str(),
          portal.tls_ca_path().empty() ? config.tls_cert.c_str() : portal.tls_ca_path().c_str());
    std::fflush(stdout);
    std::thread stopper([&portal, set] {
      int signal = 0;
      sigwait(&set, &signal);
      portal.stop();
    });
    portal.listen();
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynaportal: %s\n", e.what());
    return 1;
  }
  return 0;
}
