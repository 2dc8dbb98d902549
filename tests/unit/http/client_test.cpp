// http::post: one total deadline, a response cap, nullopt on every failure.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "http/http_fixture.hpp"
#include "tools/common/http/client.hpp"

namespace mynasim::http::testing {

namespace {

// A listening socket that never accepts: the kernel completes the handshake (backlog) and the
// request is sent, but nothing ever answers.
struct DeafServer {
  int fd = -1, port = 0;
  DeafServer() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd, 8);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~DeafServer() { ::close(fd); }
};

}  // namespace

TEST_CASE("post returns the answer of a real server", "[http][client]") {
  TestServer server;
  const auto url = "http://127.0.0.1:" + std::to_string(server.port()) + "/echo";
  const auto answer = post(url, "ping", "application/ocsp-request", 2000ms, 1000);
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(answer->content_type == "text/plain");
  CHECK(answer->body == "ping");
  // Statuses other than 200 are answers too; the caller decides.
  const auto missing =
      post("http://127.0.0.1:" + std::to_string(server.port()) + "/nope", "", "x", 2000ms, 1000);
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("post gives up at its total deadline on a server that never answers", "[http][client]") {
  DeafServer deaf;
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  const auto answer = post("http://127.0.0.1:" + std::to_string(deaf.port) + "/ocsp", "x", "y",
                           300ms, 1000, &error);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK_FALSE(answer);
  CHECK(error ==
        "http://127.0.0.1:" + std::to_string(deaf.port) + "/ocsp: no answer within 300 ms");
  CHECK(took >= 300ms);
  CHECK(took < 2000ms);
}

TEST_CASE("post refuses an answer over its size cap", "[http][client]") {
  TestServer server;
  std::string error;
  const auto answer = post("http://127.0.0.1:" + std::to_string(server.port()) + "/echo",
                           std::string(50, 'x'), "text/plain", 2000ms, 49, &error);
  CHECK_FALSE(answer);
  CHECK(error.find("body limit") != std::string::npos);
}

TEST_CASE("post refuses what is not an http:// URL", "[http][client]") {
  std::string error;
  CHECK_FALSE(post("https://127.0.0.1/ocsp", "", "x", 100ms, 10, &error));
  CHECK(error == "https://127.0.0.1/ocsp: not an http:// URL");
}

}  // namespace mynasim::http::testing
