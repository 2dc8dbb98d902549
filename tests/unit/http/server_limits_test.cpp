// Sizes and counts: header bytes and fields (431), bodies (413), connections per address and in
// all (503), and a real request served while 40 clients trickle.
#include <catch2/catch.hpp>

#include <vector>

#include "http/http_fixture.hpp"

namespace mynasim::http::testing {

namespace {

std::string get_with_fields(int fields) {
  std::string request = "GET /hello HTTP/1.1\r\n";
  for (int i = 0; i < fields - 1; ++i) request += "X-F" + std::to_string(i) + ": v\r\n";
  return request + "Host: x\r\n\r\n";
}

}  // namespace

TEST_CASE("64 header fields are served; 65 are answered 431", "[http]") {
  TestServer server;
  RawClient ok(server.port());
  ok.send(get_with_fields(64));
  CHECK(status_of(ok.response()) == 200);
  RawClient over(server.port());
  over.send(get_with_fields(65));
  const std::string got = over.response();
  CHECK(status_of(got) == 431);
  CHECK(body_of(got) == "431 request header fields too large\n");
  CHECK(over.closed_within(2000ms));
}

TEST_CASE("a header block over 16 KiB is answered 431", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.try_send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') +
                  "\r\n\r\n");
  CHECK(status_of(client.response()) == 431);
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("a Content-Length over the route's limit is answered 413 before the body is sent",
          "[http]") {
  TestServer server;
  RawClient at_limit(server.port());
  at_limit.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" +
                std::string(100, 'b'));
  const std::string ok = at_limit.response();
  CHECK(status_of(ok) == 200);
  CHECK(body_of(ok) == std::string(100, 'b'));

  RawClient over(server.port());
  over.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n");  // no body
  const std::string got = over.response(1000ms);
  CHECK(status_of(got) == 413);
  CHECK(body_of(got) == "413 payload too large\n");
  CHECK(over.closed_within(2000ms));
}

TEST_CASE("a chunked body is answered 413 as soon as it passes the limit", "[http]") {
  TestServer server;
  RawClient client(server.port());
  const std::string chunk = "28\r\n" + std::string(40, 'c') + "\r\n";  // 40 bytes
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk +
              chunk);
  CHECK(client.receive(150ms).empty());  // 80 bytes: within the limit, waiting for more
  client.send(chunk);                    // 120 bytes: over it
  const std::string got = client.response(1000ms);
  CHECK(status_of(got) == 413);
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("a chunked body within the limit is served", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  const std::string got = client.response();
  CHECK(status_of(got) == 200);
  CHECK(body_of(got) == "hello world");
}

// Neither limit counts an unfinished chunk-header line or trailer section: the read buffer's
// bound (header limit + 16 KiB) does, and says which it was.
TEST_CASE("a chunk extension that never ends is answered 413 once the read buffer is full",
          "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;");
  client.try_send(std::string(40 * 1024, 'x'));  // past 16 KiB + 16 KiB, no CRLF
  const std::string got = client.response(1000ms);
  CHECK(status_of(got) == 413);
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("trailer fields without the blank line are answered 431 once the read buffer is full",
          "[http]") {
  TestServer server;
  RawClient client(server.port());
  std::string trailers;
  while (trailers.size() < 40 * 1024) trailers += "X-T: " + std::string(100, 't') + "\r\n";
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n");
  client.try_send(trailers);
  const std::string got = client.response(1000ms);
  CHECK(status_of(got) == 431);
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("GET routes take no body by default", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n");
  CHECK(status_of(client.response()) == 413);
}

TEST_CASE("the connection over the per-address limit gets 503 with Retry-After: 1", "[http]") {
  ServerOptions options = quick_options();
  options.header_timeout = 5000ms;
  options.max_connections_per_address = 3;
  TestServer server(options);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 3; ++i)
    held.push_back(std::make_unique<RawClient>(server.port(), "127.0.0.5"));
  RawClient fourth(server.port(), "127.0.0.5");
  const std::string got = fourth.response(1000ms);
  CHECK(status_of(got) == 503);
  CHECK(header_of(got, "Retry-After") == "1");
  CHECK(body_of(got) == "503 service unavailable: too many connections, retry later\n");
  CHECK(fourth.closed_within(2000ms));
  // Another address is not affected, and a place comes back when a connection ends.
  RawClient other(server.port(), "127.0.0.6");
  other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(other.response()) == 200);
  held.pop_back();
  std::this_thread::sleep_for(100ms);
  RawClient again(server.port(), "127.0.0.5");
  again.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(again.response()) == 200);
}

TEST_CASE("the connection over the global limit gets 503", "[http]") {
  ServerOptions options = quick_options();
  options.header_timeout = 5000ms;
  options.max_connections = 4;
  TestServer server(options);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 4; ++i)
    held.push_back(std::make_unique<RawClient>(server.port(), "127.0.0." + std::to_string(10 + i)));
  RawClient fifth(server.port(), "127.0.0.20");
  const std::string got = fifth.response(1000ms);
  CHECK(status_of(got) == 503);
  CHECK(header_of(got, "Retry-After") == "1");
}

TEST_CASE("a request is served while 40 clients trickle their headers", "[http]") {
  ServerOptions options = quick_options();
  options.header_timeout = 10000ms;  // the tricklers stay for the whole test
  options.workers = 2;
  TestServer server(options);
  std::vector<std::unique_ptr<RawClient>> tricklers;
  for (int i = 0; i < 40; ++i) {
    tricklers.push_back(
        std::make_unique<RawClient>(server.port(), "127.0.1." + std::to_string(2 + i)));
    tricklers.back()->send("GET /hello HTTP/1.1\r\nHost: x\r\n");
  }
  for (auto& t : tricklers) t->send("X-More: 1\r\n");
  RawClient real(server.port(), "127.0.2.1");
  real.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string got = real.response(2000ms);
  CHECK(status_of(got) == 200);
  CHECK(body_of(got) == "hello");
  for (auto& t : tricklers) CHECK(t->receive(0ms).empty());  // still waiting, unanswered
}

}  // namespace mynasim::http::testing
