// A real mynasim::http::Server on 127.0.0.1 (any free port) in its own thread, and a raw TCP
// client that can pick its source address (Linux routes all of 127/8 to loopback, so 127.0.0.2,
// 127.0.0.3 ... are distinct clients) and trickle bytes as a hostile client does.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "tools/common/http/server.hpp"

namespace mynasim::http::testing {

using namespace std::chrono_literals;

// Options with deadlines short enough for tests (~300 ms).
ServerOptions quick_options();

// Routes: GET /hello -> "hello", POST /echo (body limit 100) -> the body, GET /boom throws,
// GET /slow sleeps 200 ms, prefix GET /files/ -> the rest of the path.
class TestServer {
 public:
  explicit TestServer(ServerOptions options = quick_options());
  ~TestServer();
  int port() const { return port_; }

 private:
  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread thread_;
};

class RawClient {
 public:
  // Connects from `source` (an address of 127/8) to 127.0.0.1:port; throws when it cannot.
  RawClient(int port, const std::string& source = "127.0.0.1");
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send(const std::string& bytes);  // throws if the peer is gone
  bool try_send(const std::string& bytes);
  // What arrives within `wait` (returns early once the peer closes).
  std::string receive(std::chrono::milliseconds wait);
  // One whole response (header + Content-Length body), or what arrived before `wait` ran out.
  std::string response(std::chrono::milliseconds wait = 3000ms);
  // True when the peer has closed (EOF or reset) within `wait`; bytes received meanwhile go
  // to `got`.
  bool closed_within(std::chrono::milliseconds wait, std::string* got = nullptr);
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

// "HTTP/1.1 408 Request Timeout\r\n..." -> 408; 0 if it is not a status line.
int status_of(const std::string& response);
// The value of a header in a raw response, "" if absent.
std::string header_of(const std::string& response, const std::string& name);
std::string body_of(const std::string& response);

// A self-signed P-256 certificate and its key for CN=127.0.0.1, as PEM files in a fresh
// temporary directory; removed with the object.
class TlsFiles {
 public:
  TlsFiles();
  ~TlsFiles();
  std::string cert, key;

 private:
  std::string dir_;
};

}  // namespace mynasim::http::testing
