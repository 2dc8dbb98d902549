// mynaportal serve: the relying party over HTTPS (tools/common/http: deadlines, body limits
// per route, connection limits; TLS 1.3 or 1.2 ECDHE+AEAD). Routes and cookies
// as in docs/jpki-login.md §4; validation in login_validator.hpp; state in portal_database.hpp
// (SQLite and memory, or PostgreSQL). The authority's directory gives the trust anchors
// (DIR/ca/auth.pem: every user-authentication CA generation, and its link certificates), the
// CRLs for the fallback (DIR/crl), the old->new linkage (DIR/mynaca.db, read only) and the TLS
// server certificate (pki/tls_demo_ca.hpp) unless one is given.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "tools/mynaportal/challenges.hpp"

namespace mynasim::http {
class Server;
}

namespace mynasim::portal {

struct PortalConfig {
  std::string ca_dir;
  std::string data_dir;  // portal.db, secret.bin, tls/
  std::string db;        // "" : DATA/portal.db; postgresql://...: PostgreSQL (portal_database.hpp)
  std::string host = "127.0.0.1";
  int port = 8443;       // 0: any free port (see Portal::port)
  std::string origin;    // default https://host:port
  std::string ocsp_url;  // default: the certificate's AIA
  bool soft_fail = false;
  int threads = 8;                   // workers that run the handlers (I/O is event-driven)
  int ocsp_timeout_ms = 2000;        // one OCSP exchange, connect to last byte
  std::size_t max_per_address = 32;  // connections from one client address; 503 over it
  std::string tls_cert, tls_key;     // PEM files; default: issued from the CA directory
  std::function<UnixTime()> clock;   // default: the system clock
  bool verbose = false;              // log every request on stderr
  // Bounds on what unauthenticated clients make the portal keep (docs/jpki-login.md §4): at
  // most this many anonymous sessions (login pages) and live challenges, the oldest evicted past
  // it; expired ones are swept every sweep_interval.
  std::size_t max_anonymous_sessions = 10000;
  std::size_t max_challenges = 10000;
  std::chrono::milliseconds sweep_interval{30000};
  std::int64_t oidc_code_lifetime = 60;  // seconds an OpenID Connect authorization code lives
};

class Portal {
 public:
  explicit Portal(PortalConfig config);
  ~Portal();

  // Binds the listening socket; the origin is known from here on. Throws when it cannot.
  void bind();
  void listen();  // blocks until stop()
  void stop();

  int port() const { return port_; }
  const std::string& origin() const { return origin_; }
  const std::string& tls_ca_path() const { return tls_ca_path_; }  // what clients should trust

  struct State;  // the handlers' shared state (portal_state.hpp, internal)

 private:
  void route();
  PortalConfig config_;
  int port_ = 0;
  std::string origin_;
  std::string tls_ca_path_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<State> state_;
};

}  // namespace mynasim::portal
