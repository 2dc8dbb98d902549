// An HTTP/1.1 server that holds its ground against hostile clients (issue 12 point 2; the
// limits are ServerOptions below; docs/http-server.md says why they are what they are).
// Event-driven I/O (Boost.Asio/Beast, hidden in server.cpp) on one or two threads; handlers run on
// a worker pool, so an idle or trickling connection costs memory, never a worker. Every connection
// has deadlines for its header and body, every route a body limit enforced while reading, every
// client address a connection limit. TLS when a certificate is given (tls_policy.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "tools/common/http/message.hpp"
#include "tools/common/http/router.hpp"

namespace mynasim::http {

struct ServerOptions {
  // From accept (TLS handshake included) or from the first byte of a kept-alive connection's
  // next request, to the end of the header block: 408 and closed after it.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{10'000};   // from the end of the header: 408, closed
  std::chrono::milliseconds idle_timeout{30'000};   // no byte of a next request: closed, no answer
  std::chrono::milliseconds write_timeout{10'000};  // a client that does not read: closed
  std::size_t max_header_bytes = 16 * 1024;         // request line and fields: 431 over it
  std::size_t max_header_fields = 64;               // 431 over it
  std::size_t max_connections_per_address = 32;     // the next one: 503 + Retry-After: 1
  std::size_t max_connections = 1024;               // likewise
  int workers = 8;                                  // threads that run handlers
  int io_threads = 2;                               // threads that run the sockets
  Headers default_headers;  // on every response, error answers included, unless the handler set it
  std::string tls_cert, tls_key;  // PEM files: HTTPS when set
  // Called after each answer (from an I/O thread): method, path, status. For --verbose.
  std::function<void(const std::string&, const std::string&, int)> logger;
};

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Routes, registered before listen(). GET routes take no body unless told.
  void get(const std::string& path, Handler handler, RouteOptions options = {0});
  void post(const std::string& path, Handler handler, RouteOptions options = {});
  void route(const std::string& method, const std::string& path, Handler handler,
             RouteOptions options);
  // Every path that starts with `prefix` (and is longer), e.g. "/ocsp/".
  void route_prefix(const std::string& method, const std::string& prefix, Handler handler,
                    RouteOptions options);

  // Binds and listens; port 0 takes any free port. Returns the port; throws when it cannot.
  int bind(const std::string& host, int port);
  void run();   // serves until stop(); call after bind()
  void stop();  // from any thread, a signal-waiting one included; run() returns soon after

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mynasim::http
