// The header, body and idle deadlines of mynasim::http::Server (set to 300 ms here).
#include <catch2/catch.hpp>

#include "http/http_fixture.hpp"

namespace mynasim::http::testing {

TEST_CASE("a header trickled past the header deadline is answered 408 and closed", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n");
  // One header line every 100 ms: each byte is on time, the whole header is not.
  std::string got;
  for (int i = 0; i < 30 && got.empty(); ++i) {
    client.try_send("X-Slow-" + std::to_string(i) + ": 1\r\n");
    got = client.receive(100ms);
  }
  got += client.response();
  CHECK(status_of(got) == 408);
  CHECK(header_of(got, "Connection") == "close");
  CHECK(header_of(got, "Content-Type") == "text/plain");
  CHECK(body_of(got) == "408 request timeout: the request did not arrive in time\n");
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("a body not complete within the body deadline is answered 408", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  const std::string got = client.response();
  CHECK(status_of(got) == 408);
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("a silent connection is closed at the header deadline, with a 408", "[http]") {
  TestServer server;
  RawClient client(server.port());
  const std::string got = client.response();
  CHECK(status_of(got) == 408);
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("an idle keep-alive connection is closed after the idle deadline, without an answer",
          "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string first = client.response();
  REQUIRE(status_of(first) == 200);
  CHECK(body_of(first) == "hello");
  // Kept alive: a second request on the same connection is served.
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(client.response()) == 200);
  std::string after;
  CHECK(client.closed_within(2000ms, &after));
  CHECK(after.empty());
}

TEST_CASE("the header deadline of a kept-alive request starts at its first byte", "[http]") {
  ServerOptions options = quick_options();
  options.idle_timeout = 2000ms;
  TestServer server(options);
  RawClient client(server.port());
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(status_of(client.response()) == 200);
  std::this_thread::sleep_for(500ms);  // idle for longer than the header deadline: still open
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(client.response()) == 200);
  client.send("GET /hello HTTP/1.1\r\n");  // then a header that does not end
  CHECK(status_of(client.response()) == 408);
}

}  // namespace mynasim::http::testing
